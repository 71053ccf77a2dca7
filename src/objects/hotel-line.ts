// HotelLine: one Durable Object per hotel phone number, the only place that decides when a hotel is
// called (docs/architecture.md, "Lines"). It is a line (src/engine/line: the records waiting, the alarm
// for the next one due, one call at a time with as many due records as fit, the retry policy, the
// lost-call watch) with what is the hotel's: its settings, when a record becomes callable (check-out),
// how a call is set up (the folio playbook, the records told) and dialled (the simulated carrier or
// Twilio), what the call learned (the IVR path) and the D1 read models.
//
// Times of members are on the line's clock: the wall clock, or a simulated campaign's scaled clock.
import { DurableObject } from "cloudflare:workers";
import { readSettings } from "../config";
import { clockNow, toWallClock, type ClockSpec } from "../domain/clock";
import type { SimulationTag } from "../domain/events";
import { admitHotel, applyHotelPatch, ivrPath, type HotelSettings, type HotelSettingsPatch } from "../domain/hotel";
import { callableAt, defaultRetryPolicy, estimateCallSeconds, shouldLeaveVoicemail } from "../domain/schedule";
import type { CallReport } from "../engine/call-report";
import { Dialler, type LinePlan } from "../engine/line/dialler";
import type { CallRow, MemberRow } from "../engine/line/store";
import { ledgerContactCheck } from "../engine/messaging/stubs";
import { createLogger, errorFields, withLateFields } from "../platform/log";
import { recordStub } from "./folio-record/client";
import { recordAfterCall, recordCallBlocked } from "./hotel-line/after-call";
import { announceCall, callParams, CALLABLE_STATUSES, carrierFor, dial, type Carrier } from "./hotel-line/placing";
import { HOTEL_LINE_OWNER } from "./hotel-line/owner";
import { projectCall, projectHotel } from "./hotel-line/projection";

const SETTINGS_KEY = "settings";
const PROJECTION_RETRY_MS = 30_000;

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

export type CallNowResult =
  { ok: true; call_id: string } | { ok: false; code: "call_in_progress" | "nothing_to_call" | "no_carrier" | "unknown_hotel" | "contact_blocked"; message: string; call_id?: string };

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
  private readonly dialler: Dialler;
  private projectionBehind = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.dialler = new Dialler(ctx.storage, this.plan, { contacts: ledgerContactCheck(env), log: withLateFields(this.log, () => ({ hotel_phone: this.getSettings()?.phone })) });
  }

  private get store() {
    return this.dialler.store;
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

  // ---- calls (the dialler places them; the plan below is what is the hotel's) ---------------------------

  /** "Call now": places a call with every waiting record, whatever the window says. */
  async callNow(): Promise<CallNowResult> {
    const r = await this.dialler.callNow();
    if (r.ok) return r;
    switch (r.code) {
      case "not_set_up":
        return { ok: false, code: "unknown_hotel", message: "no records or settings for this hotel" };
      case "call_in_progress":
        return { ok: false, code: "call_in_progress", message: "a call to this hotel is in progress", ...(r.call_id ? { call_id: r.call_id } : {}) };
      case "no_carrier":
        return { ok: false, code: "no_carrier", message: "neither Twilio nor the simulation is configured" };
      case "nothing_to_call":
        return { ok: false, code: "nothing_to_call", message: "no record is waiting on this hotel" };
      case "contact_blocked":
        return { ok: false, code: "contact_blocked", message: "the contact ledger blocks calls to this hotel; its records asked by email or went to a person" };
    }
  }

  /** The call's session reports its end; applied once (the dialler serializes a call's reports). */
  callFinished(report: CallReport): Promise<{ ok: true; duplicate: boolean }> {
    return this.dialler.callFinished(report);
  }

  async poke(): Promise<void> {
    await this.alarm();
  }

  override async alarm(): Promise<void> {
    const settings = this.getSettings();
    if (!settings) return;
    if (this.projectionBehind) await this.reproject(settings);
    await this.dialler.tick();
  }

  private carrier(): Carrier {
    const settings = this.getSettings();
    return settings ? carrierFor(this.env, settings, readSettings(this.env).simulation) : null;
  }

  private readonly plan: LinePlan = {
    now: () => this.now(),
    toWallClock: (t) => toWallClock(this.clock(), t),
    schedule: () => {
      const s = this.getSettings();
      return s ? { window: s.call_window, timeZone: s.timezone, fallbackEmail: s.email } : null;
    },
    canDial: () => this.carrier() !== null,
    screen: async (ids) => {
      const states = await Promise.all(ids.map((id) => recordStub(this.env, id).getState()));
      const callable = ids.filter((_, i) => states[i] && CALLABLE_STATUSES.has(states[i]!.status));
      // The sequences just read: announcing the call appends at them rather than reading the records again.
      const read = new Map(ids.flatMap((id, i) => (callable.includes(id) ? [[id, states[i]!.sequence] as const] : [])));
      return { callable, read };
    },
    destination: () => this.getSettings()?.phone ?? null,
    blocked: async (ids, reason) => {
      const email = this.getSettings()?.email ?? null;
      for (const id of ids) await recordCallBlocked(this.env, id, email, reason);
    },
    prepare: async (call, members, read) => {
      const settings = this.getSettings()!;
      const attempts = new Map(members.map((m) => [m.record_id, m.attempts]));
      const startedAt = new Date(clockNow(this.clock(), call.created_at)).toISOString();
      const states = await announceCall(this.env, settings, call, attempts, estimateCallSeconds(call.record_ids.length), startedAt, read);
      const leaveVoicemail = members.some((m) => shouldLeaveVoicemail(m.voicemails, defaultRetryPolicy));
      await this.env.CALL_SESSION.get(this.env.CALL_SESSION.idFromName(call.call_id)).prepare(call.call_id, {
        record_ids: call.record_ids,
        playbook: "folio",
        params: callParams(settings, states, leaveVoicemail, this.clock(), this.carrier()) as unknown as Record<string, unknown>,
        max_duration_ms: call.max_duration_ms,
        to: settings.phone,
        owner: { type: HOTEL_LINE_OWNER, id: settings.phone },
      });
    },
    dial: async (call) => {
      const carrier = this.carrier();
      if (!carrier) return { ok: false, outcome: "failed" };
      const r = await dial(this.env, this.getSettings()!, carrier, call, this.log);
      return r.ok ? { ok: true } : { ok: false, outcome: r.failure ?? "failed" };
    },
    settled: (call, id, _outcome, next) => recordAfterCall(this.env, this.getSettings()!.phone, call.call_id, id, next),
    closed: (_call, report) => this.learn(report.summary),
    callChanged: (call, recordingKey) => this.projectCallRow(call, recordingKey),
    wakeTimes: () => (this.projectionBehind ? [Date.now() + PROJECTION_RETRY_MS] : []),
  };

  /** IVR memory: a path that reached a person is the hotel's path from now on. */
  private async learn(summary: Record<string, unknown>): Promise<void> {
    const path = summary.ivr_path;
    const settings = this.getSettings()!;
    if (typeof path !== "string" || !ivrPath.safeParse(path).success || path === settings.ivr_path) return;
    const next: HotelSettings = { ...settings, ivr_path: path, version: settings.version + 1, updated_at: new Date().toISOString() };
    this.ctx.storage.kv.put(SETTINGS_KEY, next);
    await this.project(next);
  }

  private arm(): Promise<void> {
    return this.dialler.arm();
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
