// Delivery of the call's events to its subjects' aggregates: at least once, in order per call,
// idempotent by event id (ids are fixed when the events are queued, so a retry after a crash is a
// replay that the aggregate recognises, never a second effect). Each subject type's sink is the one
// its product registered (src/objects/subject-sinks.ts).

import { stampEvents } from "../../engine/event-ids";
import type { SubjectEvent, SubjectEvents, SubjectSinks } from "../../engine/subjects";
import { errorFields, type Logger } from "../../platform/log";
import { RECORD_SUBJECT } from "../folio-record/call-sink";
import { subjectSinks } from "../subject-sinks";
import type { CallStore } from "./store";

const ACTOR = "call-session";

/** Delivers what is pending, in order. False when something must be retried later (by the alarm). */
export async function deliverOutbox(env: Env, store: CallStore, log: Logger, sinks: SubjectSinks = subjectSinks): Promise<boolean> {
  // Nothing leaves before it is in SQLite: the store seals its writes a moment late, and an event a
  // subject already holds must not be one this object could forget it sent (an eviction in between
  // would have it emitted again). A failed write is logged, not waited on forever: the events a call
  // gives a subject once carry derived ids, so even then a second emission is only a replay.
  await store.settled().catch((err: unknown) => log.error("a call state write failed", errorFields(err)));
  for (const row of store.pending()) {
    const type = row.subject_type ?? RECORD_SUBJECT;
    const sink = sinks.sinkFor(env, type);
    if (!sink) {
      store.settle(row.id, "failed", `no sink for subject type ${type}`);
      log.error("events for a subject type nobody keeps", { subject_type: type });
      continue;
    }
    try {
      const d = await sink.deliver(row.record_id, JSON.parse(row.events) as SubjectEvent[], { actor: ACTOR });
      if (d.status === "stored") {
        store.settle(row.id, "sent");
      } else if (d.status === "refused") {
        store.settle(row.id, "failed", d.reason);
        if (d.reason === "no such record") log.warn("outcome for an unknown record dropped", { record_id: row.record_id });
        else log.error("the subject refused the call's events", { subject_type: type, record_id: row.record_id, reason: d.reason });
      } else {
        store.retryLater(row.id, d.reason);
        return false;
      }
    } catch (err) {
      store.retryLater(row.id, String(err));
      log.warn("outcome delivery failed; retrying", { subject_type: type, record_id: row.record_id, ...errorFields(err) });
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

  /** Stamps and queues the events; `oncePerCall` names the types whose ids derive from (call, subject, type). */
  emit(callId: string, batches: readonly SubjectEvents[], oncePerCall?: ReadonlySet<string>): void {
    this.store.enqueue(stampEvents(callId, batches, (type) => oncePerCall?.has(type) ?? false));
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
