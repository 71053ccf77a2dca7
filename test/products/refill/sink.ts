// Where a call's events for a prescription go: its RefillDesk, through the engine's sink for any
// aggregate on its base.
import { aggregateSink, type AppendableAggregate } from "../../../src/engine/aggregate/subject-sink";
import type { SubjectSink } from "../../../src/engine/subjects";
import { deskStub } from "./refill-desk";

export function refillDeskSink(env: Env): SubjectSink {
  return aggregateSink((id) => deskStub(env, id) as unknown as AppendableAggregate, "prescription");
}
