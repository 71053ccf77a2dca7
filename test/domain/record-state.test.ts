import { describe, expect, it } from "vitest";
import { sampleInput } from "./fixtures";
import type { DomainEvent, EventData, EventType } from "../../src/domain/events";
import { applyEvent, foldEvents, ReducerError, statuses, terminalStatuses, type RecordState, type RecordStatus } from "../../src/domain/record-state";

const input = sampleInput;

/** Builds a log: RecordCreated first, then the given events, sequences from 1, one minute apart. */
function log(...rest: [EventType, unknown][]): DomainEvent[] {
  const all: [EventType, unknown][] = [["RecordCreated", { input, reply_token: "tok", reply_to: "folios+tok@folio.test" }], ...rest];
  return all.map(([type, data], i) => ev(type, data as never, i + 1));
}

function ev<T extends EventType>(type: T, data: EventData<T>, sequence: number): DomainEvent {
  return {
    event_id: `00000000-0000-4000-8000-${String(sequence).padStart(12, "0")}`,
    event_type: type,
    aggregate_id: "rec_1",
    aggregate_type: "FolioRecord",
    sequence,
    timestamp: new Date(Date.UTC(2026, 9, 5, 10, sequence)).toISOString(),
    correlation_id: null,
    causation_id: null,
    data,
    metadata: { actor: "test", service: "test", version: "1" },
  } as DomainEvent;
}

const fold = (...rest: [EventType, unknown][]) => foldEvents(log(...rest))!;
/** Applies one more event to a state, with the next sequence. */
const then = <T extends EventType>(s: RecordState, type: T, data: EventData<T>) => applyEvent(s, ev(type, data, s.sequence + 1));

const call = { call_id: "call_1" };
const steps = {
  queued: ["RecordQueued", { hotel_phone: "+14155550100", batch_id: "b1" }],
  calling: ["CallInitiated", { ...call, to: "+14155550100" }],
  ended: ["CallEnded", { ...call, outcome: "no_answer" }],
  agreed: ["FolioAgreed", call],
  callback: ["CallbackScheduled", { at: "2026-10-06T09:30:00-07:00" }],
  emailRequested: ["EmailRequested", { to: "desk@grand.example" }],
  response: ["EmailResponseReceived", { email_id: "e1", from: "desk@grand.example", matched_by: "token" }],
  extracted: ["FolioExtracted", { folio: { total_amount: 412.5 } }],
  partial: ["PartialExtractionComplete", { folio: { total_amount: 1 }, issues: ["totals differ"] }],
  failed: ["ExtractionFailed", { reason: "image only" }],
  escalated: ["EscalationTriggered", { reason: "refused", details: "manager said no" }],
  completed: ["RecordCompleted", { via: "operator" }],
  cancelled: ["RecordCancelled", { reason: "duplicate" }],
} satisfies Record<string, [EventType, unknown]>;

describe("RecordCreated", () => {
  it("starts a pending record with empty counters", () => {
    const s = fold();
    expect(s).toMatchObject({
      id: "rec_1",
      sequence: 1,
      status: "pending",
      input,
      reply_token: "tok",
      reply_to: "folios+tok@folio.test",
      batch_id: null,
      attempts: 0,
      calls: [],
      awaiting_since: null,
      emails: { sent: 0, failed: 0, reminders: 0, timeouts: 0, last_message_id: null, requested_to: null },
      folio: null,
      escalation: null,
    });
    expect(s.created_at).toBe(s.updated_at);
  });

  it("must be the first event, and only the first", () => {
    expect(() => applyEvent(null, ev("RecordQueued", { hotel_phone: "+1" }, 1))).toThrow(ReducerError);
    const s = fold();
    expect(() => then(s, "RecordCreated", log()[0]!.data as never)).toThrow(ReducerError);
  });

  it("foldEvents of nothing is null; sequence and updated_at follow the last event", () => {
    expect(foldEvents([])).toBeNull();
    const events = log(steps.queued, ["OperatorAction", { action: "note", actor: "op" }]);
    const s = foldEvents(events)!;
    expect(s.sequence).toBe(3);
    expect(s.updated_at).toBe(events[2]!.timestamp);
    expect(s.created_at).toBe(events[0]!.timestamp);
  });

  it("foldEvents continues from an initial state", () => {
    const events = log(steps.queued, steps.calling);
    expect(foldEvents(events.slice(2), foldEvents(events.slice(0, 2)))).toEqual(foldEvents(events));
  });
});

