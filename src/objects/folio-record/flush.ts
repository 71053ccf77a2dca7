// Brings D1 and the queues up to date with one record's log: the audit copy of events past the
// audited watermark, the projection row if it is behind, and the outbox of queue messages. Each
// step is idempotent, so a flush that dies halfway is simply run again.
import { auditInsert, piiOf, projectionUpsert, type SealedEventRow } from "../../db/projection";
import type { QueueEffect } from "../../domain/record-reactions";
import type { RecordState } from "../../domain/record-state";
import type { PiiCipher } from "../../platform/pii-cipher";
import { queueFor } from "../../platform/queues";
import type { RecordStore } from "./store";

const AUDIT_BATCH = 100;

export async function flushRecord(env: Env, store: RecordStore, state: RecordState, cipher: PiiCipher, force: boolean): Promise<void> {
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

  for (let batch = store.outbox(); batch.length; batch = store.outbox()) {
    const byQueue = new Map<QueueEffect["queue"], { body: unknown }[]>();
    for (const row of batch) {
      const q = row.queue as QueueEffect["queue"];
      byQueue.set(q, [...(byQueue.get(q) ?? []), { body: JSON.parse(row.body) }]);
    }
    for (const [q, messages] of byQueue) await queueFor(env, q).sendBatch(messages);
    store.removeOutbox(batch.map((r) => r.id));
  }
}
