// FolioRecord: one Durable Object per folio request (docs/architecture.md, "A record, end to end"). It
// alone appends the record's events. An append is validated, sealed (PII encrypted), folded by the pure
// reducer and written in one transaction with the state cache, the timers and the outbox; D1 and the queues
// are brought up to date afterwards, and again from the alarm until they have been.
import { DurableObject } from "cloudflare:workers";
import { clockNow, toWallClock, type ClockSpec } from "../domain/clock";
import { planAppend } from "../domain/event-log";
import { newEvent, type DomainEvent, type EventMetadata, type NewEvent } from "../domain/events";
import { fieldErrors } from "../domain/record-input";
import { effectsOf, onTimer, timersFor, type QueueEffect } from "../domain/record-reactions";
import type { RecordState } from "../domain/record-state";
import { piiCipher, type PiiCipher } from "../platform/pii-cipher";
import { createLogger, errorFields } from "../platform/log";
import type { AppendResult } from "./folio-record/append-result";
import { RecordStore, type EventRow } from "./folio-record/store";
import { flushRecord } from "./folio-record/flush";

// When the alarm flushes if D1 is still behind: the first entry is the safety net armed at every
// append, the rest back off a flush that failed (D1 or a queue down). A successful flush moves the
// alarm back to the next timer.
const FLUSH_RETRY_MS = [5_000, 30_000, 120_000, 600_000];

export interface AppendOptions {
  actor: string;
  /** Required when the append creates the record. */
  recordId?: string;
  /** Messages to send with these events (a timer's reactions), committed in the same transaction. */
  effects?: QueueEffect[];
}
const SERVICE = "folio-record";

