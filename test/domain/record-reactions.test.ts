import { describe, expect, it } from "vitest";
import { planAppend } from "../../src/domain/event-log";
import type { DomainEvent, EventData, EventType, NewEvent } from "../../src/domain/events";
import { defaultTimerPolicy, effectsOf, onTimer, timersFor, type TimerPolicy } from "../../src/domain/record-reactions";
import { applyEvent, foldEvents, type RecordState } from "../../src/domain/record-state";

const HOUR = 3600_000;
const T0 = Date.UTC(2026, 9, 5, 10, 0);
const hotel = { name: "Grand Hotel", phone: "+14155550100", email: "desk@grand.example" };
const input = { guest_name: "Ada", confirmation_number: "C1", check_in: "2026-10-01", check_out: "2026-10-03", hotel };

let seq = 0;
function ev<T extends EventType>(type: T, data: EventData<T>, at: number): DomainEvent {
  seq++;
  return {
    event_id: `00000000-0000-4000-8000-${String(seq).padStart(12, "0")}`,
    event_type: type,
    aggregate_id: "rec_1",
    aggregate_type: "FolioRecord",
    sequence: seq,
    timestamp: new Date(at).toISOString(),
    correlation_id: null,
    causation_id: null,
    data,
    metadata: { actor: "test", service: "test", version: "1" },
  } as DomainEvent;
}

function created(): RecordState {
  seq = 0;
  return foldEvents([ev("RecordCreated", { input, reply_token: "tok", reply_to: "folios+tok@folio.test" }, T0)])!;
}
const then = <T extends EventType>(s: RecordState, type: T, data: EventData<T>, at: number) => applyEvent(s, { ...ev(type, data, at), sequence: s.sequence + 1 } as DomainEvent);

/** Appends what a due timer asks for, as the DO does, and returns the new state. */
function fire(s: RecordState, name: "callback" | "folio_wait", now: number, policy?: TimerPolicy) {
  const r = onTimer(s, name, now, policy);
  const plan = planAppend(s, r.events as NewEvent[], {
    aggregateId: s.id,
    now: new Date(now).toISOString(),
    newId: () => crypto.randomUUID(),
    metadata: { actor: "timer", service: "test", version: "1" },
  });
  return { ...r, state: plan.state, appended: plan.events };
}

const awaiting = () => then(created(), "EmailRequested", { to: "desk@grand.example" }, T0 + HOUR);

describe("effectsOf", () => {
  it("asks scheduling to admit a new record, with its hotel and check-out", () => {
    const s = created();
    const e = ev("RecordCreated", { input, reply_token: "tok", reply_to: "folios+tok@folio.test" }, T0);
    expect(effectsOf([e], s)).toEqual([{ queue: "scheduling", body: { type: "record_created", record_id: "rec_1", hotel, check_out: input.check_out } }]);
  });

  it("a simulated record carries its tag to the line, and its hotel emails the folio once it agreed", () => {
    const simulation = { campaign_id: "cmp_1", persona: "agrees", clock: { origin_real_ms: 0, origin_sim_ms: 0, scale: 100 } };
    const s = { ...created(), simulation };
    const e = ev("RecordCreated", { input, reply_token: "tok", reply_to: "folios+tok@folio.test", simulation }, T0);
    expect(effectsOf([e], s)[0]!.body).toMatchObject({ simulation });
    const agreed = ev("FolioAgreed", { call_id: "call_1" }, T0);
    expect(effectsOf([agreed], { ...s, status: "awaiting_folio" })).toEqual([{ queue: "email-out", body: { type: "simulated_folio", record_id: "rec_1" } }]);
    expect(effectsOf([agreed], { ...created(), status: "awaiting_folio" })).toEqual([]); // a real hotel emails by itself
  });

  it("sends an escalation with its reason", () => {
    // effectsOf sees the state after the fold, where the record is escalated.
    const s = { ...created(), status: "escalated" as const };
    const e = ev("EscalationTriggered", { reason: "refused" }, T0);
    expect(effectsOf([e], s)).toEqual([{ queue: "escalations", body: { type: "escalated", record_id: "rec_1", reason: "refused" } }]);
  });

  it("sends no escalation for a record that is already closed", () => {
    const s = { ...created(), status: "completed" as const };
    expect(effectsOf([ev("EscalationTriggered", { reason: "refused" }, T0)], s)).toEqual([]);
  });

  it("asks nothing for other events", () => {
    const s = created();
    expect(effectsOf([ev("RecordQueued", { hotel_phone: hotel.phone }, T0), ev("EmailTimeout", { waited_h: 1 }, T0)], s)).toEqual([]);
  });
});

