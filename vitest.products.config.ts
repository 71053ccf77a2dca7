import { defineConfig, type ViteUserConfig } from "vitest/config";
import base from "./vitest.config";
import { workersPlugin } from "./vitest.workers";

// The test product (test/products/refill): a product defined only in the test tree, on engine APIs.
// Its worker is Folio's plus the product's registrations and Durable Object, so it runs in a workerd
// project of its own; `npm test` runs it after the main suite. Same setup and fakes as the main suite.
export default defineConfig(async (env) => {
  const resolved = (typeof base === "function" ? await base(env) : await base) as ViteUserConfig;
  return {
    ...resolved,
    plugins: [
      await workersPlugin({
        logLevel: "warn",
        main: "./test/products/refill/worker.ts",
        durableObjects: { REFILL_DESK: { className: "RefillDesk", useSQLite: true }, REFILL_REMINDERS: { className: "RefillReminders", useSQLite: true } },
      }),
    ],
    test: { ...resolved.test, include: ["test/products/refill/**/*.test.ts"], exclude: ["**/node_modules/**"] },
  };
});
