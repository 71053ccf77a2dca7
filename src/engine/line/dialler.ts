// The dialler a line is built on (docs/architecture.md, "Lines"): the members waiting to be called, when
// the next of them is due (the call window, callbacks, retries), placing calls with as many due members
// as fit — one call at a time or N at once — the retry policy once a call reports its end, and the watch
// that gives a call up as lost when it never reports. A Durable Object composes one and hands it a
// LinePlan: everything that is the product's (what a member's state is, how a call is set up and
// dialled, what a call's end writes on a member, the read models).
//
// Members' times are on the line's clock (LinePlan.now: the wall clock, or a simulated campaign's scaled
// clock); calls' times are the wall clock, because a call runs in real time.
import { afterCall, defaultBatchLimits, defaultRetryPolicy, dueAt, planBatch, readyMembers, type AfterCall, type BatchLimits, type LineMember, type RetryPolicy } from "../../domain/schedule";
import type { CallWindow } from "../../domain/hotel";
import { createLogger, errorFields, type Logger } from "../../platform/log";
import type { CallReport } from "../call-report";
import type { ContactCheck } from "../messaging/stubs";
import { LineStore, type CallRow, type MemberRow } from "./store";

export type { CallWindow };

export interface LineSchedule {
  window: CallWindow;
  timeZone: string | null;
  /** Where the retry policy may ask by email instead of calling again (null: it escalates instead). */
  fallbackEmail: string | null;
}

export type DialResult = { ok: true } | { ok: false; outcome: string };

/** What a line's product decides; the dialler calls these and keeps the line's state itself. */
export interface LinePlan {
  /** Now on the line's clock, and a line-clock time back on the wall clock (for the alarm). */
  now(): number;
  toWallClock(lineTime: number): number;
  /** The line's window and zone; null while the line is not set up (it places nothing). */
  schedule(): LineSchedule | null;
  /** Whether a call could be dialled at all now (a carrier is configured). */
  canDial(): boolean;
  /** Of the members chosen for a call, those still to be called (the others leave the line), and
   *  whatever was read to decide it, handed on to `prepare` so it need not read again. */
  screen(ids: string[]): Promise<{ callable: string[]; read: ReadonlyMap<string, number> }>;
  /** The number a call with these members would dial: the contact ledger is asked about it first. */
  destination(memberIds: readonly string[]): string | null;
  /** The ledger refused that number (do-not-call): the members leave the line, and the product writes
   *  why on each (an event with the reason; nothing is dialled). */
  blocked(memberIds: readonly string[], reason: { reason: string; detail: string }): Promise<void>;
  /** Everything before the dial, idempotent: a line that died mid-way calls it again (with nothing `read`). */
  prepare(call: CallRow, members: MemberRow[], read: ReadonlyMap<string, number>): Promise<void>;
  /** The one step never repeated. A failure ends the call at once with the outcome given. */
  dial(call: CallRow): Promise<DialResult>;
  /** What the call's end means for one member, written on the product's side (idempotent by call). */
  settled(call: CallRow, memberId: string, outcome: string, next: AfterCall): Promise<void>;
  /** After the line closed the call: learn from it, project it. */
  closed(call: CallRow, report: CallReport): Promise<void>;
  /** The call moved on (dialing, live, ended): for the read models. */
  callChanged(call: CallRow, recordingKey: string | null): Promise<void>;
  /** Other times the object wants its alarm (a projection to retry). */
  wakeTimes(): number[];
}

export interface DiallerOptions {
  /** Calls the line may have in progress at once. */
  concurrency: number;
  limits: BatchLimits;
  retryPolicy: RetryPolicy;
  /** A call that has not reported this long after its max duration is given up as lost. */
  lostAfterMs: number;
  /** With no way to dial, look again this often. */
  noDialRetryMs: number;
}

export const defaultDiallerOptions: DiallerOptions = Object.freeze({
  concurrency: 1,
  limits: defaultBatchLimits,
  retryPolicy: defaultRetryPolicy,
  lostAfterMs: 5 * 60_000,
  noDialRetryMs: 15 * 60_000,
});

export type CallNowOutcome = { ok: true; call_id: string } | { ok: false; code: "not_set_up" | "call_in_progress" | "no_carrier" | "nothing_to_call" | "contact_blocked"; call_id?: string };

type Placed = { call_id: string } | { blocked: true } | null;

/** How long a placement may sit unfinished before the alarm resumes it. */
const RESUME_PLACING_MS = 5_000;
const TICK_RETRY_MS = 30_000;

export class Dialler {
  readonly store: LineStore;
  private readonly options: DiallerOptions;
  /** Placing is serialized: the awaits inside (the members, the session, the dial) let other requests
   *  in, and two of them deciding at once could each place a call. A report is not serialized with it:
   *  it can arrive during the dial (a simulated no-answer reports before dial() returns). */
  private placing: Promise<unknown> = Promise.resolve();
  /** Reports being applied, by call id (see callFinished). */
  private readonly applyingReports = new Map<string, Promise<unknown>>();