export class FolioRecord extends DurableObject<Env> {
  private readonly store: RecordStore;
  private state: RecordState | null | undefined; // undefined: not loaded yet
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private flushFailures = 0;
  private alarmAt: number | null | undefined; // undefined: not read from storage yet
  private readonly log;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new RecordStore(ctx.storage);
    this.log = createLogger(env.LOG_LEVEL, { service: SERVICE });
    ctx.blockConcurrencyWhile(async () => this.store.open());
  }

  private cipher(): Promise<PiiCipher> {
    return piiCipher(this.env);
  }

  private async load(): Promise<RecordState | null> {
    if (this.state !== undefined) return this.state;
    const snap = this.store.snapshot();
    this.state = snap ? await (await this.cipher()).openJson<RecordState>(snap.stateSealed) : null;
    return this.state;
  }

  async getState(): Promise<RecordState | null> {
    return this.load();
  }

  /**
   * Where the log stands (null: no such record), without decrypting the state: all a producer of facts
   * that do not depend on the state needs to append them (expectedSequence still guards the append).
   */
  sequence(): number | null {
    if (this.state !== undefined) return this.state?.sequence ?? null;
    return this.store.sequence();
  }

  async getEvents(): Promise<DomainEvent[]> {
    return this.openRows(this.store.eventsAfter(0, Number.MAX_SAFE_INTEGER));
  }

  /**
   * Appends `incoming` if the log is at `expectedSequence`. Idempotent per event: an event whose id is
   * stored is never stored again, wherever it stands in the batch. A batch whose every event is stored
   * returns the stored result, whatever `expectedSequence` says; a batch that mixes stored and new
   * events appends only the new ones. So at-least-once delivery never doubles an effect, even when a
   * producer re-sends an event inside a different batch.
   */
  async append(batch: NewEvent[], expectedSequence: number, opts: AppendOptions): Promise<AppendResult> {
    let incoming = batch;
    if (incoming.length === 0) return { ok: false, code: "invalid", message: "no events", details: {} };
    for (const [i, e] of incoming.entries()) {
      const parsed = newEvent.safeParse(e);
      if (!parsed.success) {
        const details = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, v]) => [`events.${i}.${k}`, v]));
        return { ok: false, code: "invalid", message: `event ${i} (${String(e?.event_type)}) does not match the catalog`, details };
      }
    }
    const repeated = repeatedIds(incoming);
    if (repeated.length) return { ok: false, code: "invalid", message: `event id ${repeated[0]} appears twice in one append`, details: {} };
    const stored = this.store.storedEvents(givenIds(incoming));
    if (stored.length === incoming.length) return this.replay(stored);
    if (stored.length) {
      // Already stored: dropped here, so only what is new is appended (and sequenced).
      const have = new Set(stored.map((r) => r.eventId));
      incoming = incoming.filter((e) => !e.event_id || !have.has(e.event_id));
    }

    const state = await this.load();
    const current = state?.sequence ?? 0;
    if (expectedSequence !== current) {
      return { ok: false, code: "conflict", message: `expected sequence ${expectedSequence}, log is at ${current}`, currentSequence: current };
    }
    if (!state && incoming[0]!.event_type !== "RecordCreated") return { ok: false, code: "not_found", message: "no such record" };

    const aggregateId = state?.id ?? opts.recordId;
    if (!aggregateId) return { ok: false, code: "invalid", message: "a new record needs its id", details: {} };
    const metadata: EventMetadata = { actor: opts.actor, service: SERVICE, version: "1" };
    const clock = state ? this.clock() : (incoming[0]!.data as { simulation?: { clock: ClockSpec } }).simulation?.clock;
    const plan = planAppend(state, incoming, {
      aggregateId,
      now: new Date(clockNow(clock, Date.now())).toISOString(),
      newId: () => crypto.randomUUID(),
      metadata,
    });
    const cipher = await this.cipher();
    const sealed = await Promise.all(plan.events.map((e) => cipher.sealJson(e.data)));
    const stateSealed = await cipher.sealJson(plan.state);

    // The awaits above let other calls in; check again inside the transaction's synchronous span. A
    // concurrent append of the same events moved the log, so it is a replay or a conflict to retry.
    const again = this.store.storedEvents(givenIds(incoming));
    if (again.length === incoming.length) return this.replay(again);
    if ((this.state?.sequence ?? 0) !== current) {
      return { ok: false, code: "conflict", message: "the log moved during the append", currentSequence: this.state?.sequence ?? 0 };
    }
    const appendId = plan.events[0]!.event_id;
    this.store.commit({
      events: plan.events.map((e, i) => ({
        sequence: e.sequence,
        eventId: e.event_id,
        appendId,
        eventType: e.event_type,
        timestamp: e.timestamp,
        correlationId: e.correlation_id,
        causationId: e.causation_id,
        metadata: JSON.stringify(e.metadata),
        dataSealed: sealed[i]!,
        keyId: cipher.keyId,
      })),
      snapshot: { sequence: plan.state.sequence, stateSealed },
      timers: timersFor(plan.state),
      effects: [...effectsOf(plan.events, plan.state), ...(opts.effects ?? [])],
    });
    this.state = plan.state;
    // The append is durable now; D1 and the queues catch up right after, off the caller's path. The
    // alarm armed here (the log is ahead of D1) flushes if this object dies before its flush does,
    // and the flush moves it back to the next timer once D1 has caught up.
    await this.scheduleAlarm();
    this.ctx.waitUntil(this.flush());
    return { ok: true, duplicate: false, events: plan.events, state: plan.state };
  }

  /** Replays the log into fresh D1 rows: the audit copy and the projection, rewritten from the truth. */
  async reproject(): Promise<{ ok: boolean; sequence: number }> {
    const state = await this.load();
    if (!state) return { ok: false, sequence: 0 };
    this.store.resetWatermarks();
    await this.flush(true);
    const snap = this.store.snapshot();
    return { ok: snap?.projectedSequence === state.sequence, sequence: state.sequence };
  }

  /** Runs due timers and the flush now: the cron sweep's nudge for a record whose alarm was lost. */
  async poke(): Promise<void> {
    await this.alarm();
  }

  override async alarm(): Promise<void> {
    this.alarmAt = null; // a running alarm is no longer set
    const state = await this.load();
    if (!state) return;
    const now = clockNow(this.clock(), Date.now()); // timers are kept on the record's clock
    for (const timer of this.store.timers()) {
      if (timer.due_at > now) continue;
      const { events, effects } = onTimer(this.state!, timer.name, now);
      if (events.length === 0) continue; // stale: the state moved on since the timer was set
      const r = await this.append(events, this.state!.sequence, { actor: "timer", effects });
      if (!r.ok) this.log.warn("timer append failed", { record_id: state.id, timer: timer.name, code: r.code });
    }
    await this.flush();
    await this.scheduleAlarm();
  }

  /** The stored result of events already appended; D1 is nudged if it is behind. */
  private async replay(stored: EventRow[]): Promise<AppendResult> {
    if (this.behind()) this.ctx.waitUntil(this.flush());
    return { ok: true, duplicate: true, events: await this.openRows(this.store.appendsOf(stored)), state: (await this.load())! };
  }

  private async openRows(rows: EventRow[]): Promise<DomainEvent[]> {
    const cipher = await this.cipher();
    const id = (await this.load())?.id ?? "";
    return Promise.all(
      rows.map(async (r) => ({
        event_id: r.eventId,
        event_type: r.eventType,
        aggregate_id: id,
        aggregate_type: "FolioRecord",
        sequence: r.sequence,
        timestamp: r.timestamp,
        correlation_id: r.correlationId,
        causation_id: r.causationId,
        data: await cipher.openJson(r.dataSealed),
        metadata: JSON.parse(r.metadata),
      }) as DomainEvent),
    );
  }

  /** One flush at a time; a request for another while one runs makes it go round once more. */
  private flush(force = false): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        do {
          this.flushAgain = false;
          const cipher = await this.cipher();
          // State and snapshot are read together, after the last await, so they describe one moment.
          await flushRecord(this.env, this.store, this.state!, cipher, force);
        } while (this.flushAgain);
        this.flushFailures = 0;
        await this.scheduleAlarm();
      } catch (err) {
        this.flushFailures++;
        this.log.warn("flush failed; the alarm retries", { record_id: this.state?.id, failures: this.flushFailures, ...errorFields(err) });
        await this.scheduleAlarm();
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /** A simulated record's scaled clock; null (the wall clock) for every real one. */
  private clock(): ClockSpec | null {
    return this.state?.simulation?.clock ?? null;
  }

  /** D1 or the queues have not yet got everything this log holds. */
  private behind(): boolean {
    const snap = this.store.snapshot();
    return Boolean(snap && (snap.projectedSequence < snap.sequence || snap.auditedSequence < snap.sequence)) || this.store.outbox(1).length > 0;
  }

  /**
   * The one alarm serves every timer and the flush retry: it is set to the earliest of them. The
   * alarm is remembered in memory so an append that changes nothing about it costs no storage call.
   */
  private async scheduleAlarm(): Promise<void> {
    const clock = this.clock();
    const due = this.store.timers().map((t) => toWallClock(clock, t.due_at));
    if (this.behind()) due.push(Date.now() + FLUSH_RETRY_MS[Math.min(this.flushFailures, FLUSH_RETRY_MS.length - 1)]!);
    const next = due.length ? Math.min(...due) : null;
    if (this.alarmAt === undefined) this.alarmAt = await this.ctx.storage.getAlarm();
    if (next === this.alarmAt) return;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
    this.alarmAt = next;
  }
}

/** The ids the producer fixed (an event without one gets a fresh id and cannot be a replay). */
function givenIds(events: readonly NewEvent[]): string[] {
  return events.flatMap((e) => (e.event_id ? [e.event_id] : []));
}

function repeatedIds(events: readonly NewEvent[]): string[] {
  const seen = new Set<string>();
  return givenIds(events).filter((id) => seen.has(id) || !seen.add(id));
}