describe("status transitions", () => {
  const cases: [string, [EventType, unknown][], RecordStatus][] = [
    ["RecordQueued: pending → queued", [steps.queued], "queued"],
    ["CallInitiated: queued → calling", [steps.queued, steps.calling], "calling"],
    ["CallEnded with no outcome event: calling → queued", [steps.queued, steps.calling, steps.ended], "queued"],
    ["FolioAgreed: calling → awaiting_folio, kept after CallEnded", [steps.queued, steps.calling, steps.agreed, steps.ended], "awaiting_folio"],
    ["CallbackScheduled: calling → callback_scheduled, kept after CallEnded", [steps.queued, steps.calling, steps.callback, steps.ended], "callback_scheduled"],
    ["RecordQueued after a callback: → queued", [steps.callback, steps.queued], "queued"],
    ["EmailRequested: → awaiting_folio", [steps.emailRequested], "awaiting_folio"],
    ["EmailResponseReceived: awaiting_folio → received", [steps.emailRequested, steps.response], "received"],
    ["FolioExtracted: received → completed", [steps.emailRequested, steps.response, steps.extracted], "completed"],
    ["PartialExtractionComplete: → received", [steps.emailRequested, steps.partial], "received"],
    ["ExtractionFailed: → received", [steps.emailRequested, steps.failed], "received"],
    ["EscalationTriggered: → escalated", [steps.queued, steps.calling, steps.escalated], "escalated"],
    ["escalated is kept after CallEnded", [steps.queued, steps.calling, steps.escalated, steps.ended], "escalated"],
    ["RecordCompleted: → completed", [steps.response, steps.completed], "completed"],
    ["RecordCancelled: → cancelled", [steps.queued, steps.cancelled], "cancelled"],
    ["CallEnded outside a call does not move the record", [steps.emailRequested, steps.ended], "awaiting_folio"],
  ];
  for (const [name, events, status] of cases) {
    it(name, () => expect(fold(...events).status).toBe(status));
  }

  it("audit-trail events do not change the status", () => {
    const s = fold(steps.queued, steps.calling);
    const audit: [EventType, unknown][] = [
      ["CallConnected", call],
      ["IVRDetected", { ...call, menu_text: "press 1" }],
      ["IVRNavigationStarted", { ...call, path: "1" }],
      ["IVRNavigationComplete", { ...call, path: "1" }],
      ["IVRNavigationFailed", { ...call, reason: "loop" }],
      ["VoicemailDetected", call],
      ["HumanDetected", call],
      ["FolioRequested", { ...call, email: "x@y.z" }],
      ["CallbackRequested", { ...call, said: "call back at 3" }],
      ["CallDurationExceeded", call],
      ["EmailComposed", { email_id: "e1", message_id: "<m@x>", subject: "s", to: "x@y.example" }],
      ["OperatorAction", { action: "note", actor: "op" }],
      ["StatusUpdated", { from: "queued", to: "calling", cause: "CallInitiated" }],
      ["BatchScheduled", { batch_id: "b1", scheduled_for: "2026-10-06T10:00:00Z", estimated_duration_s: 60 }],
    ];
    for (const [type, data] of audit) {
      const next = then(s, type, data as never);
      expect(next.status, type).toBe("calling");
      expect(next.sequence, type).toBe(s.sequence + 1);
    }
  });
});

describe("terminal statuses", () => {
  const moves: [EventType, unknown][] = [
    steps.queued,
    steps.calling,
    steps.agreed,
    steps.callback,
    steps.emailRequested,
    steps.response,
    steps.partial,
    steps.failed,
    steps.extracted,
    steps.escalated,
    steps.completed,
    steps.cancelled,
  ];
  const reach: Record<string, [EventType, unknown][]> = {
    completed: [steps.response, steps.extracted],
    cancelled: [steps.queued, steps.cancelled],
  };
  for (const terminal of terminalStatuses) {
    for (const [type, data] of moves) {
      it(`${terminal} is not left by ${type}`, () => {
        const s = fold(...reach[terminal]!);
        expect(s.status).toBe(terminal);
        expect(then(s, type, data as never).status).toBe(terminal);
      });
    }
  }

  it("only completed and cancelled are terminal", () => {
    expect([...terminalStatuses].sort()).toEqual(["cancelled", "completed"]);
    for (const t of terminalStatuses) expect(statuses).toContain(t);
  });
});

describe("escalation", () => {
  it("records reason, details and time", () => {
    const events = log(steps.escalated);
    expect(foldEvents(events)!.escalation).toEqual({ reason: "refused", details: "manager said no", at: events[1]!.timestamp });
  });

  for (const to of ["pending", "awaiting_folio", "completed", "cancelled"] as const) {
    it(`EscalationResolved leaves escalated for ${to} and clears the escalation`, () => {
      const s = then(fold(steps.escalated), "EscalationResolved", { note: "handled", status: to });
      expect(s.status).toBe(to);
      expect(s.escalation).toBeNull();
    });
  }

  it("resolving back to awaiting_folio restarts the wait, so the folio timer does not fire at once", () => {
    let s = fold(steps.emailRequested, ["EmailTimeout", { waited_h: 24 }], ["EmailTimeout", { waited_h: 24 }], steps.escalated);
    const before = s.awaiting_since;
    s = then(s, "EscalationResolved", { note: "they will send it", status: "awaiting_folio" });
    expect(s.status).toBe("awaiting_folio");
    expect(s.awaiting_since).toBe(s.updated_at);
    expect(s.awaiting_since).not.toBe(before);
  });

  it("EscalationResolved outside escalation keeps the status", () => {
    const s = then(fold(steps.queued), "EscalationResolved", { note: "n/a", status: "completed" });
    expect(s.status).toBe("queued");
  });

  it("domain events may move an escalated record on (a folio still arrives)", () => {
    expect(fold(steps.escalated, steps.response).status).toBe("received");
  });
});