describe("timersFor", () => {
  it("needs no timer while pending or queued", () => {
    expect(timersFor(created())).toEqual([]);
    expect(timersFor(then(created(), "RecordQueued", { hotel_phone: hotel.phone }, T0))).toEqual([]);
  });

  it("sets the callback timer at the scheduled time", () => {
    const s = then(created(), "CallbackScheduled", { at: "2026-10-06T15:00:00+02:00" }, T0);
    expect(timersFor(s)).toEqual([{ name: "callback", due_at: Date.parse("2026-10-06T13:00:00Z") }]);
  });

  it("sets the folio wait one policy period after the wait started", () => {
    expect(timersFor(awaiting())).toEqual([{ name: "folio_wait", due_at: T0 + HOUR + 24 * HOUR }]);
    expect(timersFor(awaiting(), { reminderAfterMs: 2 * HOUR, maxReminders: 1 })).toEqual([{ name: "folio_wait", due_at: T0 + 3 * HOUR }]);
  });

  it("drops the folio wait once an email arrives", () => {
    expect(timersFor(then(awaiting(), "EmailResponseReceived", { email_id: "e", from: "x", matched_by: "token" }, T0 + 2 * HOUR))).toEqual([]);
  });
});

describe("onTimer: callback", () => {
  it("re-queues the record and tells scheduling it is callable", () => {
    const s = then(created(), "CallbackScheduled", { at: new Date(T0 + 5 * HOUR).toISOString() }, T0);
    const r = fire(s, "callback", T0 + 5 * HOUR);
    expect(r.events).toEqual([{ event_type: "RecordQueued", data: { hotel_phone: hotel.phone } }]);
    expect(r.effects).toEqual([{ queue: "scheduling", body: { type: "record_callable", record_id: "rec_1", hotel, check_out: input.check_out, callback_at: new Date(T0 + 5 * HOUR).toISOString() } }]);
    expect(r.state.status).toBe("queued");
    expect(r.state.callback_at).toBeNull();
    expect(timersFor(r.state)).toEqual([]);
  });

  it("does nothing before it is due", () => {
    const s = then(created(), "CallbackScheduled", { at: new Date(T0 + 5 * HOUR).toISOString() }, T0);
    expect(onTimer(s, "callback", T0 + 5 * HOUR - 1)).toEqual({ events: [], effects: [] });
  });

  it("does nothing once the record has moved on (stale timer)", () => {
    let s = then(created(), "CallbackScheduled", { at: new Date(T0 + HOUR).toISOString() }, T0);
    s = then(s, "RecordQueued", { hotel_phone: hotel.phone }, T0 + 1);
    expect(onTimer(s, "callback", T0 + 2 * HOUR)).toEqual({ events: [], effects: [] });
    expect(onTimer(awaiting(), "callback", T0 + 100 * HOUR)).toEqual({ events: [], effects: [] });
  });
});

