// FolioRecord as a subject sink (src/engine/subjects.ts): where a call's events for a folio record go,
// through the engine's sink for any aggregate on its base.
import { aggregateSink, type AppendableAggregate } from "../../engine/aggregate/subject-sink";
import type { SubjectSink } from "../../engine/subjects";
import { recordStub } from "./client";

export { RECORD_SUBJECT } from "../../products/folio/subjects";

export function folioRecordSink(env: Env): SubjectSink {
  return aggregateSink((id) => recordStub(env, id) as unknown as AppendableAggregate, "record");
}
