// FolioRecord as a subject sink (src/engine/subjects.ts): where a call's events for a folio record go.
// Under optimistic concurrency it needs only where the record's log stands (its sequence, read without
// opening the sealed state); a log that moved in between is a conflict tried again at the new sequence.
// The record's append is idempotent per event id, so a batch delivered twice is stored once.
import type { NewEvent } from "../../domain/events";
import type { Delivery, SubjectSink } from "../../engine/subjects";
import { recordStub } from "./client";

export { RECORD_SUBJECT } from "../../products/folio/subjects";

const CONFLICT_ATTEMPTS = 4;

export function folioRecordSink(env: Env): SubjectSink {
  return {
    async deliver(recordId, events, { actor }): Promise<Delivery> {
      const record = recordStub(env, recordId);
      for (let attempt = 0; attempt < CONFLICT_ATTEMPTS; attempt++) {
        // The call's events are facts whatever the record's state: only where its log stands matters.
        const sequence = await record.sequence();
        if (sequence === null) return { status: "refused", reason: "no such record" };
        const r = await record.append(events as NewEvent[], sequence, { actor });
        if (r.ok) return { status: "stored" };
        // Invalid events never become valid: parked with the reason rather than retried forever.
        if (r.code !== "conflict") return { status: "refused", reason: `${r.code}: ${r.message}` };
      }
      return { status: "retry", reason: "sequence conflicts" };
    },
  };
}
