// The worker the refill product's test runs: Folio's own worker, plus one more product registered the
// way any product is (its playbook, its subject sink) and its Durable Objects exported.
import { registerProduct } from "../../../src/objects/call-session/playbooks";
import { subjectSinks } from "../../../src/objects/subject-sinks";
import { PRESCRIPTION, refillPlaybook } from "./playbook";
import { refillDeskSink } from "./sink";

registerProduct("refill", [refillPlaybook]);
subjectSinks.register(PRESCRIPTION, refillDeskSink);

export * from "../../../src/worker";
export { default } from "../../../src/worker";
export { RefillDesk } from "./refill-desk";
export { RefillReminders } from "./reminder-line";
