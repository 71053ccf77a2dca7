// HotelLine: one Durable Object per hotel phone number, the only place that decides when a hotel is
// called (DESIGN §1). It keeps the records waiting on the hotel, wakes by alarm when the next of them is
// due (call window, check-out, retries, callbacks), and places one call at a time with as many due
// records as fit. When the call's CallSession reports the end, it applies the retry policy to the
// records the call did not settle and remembers what the call learned (the IVR path).
//
// Times of members are on the line's clock: the wall clock, or a simulated campaign's scaled clock.
import { DurableObject } from "cloudflare:workers";
import { readSettings } from "../config";
import { clockNow, toWallClock, type ClockSpec } from "../domain/clock";
import type { SimulationTag } from "../domain/events";
import { admitHotel, applyHotelPatch, type HotelSettings, type HotelSettingsPatch } from "../domain/hotel";
import { afterCall, callableAt, defaultBatchLimits, defaultRetryPolicy, dueAt, estimateCallSeconds, planBatch, readyMembers, shouldLeaveVoicemail, type LineMember } from "../domain/schedule";
import type { CallReport } from "../engine/call-report";
import { ivrPath } from "../domain/hotel";
import { createLogger, errorFields } from "../platform/log";
import { recordStub } from "./folio-record/client";
import { recordAfterCall } from "./hotel-line/after-call";
import { announceCall, callParams, CALLABLE_STATUSES, carrierFor, dial } from "./hotel-line/placing";
import { HOTEL_LINE_OWNER } from "./hotel-line/owner";
import { projectCall, projectHotel } from "./hotel-line/projection";
import { LineStore, type CallRow, type MemberRow } from "./hotel-line/store";

const SETTINGS_KEY = "settings";
const PROJECTION_RETRY_MS = 30_000;
/** A call that has not reported this long after its max duration is given up as lost. */
const LOST_AFTER_MS = 5 * 60_000;
/** With no way to call (no Twilio, no simulation), look again this often. */
const NO_CARRIER_RETRY_MS = 15 * 60_000;

export interface AdmittedHotel {
  phone: string;
  name: string;
  email?: string | undefined;
  timezone?: string | undefined;
  country?: string | undefined;
}

export interface Admission {
  id: string;
  check_out?: string | undefined;
  /** The hotel asked to be called back about this record then (ISO, on the record's clock). */
  callback_at?: string | null | undefined;
}

export type CallNowResult = { ok: true; call_id: string } | { ok: false; code: "call_in_progress" | "nothing_to_call" | "no_carrier" | "unknown_hotel"; message: string; call_id?: string };

/** HotelLine's RPC surface as callers see it (the generated stub type collapses `unknown` payloads). */
export interface HotelLineApi {
  getSettings(): Promise<HotelSettings | null>;
  updateSettings(phone: string, patch: HotelSettingsPatch): Promise<HotelSettings>;
  admit(hotel: AdmittedHotel, records: (string | Admission)[], simulation?: SimulationTag | null): Promise<{ members: number }>;
  members(): Promise<string[]>;
  memberRows(): Promise<MemberRow[]>;
  calls(limit?: number): Promise<CallRow[]>;
  callNow(): Promise<CallNowResult>;
  callFinished(report: CallReport): Promise<{ ok: true; duplicate: boolean }>;
  poke(): Promise<void>;
}

/** The HotelLine of a hotel, named by its E.164 phone: the batching key. */
export function hotelStub(env: Env, phone: string): HotelLineApi {
  return env.HOTEL_LINE.get(env.HOTEL_LINE.idFromName(phone)) as unknown as HotelLineApi;
}