describe("calls", () => {
  it("counts attempts and records each call's outcome", () => {
    const s = fold(
      steps.queued,
      steps.calling,
      ["CallEnded", { ...call, outcome: "busy", recording_key: "rec/1.wav" }],
      ["CallInitiated", { call_id: "call_2", to: "+14155550100" }],
      ["CallEnded", { call_id: "call_2", outcome: "no_answer" }],
    );
    expect(s.attempts).toBe(2);
    expect(s.calls.map((c) => [c.call_id, c.outcome, c.recording_key])).toEqual([
      ["call_1", "busy", "rec/1.wav"],
      ["call_2", "no_answer", undefined],
    ]);
    expect(s.calls.every((c) => c.started_at && c.ended_at)).toBe(true);
  });

  it("counts voicemails and keeps the last refusal", () => {
    const s = fold(steps.calling, ["VoicemailLeft", call], ["VoicemailLeft", call], ["FolioRefused", { ...call, reason: "policy" }]);
    expect(s.voicemails).toBe(2);
    expect(s.last_refusal).toBe("policy");
  });

  it("normalizes the callback time to UTC and clears it when queued again", () => {
    const s = fold(steps.callback);
    expect(s.callback_at).toBe("2026-10-06T16:30:00.000Z");
    expect(then(s, "RecordQueued", { hotel_phone: "+14155550100" }).callback_at).toBeNull();
  });

  it("tracks the batch from RecordQueued, BatchCreated and BatchScheduled", () => {
    expect(fold(steps.queued).batch_id).toBe("b1");
    expect(fold(steps.queued, ["RecordQueued", { hotel_phone: "+1" }]).batch_id).toBe("b1");
    expect(fold(["BatchCreated", { batch_id: "b2", hotel_phone: "+1", record_ids: ["rec_1"] }]).batch_id).toBe("b2");
  });
});

describe("email", () => {
  it("FolioAgreed and EmailRequested start the wait", () => {
    const events = log(steps.agreed);
    expect(foldEvents(events)!.awaiting_since).toBe(events[1]!.timestamp);
    const s = fold(steps.emailRequested);
    expect(s.awaiting_since).toBe(s.updated_at);
    expect(s.emails.requested_to).toBe("desk@grand.example");
  });

  it("EmailTimeout counts and restarts the wait without changing status", () => {
    const s0 = fold(steps.emailRequested);
    const s1 = then(s0, "EmailTimeout", { waited_h: 24 });
    expect(s1.emails.timeouts).toBe(1);
    expect(s1.awaiting_since).toBe(s1.updated_at);
    expect(s1.awaiting_since).not.toBe(s0.awaiting_since);
    expect(s1.status).toBe("awaiting_folio");
    expect(then(s1, "EmailTimeout", { waited_h: 24 }).emails.timeouts).toBe(2);
  });

  it("counts sent, failed and reminders; keeps the last message id", () => {
    const s = fold(
      ["EmailSent", { email_id: "e1", message_id: "<1@x>", to: "a@b.example", provider: "local" }],
      ["EmailSendFailed", { email_id: "e2", reason: "bounce" }],
      ["EmailSent", { email_id: "e3", message_id: "<2@x>", to: "a@b.example", provider: "local" }],
      ["ReminderSent", { email_id: "e3", reminder: 1 }],
    );
    expect(s.emails).toMatchObject({ sent: 2, failed: 1, reminders: 1, last_message_id: "<2@x>" });
    expect(s.awaiting_since).toBe(s.updated_at);
  });

  it("extraction results set the folio and its issues", () => {
    expect(fold(steps.response, steps.failed)).toMatchObject({ folio: null, folio_issues: ["image only"] });
    expect(fold(steps.response, steps.partial)).toMatchObject({ folio: { total_amount: 1 }, folio_issues: ["totals differ"] });
    expect(fold(steps.response, steps.partial, steps.extracted)).toMatchObject({ folio: { total_amount: 412.5 }, folio_issues: [] });
    expect(fold(steps.response, steps.response).responses).toBe(2);
  });
});

describe("purity", () => {
  it("does not mutate the state it is given", () => {
    const s = fold(steps.queued, steps.calling);
    const copy = structuredClone(s);
    then(s, "CallEnded", { ...call, outcome: "busy" });
    then(s, "EmailTimeout", { waited_h: 1 });
    expect(s).toEqual(copy);
  });
});