  private readonly log: Logger;
  private readonly contacts: ContactCheck;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly plan: LinePlan,
    { log, contacts, ...options }: Partial<DiallerOptions> & { log?: Logger; contacts: ContactCheck },
  ) {
    this.contacts = contacts;
    this.store = new LineStore(storage);
    this.options = { ...defaultDiallerOptions, ...options };
    this.log = log ?? createLogger(undefined, { service: "line" });
  }

  /** Place a call now with every waiting member, whatever the window and their times say. */
  callNow(): Promise<CallNowOutcome> {
    // Decided inside the serialized section: a placement in flight is a call in progress.
    return this.serially(async (): Promise<CallNowOutcome> => {
      if (!this.plan.schedule()) return { ok: false, code: "not_set_up" };
      const active = this.store.activeCalls();
      if (active.length >= this.options.concurrency) return { ok: false, code: "call_in_progress", call_id: active[0]!.call_id };
      if (!this.plan.canDial()) return { ok: false, code: "no_carrier" };
      const placed = await this.placeNext(true);
      if (placed && "blocked" in placed) return { ok: false, code: "contact_blocked" };
      return placed ? { ok: true, call_id: placed.call_id } : { ok: false, code: "nothing_to_call" };
    });
  }

  /**
   * A call's end (its session's report, or the watch giving it up). Applied once; a second report is
   * acknowledged and ignored. Reports of one call are serialized: applying one awaits the product, and
   * a second arriving meanwhile (the session's report racing the lost-call give-up, or a redelivery)
   * would otherwise read the call as still open and apply its outcome over the first.
   */
  async callFinished(report: CallReport): Promise<{ ok: true; duplicate: boolean }> {
    const id = report.call_id;
    // After the one before it, whether that one succeeded or failed (then this one is its retry).
    const run = (this.applyingReports.get(id) ?? Promise.resolve()).catch(() => {}).then(() => this.applyReport(report));
    this.applyingReports.set(id, run);
    try {
      return await run;
    } finally {
      if (this.applyingReports.get(id) === run) this.applyingReports.delete(id);
    }
  }

  /** The alarm's work: watch the calls in progress, then place calls while the line has room. */
  tick(): Promise<void> {
    return this.serially(async () => {
      try {
        for (const call of this.store.activeCalls()) await this.watch(call);
        while (this.store.activeCalls().length < this.options.concurrency) {
          if (!(await this.placeNext(false))) break;
        }
      } catch (err) {
        this.log.error("line tick failed; retrying", errorFields(err));
        await this.storage.setAlarm(Date.now() + TICK_RETRY_MS);
        return;
      }
      await this.arm();
    });
  }

  /** The alarm goes at the earliest of: a call to resume or give up, the next member due, the plan's own. */
  async arm(): Promise<void> {
    const schedule = this.plan.schedule();
    if (!schedule) return;
    const times = [...this.plan.wakeTimes()];
    const active = this.store.activeCalls();
    for (const call of active) times.push(call.status === "placing" ? Date.now() + RESUME_PLACING_MS : call.created_at + call.max_duration_ms + this.options.lostAfterMs);
    if (active.length < this.options.concurrency) {
      const due = dueAt(this.store.members("waiting").map(lineMember), new Date(this.plan.now()), schedule.window, schedule.timeZone);
      if (due) times.push(this.plan.canDial() ? this.plan.toWallClock(due.getTime()) : Date.now() + this.options.noDialRetryMs);
    }
    if (times.length === 0) return;
    const at = Math.max(Date.now(), Math.min(...times));
    const current = await this.storage.getAlarm();
    if (current === null || current > at || current < Date.now()) await this.storage.setAlarm(at);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.placing.then(work, work);
    this.placing = run.catch(() => {});
    return run;
  }

  /** A call in progress: finish placing it if the line died mid-way, or give it up if it went silent. */
  private async watch(call: CallRow): Promise<void> {
    if (call.status === "placing") return this.continuePlacing(call);
    if (Date.now() < call.created_at + call.max_duration_ms + this.options.lostAfterMs) return;
    this.log.warn("call never reported; given up as lost", { call_id: call.call_id });
    await this.callFinished({ call_id: call.call_id, outcome: "lost", ended_at: Date.now(), recording_key: null, records: [], summary: {} });
  }

  /** Plans and places the next call; `force` ignores the window and the members' times. */
  private async placeNext(force: boolean): Promise<Placed> {
    const schedule = this.plan.schedule();
    if (!schedule || this.store.activeCalls().length >= this.options.concurrency || !this.plan.canDial()) return null;
    for (;;) {
      const now = new Date(this.plan.now());
      const waiting = this.store.members("waiting").map(lineMember);
      const candidates = force
        ? waiting.map((m) => ({ id: m.id, callableAt: m.callableAt, ...(m.callbackAt ? { callback: true } : {}) }))
        : readyMembers(waiting, now, schedule.window, schedule.timeZone);
      const chosen = planBatch(candidates, force ? new Date(8.64e15) : now, this.options.limits).callNow;
      if (chosen.length === 0) return null;
      // Members that moved on since they joined (agreed by email, cancelled, …) leave the line now.
      const { callable, read } = await this.plan.screen(chosen);
      for (const id of chosen) if (!callable.includes(id)) this.store.update(id, { state: "done" });
      if (callable.length === 0) continue;
      const destination = this.plan.destination(callable);
      const decision = destination ? await this.contacts.mayCall(destination) : ({ ok: true } as const);
      if (!decision.ok) {
        // Written on the product's side before the members leave, so a failure here retries the whole step.
        await this.plan.blocked(callable, { reason: decision.reason, detail: decision.detail });
        for (const id of callable) this.store.update(id, { state: "done" });
        this.log.info("call not placed: the contact ledger blocks the number", { reason: decision.reason, members: callable.length });
        return { blocked: true };
      }
      const call: CallRow = {
        call_id: `call_${crypto.randomUUID().replace(/-/g, "")}`,
        record_ids: callable,
        status: "placing",
        created_at: Date.now(),
        ended_at: null,
        outcome: null,
        max_duration_ms: this.options.limits.maxCallSeconds * 1000,
      };
      this.store.openCall(call);
      this.log.info("placing a call", { call_id: call.call_id, members: callable.length, forced: force });
      await this.continuePlacing(call, read);
      return { call_id: call.call_id };
    }
  }

  /** Prepares and dials once. Resumable up to the dial (a resumed placement has nothing `read`). */
  private async continuePlacing(call: CallRow, read: ReadonlyMap<string, number> = new Map()): Promise<void> {
    const members = call.record_ids.map((id) => this.store.member(id)).filter((m): m is MemberRow => m !== null);
    await this.plan.prepare(call, members, read);
    if (!this.store.setCallStatus(call.call_id, "dialing", "placing")) return;
    await this.plan.callChanged({ ...call, status: "dialing" }, null);
    const dialled = this.plan.canDial() ? await this.plan.dial(call) : ({ ok: false, outcome: "failed" } as const);
    if (!dialled.ok) {
      await this.callFinished({ call_id: call.call_id, outcome: dialled.outcome, ended_at: Date.now(), recording_key: null, records: [], summary: {} });
      return;
    }
    if (this.store.setCallStatus(call.call_id, "live", "dialing")) await this.plan.callChanged({ ...call, status: "live" }, null);
  }

  private async applyReport(report: CallReport): Promise<{ ok: true; duplicate: boolean }> {
    const call = this.store.call(report.call_id);
    if (!call || call.status === "ended") return { ok: true, duplicate: true };
    const schedule = this.plan.schedule()!;
    const now = new Date(this.plan.now());
    const outcomes = new Map(report.records.map((r) => [r.id, r.outcome]));
    const patches: { id: string; patch: Parameters<LineStore["update"]>[1] }[] = [];
    // The product's side first (idempotent by call), the line's own state last: a crash in between replays.
    await Promise.all(
      call.record_ids.map(async (id) => {
        const m = this.store.member(id);
        if (!m) return;
        const outcome = outcomes.get(id) ?? report.outcome;
        const next = afterCall({ attempts: m.attempts, voicemails: m.voicemails }, outcome, now, this.options.retryPolicy, schedule.window, schedule.timeZone, schedule.fallbackEmail);
        await this.plan.settled(call, id, outcome, next);
        const voicemails = m.voicemails + (outcome === "voicemail" ? 1 : 0);
        patches.push({ id, patch: next.kind === "retry" ? { state: "waiting", retry_at: next.at.getTime(), voicemails } : { state: "done", voicemails } });
      }),
    );
    this.store.closeCall(call.call_id, report.outcome, Date.now(), patches);
    const closed = this.store.call(call.call_id)!;
    await this.plan.closed(closed, report);
    await this.plan.callChanged(closed, report.recording_key);
    this.log.info("call finished", { call_id: call.call_id, outcome: report.outcome });
    await this.storage.setAlarm(Date.now()); // the next call, if one is due, from the alarm
    return { ok: true, duplicate: false };
  }
}

function lineMember(m: MemberRow): LineMember {
  return {
    id: m.record_id,
    callableAt: new Date(m.callable_at),
    retryAt: m.retry_at !== null ? new Date(m.retry_at) : null,
    callbackAt: m.callback_at !== null ? new Date(m.callback_at) : null,
  };
}
