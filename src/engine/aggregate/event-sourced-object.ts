// The event-sourced Durable Object every product's aggregate is built on (FolioRecord first). It alone
// appends its aggregate's events. An append is checked against the catalog, made idempotent per event
// id, folded by the product's pure definition, sealed (PII encrypted) and written in one transaction
// with the state cache, the timers and the outbox. What follows the commit (the product's projection,
// the queue messages) runs right after, and again from the alarm until it has gone through.
import { DurableObject } from "cloudflare:workers";
import { createLogger, errorFields, type Logger } from "../../platform/log";
import { piiCipher, type PiiCipher } from "../../platform/pii-cipher";
import { queueFor } from "../../platform/queues";
import type { AppendResultOf } from "./append-result";
import type { AggregateDefinition, AggregateEffect, AggregateState, IncomingEvent, StoredEvent } from "./definition";
import { AggregateStore, type EventRow } from "./store";

// When the alarm flushes if the projection or the queues are still behind: the first entry is the
// safety net armed at every append, the rest back off a flush that failed. A successful flush moves
// the alarm back to the next timer.
const FLUSH_RETRY_MS = [5_000, 30_000, 120_000, 600_000];

export interface AppendEventsOptions {
  actor: string;
  /** Required when the append starts the log. */
  aggregateId?: string;
  /** Messages to send with these events (a timer's reactions), committed in the same transaction. */
  effects?: AggregateEffect[];
}

export abstract class EventSourcedObject<S extends AggregateState, In extends IncomingEvent, Out extends StoredEvent> extends DurableObject<Env> {
  protected readonly store: AggregateStore;
  protected readonly log: Logger;
  private cached: S | null | undefined; // undefined: not loaded yet
  private flushing: Promise<void> | null = null;
  private flushAgain = false;
  private flushFailures = 0;
  private alarmAt: number | null | undefined; // undefined: not read from storage yet

  constructor(
    ctx: DurableObjectState,
    env: Env,
    protected readonly definition: AggregateDefinition<S, In, Out>,
  ) {
    super(ctx, env);
    this.store = new AggregateStore(ctx.storage);
    this.log = createLogger(env.LOG_LEVEL, { service: definition.service });
    ctx.blockConcurrencyWhile(async () => this.store.open());
  }

  /**
   * Brings the product's read side up to date with the log (FolioRecord: the audit copy and the D1
   * projection), then records how far it got with `store.markProjected`. Idempotent: a flush that dies
   * halfway is run again. An aggregate without a read side keeps this default.
   */
  protected async project(_state: S, _cipher: PiiCipher, _force: boolean): Promise<void> {
    const snap = this.store.snapshot();
    if (snap) this.store.markProjected(snap.sequence, snap.sequence);
  }

  protected cipher(): Promise<PiiCipher> {
    return piiCipher(this.env);
  }

  protected get current(): S | null | undefined {
    return this.cached;
  }

  protected async load(): Promise<S | null> {
    if (this.cached !== undefined) return this.cached;
    const snap = this.store.snapshot();
    this.cached = snap ? await (await this.cipher()).openJson<S>(snap.stateSealed) : null;
    return this.cached;
  }

  async getState(): Promise<S | null> {
    return this.load();
  }

  /**
   * Where the log stands (null: nothing here), without decrypting the state: all a producer of facts
   * that do not depend on the state needs to append them (expectedSequence still guards the append).
   */
  sequence(): number | null {
    if (this.cached !== undefined) return this.cached?.sequence ?? null;
    return this.store.sequence();
  }

  async getEvents(): Promise<Out[]> {
    return this.openRows(this.store.eventsAfter(0, Number.MAX_SAFE_INTEGER));
  }

  /**
   * Appends `batch` if the log is at `expectedSequence`. Idempotent per event: an event whose id is
   * stored is never stored again, wherever it stands in the batch. A batch whose every event is stored
   * returns the stored result, whatever `expectedSequence` says; a batch that mixes stored and new
   * events appends only the new ones. So at-least-once delivery never doubles an effect, even when a
   * producer re-sends an event inside a different batch.
   */
  protected async appendEvents(batch: In[], expectedSequence: number, opts: AppendEventsOptions): Promise<AppendResultOf<S, Out>> {
    const def = this.definition;
    let incoming = batch;
    if (incoming.length === 0) return { ok: false, code: "invalid", message: "no events", details: {} };
    for (const [i, e] of incoming.entries()) {
      const problem = def.check(e, i);
      if (problem) return { ok: false, code: "invalid", ...problem };
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
    if (!state && !def.creates(incoming[0]!)) return { ok: false, code: "not_found", message: `no such ${def.noun}` };

    const aggregateId = state?.id ?? opts.aggregateId;
    if (!aggregateId) return { ok: false, code: "invalid", message: `a new ${def.noun} needs its id`, details: {} };
    const now = def.clock ? def.clock.now(state, incoming[0], Date.now()) : Date.now();
    const plan = def.fold(state, incoming, {
      aggregateId,
      now: new Date(now).toISOString(),
      newId: () => crypto.randomUUID(),
      metadata: { actor: opts.actor, service: def.service, version: "1" },
    });
    const cipher = await this.cipher();
    const sealed = await Promise.all(plan.events.map((e) => cipher.sealJson(e.data)));
    const stateSealed = await cipher.sealJson(plan.state);

    // The awaits above let other calls in; check again inside the transaction's synchronous span. A
    // concurrent append of the same events moved the log, so it is a replay or a conflict to retry.
    const again = this.store.storedEvents(givenIds(incoming));
    if (again.length === incoming.length) return this.replay(again);
    if ((this.cached?.sequence ?? 0) !== current) {
      return { ok: false, code: "conflict", message: "the log moved during the append", currentSequence: this.cached?.sequence ?? 0 };
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
      timers: def.timers(plan.state),
      effects: [...def.effects(plan.events, plan.state), ...(opts.effects ?? [])],
    });
    this.cached = plan.state;
    // The append is durable now; the read side and the queues catch up right after, off the caller's
    // path. The alarm armed here (the log is ahead) flushes if this object dies before its flush does,
    // and the flush moves it back to the next timer once everything has caught up.
    await this.scheduleAlarm();
    this.ctx.waitUntil(this.flush());
    return { ok: true, duplicate: false, events: plan.events, state: plan.state };
  }

