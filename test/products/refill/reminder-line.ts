// The refill product's outbound line: a pharmacy reminding patients that a refill is waiting, two
// patients at a time. It is the engine's dialler (src/engine/line) with the product's own plan: a
// prescription is called while it has refills left (read from the product's aggregate), a call's end
// is a RefillCallEnded on the prescription, and the "carrier" is a journal the test reads (the dial
// is what a real product would hand to Twilio; here the test reports each call's end itself).
import { DurableObject } from "cloudflare:workers";
import type { CallReport } from "../../../src/engine/call-report";
import { Dialler, type CallNowOutcome, type DiallerOptions, type LinePlan, type LineSchedule } from "../../../src/engine/line/dialler";
import type { CallRow, MemberRow } from "../../../src/engine/line/store";
import { ledgerContactCheck } from "../../../src/engine/messaging/stubs";
import { deskStub } from "./refill-desk";

/** Open every day, all day, in UTC (a minute before midnight aside). */
const ALWAYS: LineSchedule = { window: { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "00:00", end: "23:59" }, timeZone: "UTC", fallbackEmail: null };

export interface ReminderJournal {
  prepared: string[];
  dialled: { call_id: string; members: string[] }[];
  changes: string[];
  blocked: string[];
}

export type ReminderSetUp = Pick<DiallerOptions, "concurrency" | "lostAfterMs"> & { maxCallSeconds: number };

export class RefillReminders extends DurableObject<Env> {
  private diallerOnce: Dialler | null = null;

  /** The line's options; a line keeps the first it is given (as a hotel keeps its settings). */
  setUp(options: ReminderSetUp): void {
    if (!this.ctx.storage.kv.get("options")) this.ctx.storage.kv.put("options", options);
  }

  async admit(ids: string[], phones: Record<string, string> = {}): Promise<void> {
    const now = Date.now();
    for (const [id, phone] of Object.entries(phones)) this.ctx.storage.kv.put(`phone:${id}`, phone);
    for (const id of ids) this.dialler().store.admit(id, now, now);
    await this.dialler().arm();
  }

  /** Dials to refuse, as a carrier would (a number out of service). */
  refuseDialling(id: string): void {
    this.ctx.storage.kv.put(`refuse:${id}`, true);
  }

  callNow(): Promise<CallNowOutcome> {
    return this.dialler().callNow();
  }

  callFinished(report: CallReport): Promise<{ ok: true; duplicate: boolean }> {
    return this.dialler().callFinished(report);
  }

  members(): MemberRow[] {
    return this.dialler().store.members();
  }

  calls(): CallRow[] {
    return this.dialler().store.recentCalls(50);
  }

  journal(): ReminderJournal {
    return this.ctx.storage.kv.get<ReminderJournal>("journal") ?? { prepared: [], dialled: [], changes: [], blocked: [] };
  }

  override async alarm(): Promise<void> {
    await this.dialler().tick();
  }

  private dialler(): Dialler {
    const o = this.ctx.storage.kv.get<ReminderSetUp>("options");
    if (!o) throw new Error("the reminder line is not set up");
    this.diallerOnce ??= new Dialler(this.ctx.storage, this.plan, {
      contacts: ledgerContactCheck(this.env),
      concurrency: o.concurrency,
      lostAfterMs: o.lostAfterMs,
      // One patient a call.
      limits: { maxRecordsPerCall: 1, maxCallSeconds: o.maxCallSeconds, baseSeconds: 0, perRecordSeconds: 1 },
    });
    return this.diallerOnce;
  }

  private note(change: (j: ReminderJournal) => void): void {
    const j = this.journal();
    change(j);
    this.ctx.storage.kv.put("journal", j);
  }

  private readonly plan: LinePlan = {
    now: () => Date.now(),
    toWallClock: (t) => t,
    schedule: () => ALWAYS,
    canDial: () => true,
    screen: async (ids) => {
      const states = await Promise.all(ids.map((id) => deskStub(this.env, id).getState()));
      const callable = ids.filter((_, i) => (states[i]?.refills_left ?? 0) > 0);
      return { callable, read: new Map(callable.map((id) => [id, states[ids.indexOf(id)]!.sequence])) };
    },
    // One patient a call; the test gives each prescription's phone when it admits it.
    destination: (ids) => this.ctx.storage.kv.get<string>(`phone:${ids[0]}`) ?? null,
    blocked: async (ids, reason) => this.note((j) => j.blocked.push(...ids.map((id) => `${id}:${reason.reason}`))),
    prepare: async (call) => {
      this.note((j) => {
        if (!j.prepared.includes(call.call_id)) j.prepared.push(call.call_id);
      });
    },
    dial: async (call) => {
      this.note((j) => j.dialled.push({ call_id: call.call_id, members: call.record_ids }));
      return call.record_ids.some((id) => this.ctx.storage.kv.get(`refuse:${id}`)) ? { ok: false, outcome: "failed" } : { ok: true };
    },
    settled: async (call, id, outcome) => {
      const desk = deskStub(this.env, id);
      const sequence = (await desk.sequence()) ?? 0;
      await desk.append([{ event_id: `${call.call_id}:${id}:ended`, event_type: "RefillCallEnded", data: { call_id: call.call_id, outcome }, correlation_id: call.call_id }], sequence, {
        actor: "refill-reminders",
      });
    },
    closed: async () => {},
    callChanged: async (call) => this.note((j) => j.changes.push(`${call.call_id}:${call.status}`)),
    wakeTimes: () => [],
  };
}

export interface ReminderEnv {
  REFILL_REMINDERS: DurableObjectNamespace<RefillReminders>;
}

export function remindersStub(env: Env, name: string): DurableObjectStub<RefillReminders> {
  const ns = (env as unknown as ReminderEnv).REFILL_REMINDERS;
  return ns.get(ns.idFromName(name));
}
