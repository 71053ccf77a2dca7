// The seeded PRNG for tests, shared by the workerd tests and the Node-side global setup so a failing run
// reproduces; the same one the simulation uses (src/domain/prng.ts).
export { seededRandom as prng } from "../../src/domain/prng";