export class HotelLine extends DurableObject<Env> {
  private readonly log = createLogger(this.env.LOG_LEVEL, { service: "hotel-line" });
  private readonly store: LineStore;
  private projectionBehind = false;
  /** Placing is serialized: the awaits inside (the records, the session, the dial) let other requests in,
   *  and two of them deciding at once could each place a call. A call's report is not serialized with it:
   *  it can arrive during the dial (a simulated no-answer reports before dial() returns). */
  private placing: Promise<unknown> = Promise.resolve();
  /** Reports being applied, by call id (see callFinished). */
  private readonly applyingReports = new Map<string, Promise<unknown>>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new LineStore(ctx.storage);
  }

  // ---- settings ---------------------------------------------------------------------------------------

  getSettings(): HotelSettings | null {
    return (this.ctx.storage.kv.get<HotelSettings>(SETTINGS_KEY) as HotelSettings | undefined) ?? null;
  }

  async updateSettings(phone: string, patch: HotelSettingsPatch): Promise<HotelSettings> {
    const next = applyHotelPatch(this.getSettings(), phone, patch, new Date().toISOString());
    this.ctx.storage.kv.put(SETTINGS_KEY, next);
    await this.project(next);
    await this.arm(); // a new window or zone moves the next call
    return next;
  }

  private clock(): ClockSpec | null {
    return this.getSettings()?.simulation?.clock ?? null;
  }

  private now(): number {
    return clockNow(this.clock(), Date.now());
  }

  // ---- members ----------------------------------------------------------------------------------------

  /** Records joining the line. Idempotent: a redelivered message admits nobody twice. */
  async admit(hotel: AdmittedHotel, records: (string | Admission)[], simulation?: SimulationTag | null): Promise<{ members: number }> {
    const next = admitHotel(this.getSettings(), hotel, new Date().toISOString(), simulation);
    if (next) this.ctx.storage.kv.put(SETTINGS_KEY, next);
    const settings = this.getSettings()!;
    const now = this.now();
    this.ctx.storage.transactionSync(() => {
      for (const r of records) {
        const a: Admission = typeof r === "string" ? { id: r } : r;
        if (a.callback_at) this.store.admitCallback(a.id, Date.parse(a.callback_at), now);
        else this.store.admit(a.id, this.callableAt(a, settings, now), now);
      }
    });
    if (next) await this.project(next);
    await this.arm();
    return { members: this.members().length };
  }

  private callableAt(a: Admission, s: HotelSettings, now: number): number {
    if (!a.check_out) return now;
    try {
      return callableAt({ input: { check_out: a.check_out, hotel: { timezone: s.timezone } } }, s.call_window, s.timezone).getTime();
    } catch {
      return now; // a check-out the record validated but this cannot read: callable now, in the window
    }
  }

  /** Records waiting on this hotel or on its call in progress. */
  members(): string[] {
    return this.store
      .members()
      .filter((m) => m.state !== "done")
      .map((m) => m.record_id);
  }

  memberRows(): MemberRow[] {
    return this.store.members();
  }

  calls(limit = 20): CallRow[] {
    return this.store.recentCalls(Math.min(Math.max(1, limit), 200));
  }

  // ---- calls ------------------------------------------------------------------------------------------

  /** "Call now": places a call with every waiting record, whatever the window says. */
  async callNow(): Promise<CallNowResult> {
    // Decided inside the serialized section: a placement in flight is a call in progress.
    return this.serially(async (): Promise<CallNowResult> => {
      const settings = this.getSettings();
      if (!settings) return { ok: false, code: "unknown_hotel", message: "no records or settings for this hotel" };
      const active = this.store.activeCall();
      if (active) return { ok: false, code: "call_in_progress", message: "a call to this hotel is in progress", call_id: active.call_id };
      if (!carrierFor(this.env, settings, readSettings(this.env).simulation)) return { ok: false, code: "no_carrier", message: "neither Twilio nor the simulation is configured" };
      const callId = await this.placeNext(true);
      if (!callId) return { ok: false, code: "nothing_to_call", message: "no record is waiting on this hotel" };
      return { ok: true, call_id: callId };
    });
  }

  /**
   * The call's session reports its end (or the line gives a silent call up). Applied once; a second
   * report is acknowledged and ignored. Reports of one call are serialized: applying one awaits the
   * records, and a second arriving meanwhile (the session's report racing the lost-call give-up, or a
   * redelivery) would otherwise read the call as still open and apply its outcome over the first.
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

  private async applyReport(report: CallReport): Promise<{ ok: true; duplicate: boolean }> {
    const call = this.store.call(report.call_id);
    if (!call || call.status === "ended") return { ok: true, duplicate: true };
    const settings = this.getSettings()!;
    const now = new Date(this.now());
    const outcomes = new Map(report.records.map((r) => [r.id, r.outcome]));
    const patches: { id: string; patch: Partial<MemberRow> }[] = [];
    // The records first (idempotent appends), the line's own state last: a crash in between replays.
    await Promise.all(
      call.record_ids.map(async (id) => {
        const m = this.store.member(id);
        if (!m) return;
        const outcome = outcomes.get(id) ?? report.outcome;
        const next = afterCall({ attempts: m.attempts, voicemails: m.voicemails }, outcome, now, defaultRetryPolicy, settings.call_window, settings.timezone, settings.email);
        await recordAfterCall(this.env, settings.phone, call.call_id, id, next);
        const voicemails = m.voicemails + (outcome === "voicemail" ? 1 : 0);
        patches.push({ id, patch: next.kind === "retry" ? { state: "waiting", retry_at: next.at.getTime(), voicemails } : { state: "done", voicemails } });
      }),
    );
    this.store.closeCall(call.call_id, report.outcome, Date.now(), patches);
    await this.learn(report.summary);
    await this.projectCallRow(this.store.call(call.call_id)!, report.recording_key);
    this.log.info("call finished", { hotel_phone: settings.phone, call_id: call.call_id, outcome: report.outcome });
    await this.ctx.storage.setAlarm(Date.now()); // the next call, if one is due, from the alarm
    return { ok: true, duplicate: false };
  }

  /** IVR memory: a path that reached a person is the hotel's path from now on. */
  private async learn(summary: Record<string, unknown>): Promise<void> {
    const path = summary.ivr_path;
    const settings = this.getSettings()!;
    if (typeof path !== "string" || !ivrPath.safeParse(path).success || path === settings.ivr_path) return;
    const next: HotelSettings = { ...settings, ivr_path: path, version: settings.version + 1, updated_at: new Date().toISOString() };
    this.ctx.storage.kv.put(SETTINGS_KEY, next);
    await this.project(next);
  }

  async poke(): Promise<void> {
    await this.alarm();
  }

  override async alarm(): Promise<void> {
    const settings = this.getSettings();
    if (!settings) return;
    if (this.projectionBehind) await this.reproject(settings);
    await this.serially(() => this.tick());
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.placing.then(work, work);
    this.placing = run.catch(() => {});
    return run;
  }

  private async tick(): Promise<void> {
    try {
      const active = this.store.activeCall();
      if (active) await this.watch(active);
      else await this.placeNext(false);
    } catch (err) {
      this.log.error("hotel line tick failed; retrying", { hotel_phone: this.getSettings()?.phone, ...errorFields(err) });
      await this.ctx.storage.setAlarm(Date.now() + 30_000);
      return;
    }
    await this.arm();
  }

  /** A call in progress: finish placing it if the line died mid-way, or give it up if it went silent. */
  private async watch(call: CallRow): Promise<void> {
    if (call.status === "placing") return this.continuePlacing(call);
    if (Date.now() < call.created_at + call.max_duration_ms + LOST_AFTER_MS) return;
    this.log.warn("call never reported; given up as lost", { call_id: call.call_id });
    await this.callFinished({ call_id: call.call_id, outcome: "lost", ended_at: Date.now(), recording_key: null, records: [], summary: {} });
  }

  /** Plans and places the next call; `force` ignores the window and the records' callable times. */
  private async placeNext(force: boolean): Promise<string | null> {
    const settings = this.getSettings();
    if (!settings || this.store.activeCall()) return null;
    const carrier = carrierFor(this.env, settings, readSettings(this.env).simulation);
    if (!carrier) return null;
    const now = new Date(this.now());
    const waiting = this.store.members("waiting").map(lineMember);
    const candidates = force
      ? waiting.map((m) => ({ id: m.id, callableAt: m.callableAt, ...(m.callbackAt ? { callback: true } : {}) }))
      : readyMembers(waiting, now, settings.call_window, settings.timezone);
    const plan = planBatch(candidates, force ? new Date(8.64e15) : now, defaultBatchLimits);
    if (plan.callNow.length === 0) return null;
    // Records that moved on since they joined (agreed by email, cancelled, …) leave the line now.
    const states = await Promise.all(plan.callNow.map((id) => recordStub(this.env, id).getState()));
    const callable = plan.callNow.filter((id, i) => states[i] && CALLABLE_STATUSES.has(states[i]!.status));
    for (const id of plan.callNow) if (!callable.includes(id)) this.store.update(id, { state: "done" });
    if (callable.length === 0) return this.placeNext(force);
    const call: CallRow = {
      call_id: `call_${crypto.randomUUID().replace(/-/g, "")}`,
      record_ids: callable,
      status: "placing",
      created_at: Date.now(),
      ended_at: null,
      outcome: null,
      max_duration_ms: defaultBatchLimits.maxCallSeconds * 1000,
    };
    this.store.openCall(call);
    this.log.info("placing a call", { hotel_phone: settings.phone, call_id: call.call_id, records: callable.length, forced: force });
    // The sequences just read: announcing the call appends at them rather than reading the records again.
    const seen = new Map(plan.callNow.flatMap((id, i) => (callable.includes(id) ? [[id, states[i]!.sequence] as const] : [])));
    await this.continuePlacing(call, seen);
    return call.call_id;
  }

  /** Tells the records, prepares the session, dials once. Resumable up to the dial (then nothing is `seen`). */
  private async continuePlacing(call: CallRow, seen: ReadonlyMap<string, number> = new Map()): Promise<void> {
    const settings = this.getSettings()!;
    const carrier = carrierFor(this.env, settings, readSettings(this.env).simulation);
    const members = call.record_ids.map((id) => this.store.member(id)).filter((m): m is MemberRow => m !== null);
    const attempts = new Map(members.map((m) => [m.record_id, m.attempts]));
    const startedAt = new Date(clockNow(this.clock(), call.created_at)).toISOString();
    const states = await announceCall(this.env, settings, call, attempts, estimateCallSeconds(call.record_ids.length), startedAt, seen);
    const leaveVoicemail = members.some((m) => shouldLeaveVoicemail(m.voicemails, defaultRetryPolicy));
    await this.env.CALL_SESSION.get(this.env.CALL_SESSION.idFromName(call.call_id)).prepare(call.call_id, {
      record_ids: call.record_ids,
      playbook: "folio",
      params: callParams(settings, states, leaveVoicemail, this.clock(), carrier) as unknown as Record<string, unknown>,
      max_duration_ms: call.max_duration_ms,
      to: settings.phone,
      owner: { type: HOTEL_LINE_OWNER, id: settings.phone },
    });
    if (!this.store.setCallStatus(call.call_id, "dialing", "placing")) return;
    await this.projectCallRow({ ...call, status: "dialing" }, null);
    if (!carrier) {
      await this.callFinished({ call_id: call.call_id, outcome: "failed", ended_at: Date.now(), recording_key: null, records: [], summary: {} });
      return;
    }
    const r = await dial(this.env, settings, carrier, call, this.log);
    if (!r.ok) {
      await this.callFinished({ call_id: call.call_id, outcome: r.failure ?? "failed", ended_at: Date.now(), recording_key: null, records: [], summary: {} });
      return;
    }
    if (this.store.setCallStatus(call.call_id, "live", "dialing")) await this.projectCallRow({ ...call, status: "live" }, null);
  }

  /** The alarm goes at the earliest of: a silent call's give-up time, the next member due, a projection retry. */
  private async arm(): Promise<void> {
    const settings = this.getSettings();
    if (!settings) return;
    const times: number[] = [];
    const active = this.store.activeCall();
    if (active) times.push(active.status === "placing" ? Date.now() + 5_000 : active.created_at + active.max_duration_ms + LOST_AFTER_MS);
    else {
      const due = dueAt(this.store.members("waiting").map(lineMember), new Date(this.now()), settings.call_window, settings.timezone);
      if (due) {
        const hasCarrier = carrierFor(this.env, settings, readSettings(this.env).simulation) !== null;
        times.push(hasCarrier ? toWallClock(this.clock(), due.getTime()) : Date.now() + NO_CARRIER_RETRY_MS);
      }
    }
    if (this.projectionBehind) times.push(Date.now() + PROJECTION_RETRY_MS);
    if (times.length === 0) return;
    const at = Math.max(Date.now(), Math.min(...times));
    const current = await this.ctx.storage.getAlarm();
    if (current === null || current > at || current < Date.now()) await this.ctx.storage.setAlarm(at);
  }

  // ---- D1 ---------------------------------------------------------------------------------------------

  private async project(s: HotelSettings): Promise<void> {
    try {
      await projectHotel(this.env, s);
      this.projectionBehind = false;
    } catch (err) {
      this.projectionBehind = true;
      this.log.warn("hotel projection failed; retrying by alarm", { hotel_phone: s.phone, ...errorFields(err) });
      await this.ctx.storage.setAlarm(Date.now() + PROJECTION_RETRY_MS);
    }
  }

  /** After a failed D1 write: the settings and the recent calls again (both writes are version-guarded). */
  private async reproject(settings: HotelSettings): Promise<void> {
    await this.project(settings);
    for (const call of this.store.recentCalls(5)) await this.projectCallRow(call, null);
  }

  private async projectCallRow(call: CallRow, recordingKey: string | null): Promise<void> {
    const settings = this.getSettings()!;
    const clock = this.clock();
    try {
      await projectCall(this.env, settings.phone, call, {
        campaignId: settings.simulation?.campaign_id ?? null,
        startedAt: new Date(clockNow(clock, call.created_at)).toISOString(),
        endedAt: call.ended_at ? new Date(clockNow(clock, call.ended_at)).toISOString() : null,
        recordingKey,
      });
    } catch (err) {
      this.projectionBehind = true;
      this.log.warn("call projection failed; retrying by alarm", { call_id: call.call_id, ...errorFields(err) });
      await this.ctx.storage.setAlarm(Date.now() + PROJECTION_RETRY_MS);
    }
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