describe("onTimer: folio_wait", () => {
  it("times out and asks for a reminder after the wait", () => {
    const r = fire(awaiting(), "folio_wait", T0 + 25 * HOUR);
    expect(r.events).toEqual([{ event_type: "EmailTimeout", data: { waited_h: 24 } }]);
    expect(r.effects).toEqual([{ queue: "email-out", body: { type: "reminder", record_id: "rec_1" } }]);
    expect(r.state.emails.timeouts).toBe(1);
    expect(r.state.status).toBe("awaiting_folio");
    expect(timersFor(r.state)).toEqual([{ name: "folio_wait", due_at: T0 + 49 * HOUR }]);
  });

  it("reports the hours waited rounded to a tenth", () => {
    expect(onTimer(awaiting(), "folio_wait", T0 + HOUR + 25.26 * HOUR).events[0]!.data).toEqual({ waited_h: 25.3 });
  });

  it("does nothing before it is due, or when no longer waiting", () => {
    expect(onTimer(awaiting(), "folio_wait", T0 + 25 * HOUR - 1)).toEqual({ events: [], effects: [] });
    const received = then(awaiting(), "EmailResponseReceived", { email_id: "e", from: "x", matched_by: "token" }, T0 + 2 * HOUR);
    expect(onTimer(received, "folio_wait", T0 + 100 * HOUR)).toEqual({ events: [], effects: [] });
    const cancelled = then(awaiting(), "RecordCancelled", {}, T0 + 2 * HOUR);
    expect(onTimer(cancelled, "folio_wait", T0 + 100 * HOUR)).toEqual({ events: [], effects: [] });
  });

  it(`sends ${defaultTimerPolicy.maxReminders} reminders, then escalates`, () => {
    let s = awaiting();
    let now = T0 + HOUR;
    const reminders: number[] = [];
    for (let i = 0; i < defaultTimerPolicy.maxReminders; i++) {
      now += defaultTimerPolicy.reminderAfterMs;
      const r = fire(s, "folio_wait", now);
      expect(r.events.map((e) => e.event_type)).toEqual(["EmailTimeout"]);
      expect(r.effects).toEqual([{ queue: "email-out", body: { type: "reminder", record_id: "rec_1" } }]);
      reminders.push(r.state.emails.timeouts);
      s = r.state;
    }
    expect(reminders).toEqual([1, 2, 3]);
    now += defaultTimerPolicy.reminderAfterMs;
    const last = fire(s, "folio_wait", now);
    expect(last.events.map((e) => e.event_type)).toEqual(["EmailTimeout", "EscalationTriggered"]);
    expect(last.events[1]!.data).toMatchObject({ reason: "no_folio_after_reminders" });
    expect(last.effects).toEqual([]); // the escalation message comes from effectsOf, once
    expect(effectsOf(last.appended, last.state)).toEqual([{ queue: "escalations", body: { type: "escalated", record_id: "rec_1", reason: "no_folio_after_reminders" } }]);
    expect(last.state.status).toBe("escalated");
    expect(last.state.emails.timeouts).toBe(4);
    expect(timersFor(last.state)).toEqual([]);
  });

  it("follows a custom policy", () => {
    const policy: TimerPolicy = { reminderAfterMs: HOUR, maxReminders: 0 };
    const r = fire(awaiting(), "folio_wait", T0 + 2 * HOUR, policy);
    expect(r.events.map((e) => e.event_type)).toEqual(["EmailTimeout", "EscalationTriggered"]);
    expect(r.state.status).toBe("escalated");
  });

  it("a reminder sent restarts the wait", () => {
    const r = fire(awaiting(), "folio_wait", T0 + 25 * HOUR);
    const s = then(r.state, "ReminderSent", { email_id: "e2", reminder: 1 }, T0 + 26 * HOUR);
    expect(timersFor(s)).toEqual([{ name: "folio_wait", due_at: T0 + 50 * HOUR }]);
  });

  it("after an operator resolves an escalation back to waiting, the next timeout is a full wait away", () => {
    let s = awaiting();
    let now = T0 + HOUR;
    for (let i = 0; i <= defaultTimerPolicy.maxReminders; i++) s = fire(s, "folio_wait", (now += 24 * HOUR)).state;
    expect(s.status).toBe("escalated");
    const resolvedAt = now + 3 * 24 * HOUR;
    s = then(s, "EscalationResolved", { note: "hotel will send it", status: "awaiting_folio" }, resolvedAt);
    expect(timersFor(s)).toEqual([{ name: "folio_wait", due_at: resolvedAt + 24 * HOUR }]);
    expect(onTimer(s, "folio_wait", resolvedAt + 1)).toEqual({ events: [], effects: [] });
  });
});
