// How a record DO brings D1 up to date: an audit copy of its events and its row in `records`.
// Both writes are idempotent and sequence-guarded, so a retried or duplicated flush is harmless and
// a projection never goes backwards.
import type { RecordState } from "../domain/record-state";

export interface SealedEventRow {
  event_id: string;
  aggregate_id: string;
  aggregate_type: string;
  sequence: number;
  event_type: string;
  timestamp: string;
  correlation_id: string | null;
  causation_id: string | null;
  data_sealed: string;
  key_id: string;
  metadata: string;
}

/** The record's PII, kept sealed in D1 and opened only for authorized API callers. */
export function piiOf(state: RecordState) {
  return {
    guest_name: state.input.guest_name,
    confirmation_number: state.input.confirmation_number,
    folio_email: state.input.folio_email ?? null,
    hotel_email: state.input.hotel.email ?? null,
  };
}
export type RecordPii = ReturnType<typeof piiOf>;

export function auditInsert(db: D1Database, e: SealedEventRow): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO events (event_id, aggregate_id, aggregate_type, sequence, event_type, timestamp, correlation_id, causation_id, data_sealed, key_id, metadata)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) ON CONFLICT(event_id) DO NOTHING`,
    )
    .bind(e.event_id, e.aggregate_id, e.aggregate_type, e.sequence, e.event_type, e.timestamp, e.correlation_id, e.causation_id, e.data_sealed, e.key_id, e.metadata);
}

/**
 * Upserts the record row. `force` (a rebuild) rewrites a row at the same sequence too; the guard
 * still refuses an older state, so a slow flush can never undo a newer one.
 */
export function projectionUpsert(db: D1Database, state: RecordState, piiSealed: string, force = false): D1PreparedStatement {
  const guard = force ? ">=" : ">";
  return db
    .prepare(
      `INSERT INTO records (id, external_id, status, hotel_phone, hotel_name, check_in, check_out, attempts, reply_to, reply_token, pii_sealed, callback_at, escalation_reason, sequence, created_at, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
       ON CONFLICT(id) DO UPDATE SET status = excluded.status, hotel_phone = excluded.hotel_phone, hotel_name = excluded.hotel_name,
         check_in = excluded.check_in, check_out = excluded.check_out, attempts = excluded.attempts, reply_to = excluded.reply_to,
         reply_token = excluded.reply_token, pii_sealed = excluded.pii_sealed, callback_at = excluded.callback_at,
         escalation_reason = excluded.escalation_reason, sequence = excluded.sequence, updated_at = excluded.updated_at,
         external_id = excluded.external_id, created_at = excluded.created_at
       WHERE excluded.sequence ${guard} records.sequence`,
    )
    .bind(
      state.id,
      state.input.external_id ?? null,
      state.status,
      state.input.hotel.phone,
      state.input.hotel.name,
      state.input.check_in,
      state.input.check_out,
      state.attempts,
      state.reply_to,
      state.reply_token,
      piiSealed,
      state.callback_at,
      state.escalation?.reason ?? null,
      state.sequence,
      state.created_at,
      state.updated_at,
    );
}