  /** Replays the log into the read side: rewritten from the truth. */
  async reproject(): Promise<{ ok: boolean; sequence: number }> {
    const state = await this.load();
    if (!state) return { ok: false, sequence: 0 };
    this.store.resetWatermarks();
    await this.flush(true);
    const snap = this.store.snapshot();
    return { ok: snap?.projectedSequence === state.sequence, sequence: state.sequence };
  }

  /** Runs due timers and the flush now: the cron sweep's nudge for an aggregate whose alarm was lost. */
  async poke(): Promise<void> {
    await this.alarm();
  }

  override async alarm(): Promise<void> {
    this.alarmAt = null; // a running alarm is no longer set
    const state = await this.load();
    if (!state) return;
    const now = this.clockNow(); // timers are kept on the aggregate's clock
    for (const timer of this.store.timers()) {
      if (timer.due_at > now) continue;
      const { events, effects } = this.definition.onTimer(this.cached!, timer.name, now);
      if (events.length === 0) continue; // stale: the state moved on since the timer was set
      const r = await this.appendEvents(events, this.cached!.sequence, { actor: "timer", effects });
      if (!r.ok) this.log.warn("timer append failed", { aggregate_id: state.id, timer: timer.name, code: r.code });
    }
    await this.flush();
    await this.scheduleAlarm();
  }

  /** The stored result of events already appended; the read side is nudged if it is behind. */
  private async replay(stored: EventRow[]): Promise<AppendResultOf<S, Out>> {
    if (this.behind()) this.ctx.waitUntil(this.flush());
    return { ok: true, duplicate: true, events: await this.openRows(this.store.appendsOf(stored)), state: (await this.load())! };
  }

  private async openRows(rows: EventRow[]): Promise<Out[]> {
    const cipher = await this.cipher();
    const id = (await this.load())?.id ?? "";
    return Promise.all(
      rows.map(
        async (r) =>
          ({
            event_id: r.eventId,
            event_type: r.eventType,
            aggregate_id: id,
            aggregate_type: this.definition.type,
            sequence: r.sequence,
            timestamp: r.timestamp,
            correlation_id: r.correlationId,
            causation_id: r.causationId,
            data: await cipher.openJson(r.dataSealed),
            metadata: JSON.parse(r.metadata),
          }) as Out,
      ),
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
          await this.project(this.cached!, cipher, force);
          await this.sendOutbox();
        } while (this.flushAgain);
        this.flushFailures = 0;
        await this.scheduleAlarm();
      } catch (err) {
        this.flushFailures++;
        this.log.warn("flush failed; the alarm retries", { aggregate_id: this.cached?.id, failures: this.flushFailures, ...errorFields(err) });
        await this.scheduleAlarm();
      } finally {
        this.flushing = null;
      }
    })();
    return this.flushing;
  }

  /** The queue an effect names (the worker's queues by their domain names; a product may map its own). */
  protected queue(name: string): Queue {
    return queueFor(this.env, name as Parameters<typeof queueFor>[1]);
  }

  /** The queue messages the commits left, in order, each batch removed once its queue took it. */
  private async sendOutbox(): Promise<void> {
    for (let batch = this.store.outbox(); batch.length; batch = this.store.outbox()) {
      const byQueue = new Map<string, { body: unknown }[]>();
      for (const row of batch) byQueue.set(row.queue, [...(byQueue.get(row.queue) ?? []), { body: JSON.parse(row.body) }]);
      for (const [q, messages] of byQueue) await this.queue(q).sendBatch(messages);
      this.store.removeOutbox(batch.map((r) => r.id));
    }
  }

  private clockNow(): number {
    const clock = this.definition.clock;
    return clock ? clock.now(this.cached ?? null, undefined, Date.now()) : Date.now();
  }

  /** The read side or the queues have not yet got everything this log holds. */
  private behind(): boolean {
    const snap = this.store.snapshot();
    return Boolean(snap && (snap.projectedSequence < snap.sequence || snap.auditedSequence < snap.sequence)) || this.store.outbox(1).length > 0;
  }

  /**
   * The one alarm serves every timer and the flush retry: it is set to the earliest of them. The
   * alarm is remembered in memory so an append that changes nothing about it costs no storage call.
   */
  private async scheduleAlarm(): Promise<void> {
    const clock = this.definition.clock;
    const state = this.cached;
    const due = this.store.timers().map((t) => (clock && state ? clock.toWall(state, t.due_at) : t.due_at));
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
function givenIds(events: readonly IncomingEvent[]): string[] {
  return events.flatMap((e) => (e.event_id ? [e.event_id] : []));
}

function repeatedIds(events: readonly IncomingEvent[]): string[] {
  const seen = new Set<string>();
  return givenIds(events).filter((id) => seen.has(id) || !seen.add(id));
}
