// Brings D1 up to date with one record's log: the audit copy of events past the audited watermark,
// and the projection row if it is behind. Each step is idempotent, so a flush that dies halfway is
// simply run again. (The queue messages the record's events cause are the base's to send.)
import { auditInsert, piiOf, projectionUpsert, type SealedEventRow } from "../../db/projection";
import type { RecordState } from "../../domain/record-state";
import type { PiiCipher } from "../../platform/pii-cipher";
import type { AggregateStore } from "../../engine/aggregate/store";

const AUDIT_BATCH = 100;

export async function projectRecord(env: Env, store: AggregateStore, state: RecordState, cipher: PiiCipher, force: boolean): Promise<void> {
  const snap = store.snapshot();
  if (!snap) return;
  let audited = snap.auditedSequence;
  let projected = snap.projectedSequence;

  while (audited < snap.sequence || projected < snap.sequence) {
    const rows = store.eventsAfter(audited, AUDIT_BATCH);
    const statements: D1PreparedStatement[] = rows.map((r) =>
      auditInsert(env.DB, {
        event_id: r.eventId,
        aggregate_id: state.id,
        aggregate_type: "FolioRecord",
        sequence: r.sequence,
        event_type: r.eventType,
        timestamp: r.timestamp,
        correlation_id: r.correlationId,
        causation_id: r.causationId,
        data_sealed: r.dataSealed,
        key_id: r.keyId,
        metadata: r.metadata,
      } satisfies SealedEventRow),
    );
    const lastBatch = rows.length < AUDIT_BATCH;
    if (lastBatch && projected < snap.sequence) {
      statements.push(projectionUpsert(env.DB, state, await cipher.sealJson(piiOf(state)), force));
    }
    if (statements.length) await env.DB.batch(statements);
    audited = rows.at(-1)?.sequence ?? audited;
    if (lastBatch) {
      audited = snap.sequence;
      projected = snap.sequence;
    }
    store.markProjected(audited, projected);
  }
}
