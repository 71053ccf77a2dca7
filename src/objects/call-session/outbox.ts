// Delivery of the call's outcome events to the records' FolioRecord objects: at least once, in order per
// call, idempotent by event id (ids are fixed when the events are queued, so a retry after a crash is a
// replay that FolioRecord recognises, never a second effect).

import { callEventId, ONCE_PER_CALL } from "../../domain/call-events";
import type { NewEvent } from "../../domain/events";
import type { RecordEvents } from "../../engine/playbook";
import { errorFields, type Logger } from "../../platform/log";
import { recordStub } from "../folio-record/client";
import type { CallStore } from "./store";

/**
 * Gives every event its id and the call as correlation, before anything is stored. An event a call
 * gives a record at most once gets the id derived from (call, record, type): emitted again (a finalize
 * retried after an eviction), it is the same event, which the record stores once.
 */
export function stampEvents(callId: string, batches: readonly RecordEvents[]): RecordEvents[] {
  return batches.map((b) => ({
    recordId: b.recordId,
    events: b.events.map((e) => ({ ...e, event_id: e.event_id ?? eventIdFor(callId, b.recordId, e), correlation_id: e.correlation_id ?? callId }) as NewEvent),
  }));
}

function eventIdFor(callId: string, recordId: string, e: NewEvent): string {
  return ONCE_PER_CALL.has(e.event_type) ? callEventId(callId, recordId, e.event_type) : crypto.randomUUID();
}

/** Delivers what is pending, in order. False when something must be retried later (by the alarm). */
export async function deliverOutbox(env: Env, store: CallStore, log: Logger): Promise<boolean> {
  // Nothing leaves before it is in SQLite: the store seals its writes a moment late, and an event a
  // record already holds must not be one this object could forget it sent (an eviction in between
  // would have it emitted again). A failed write is logged, not waited on forever: the events a call
  // gives a record once carry derived ids, so even then a second emission is only a replay.
  await store.settled().catch((err: unknown) => log.error("a call state write failed", errorFields(err)));
  for (const row of store.pending()) {
    const events = JSON.parse(row.events) as NewEvent[];
    let settled = false;
    try {
      const record = recordStub(env, row.record_id);
      for (let attempt = 0; attempt < 4 && !settled; attempt++) {
        // The call's events are facts whatever the record's state: only where its log stands matters.
        const sequence = await record.sequence();
        if (sequence === null) {
          store.settle(row.id, "failed", "no such record");
          log.warn("outcome for an unknown record dropped", { record_id: row.record_id });
          settled = true;
          break;
        }
        const r = await record.append(events, sequence, { actor: "call-session" });
        if (r.ok) {
          store.settle(row.id, "sent");
          settled = true;
        } else if (r.code !== "conflict") {
          // Invalid events never become valid: park them with the reason rather than retry forever.
          store.settle(row.id, "failed", `${r.code}: ${r.message}`);
          log.error("record refused the call's events", { record_id: row.record_id, code: r.code, message: r.message });
          settled = true;
        }
      }
      if (!settled) {
        store.retryLater(row.id, "sequence conflicts");
        return false;
      }
    } catch (err) {
      store.retryLater(row.id, String(err));
      log.warn("outcome delivery failed; retrying", { record_id: row.record_id, ...errorFields(err) });
      return false;
    }
  }
  return true;
}

/** The call's outbox: events are stored first (with their ids), then delivered by one loop at a time. */
export class Outbox {
  private delivering: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly env: Env,
    private readonly store: CallStore,
    private readonly log: Logger,
    /** Something is left for later: wake the object (its alarm) to retry. */
    private readonly retryLater: () => Promise<void>,
  ) {}

  get pending(): number {
    return this.store.pending().length;
  }

  emit(callId: string, batches: readonly RecordEvents[]): void {
    this.store.enqueue(stampEvents(callId, batches));
    void this.deliver();
  }

  /** Events queued while a delivery runs make it go round once more. */
  deliver(): Promise<void> {
    if (this.delivering) {
      this.again = true;
      return this.delivering;
    }
    this.delivering = (async () => {
      try {
        do {
          this.again = false;
          if (!(await deliverOutbox(this.env, this.store, this.log))) await this.retryLater();
        } while (this.again);
      } finally {
        this.delivering = null;
      }
    })();
    return this.delivering;
  }
}
