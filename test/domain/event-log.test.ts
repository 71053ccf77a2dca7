import { describe, expect, it } from "vitest";
import { sampleInput } from "./fixtures";
import { planAppend, type AppendContext } from "../../src/domain/event-log";
import { domainEvent, EVENT_SCHEMA_VERSION, RECORD_AGGREGATE, type NewEvent } from "../../src/domain/events";
import { foldEvents } from "../../src/domain/record-state";

const input = sampleInput;
const created: NewEvent = { event_type: "RecordCreated", data: { input, reply_token: "tok", reply_to: "folios+tok@folio.test" } };
const queued: NewEvent = { event_type: "RecordQueued", data: { hotel_phone: "+14155550100" } };
const callStarted: NewEvent = { event_type: "CallInitiated", data: { call_id: "c1", to: "+14155550100" } };
const connected: NewEvent = { event_type: "CallConnected", data: { call_id: "c1" } };

function ctx(overrides: Partial<AppendContext> = {}): AppendContext {
  let n = 0;
  return {
    aggregateId: "rec_1",
    now: "2026-10-05T10:00:00.000Z",
    newId: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    metadata: { actor: "api", service: "folio", version: "0" },
    ...overrides,
  };
}

describe("planAppend", () => {
  it("starts a new record at sequence 1 with no status note for creation", () => {
    const plan = planAppend(null, [created], ctx());
    expect(plan.events).toHaveLength(1);
    expect(plan.events[0]).toMatchObject({
      event_type: "RecordCreated",
      aggregate_id: "rec_1",
      aggregate_type: RECORD_AGGREGATE,
      sequence: 1,
      timestamp: "2026-10-05T10:00:00.000Z",
      correlation_id: null,
      causation_id: null,
    });
    expect(plan.state.status).toBe("pending");
    expect(plan.state.sequence).toBe(1);
  });

  it("refuses to plan nothing for a record that does not exist", () => {
    expect(() => planAppend(null, [], ctx())).toThrow();
  });

  it("returns the state unchanged for an empty append on an existing record", () => {
    const first = planAppend(null, [created], ctx());
    const plan = planAppend(first.state, [], ctx());
    expect(plan.events).toEqual([]);
    expect(plan.state).toBe(first.state);
  });

  it("numbers gaplessly from the current sequence + 1", () => {
    const first = planAppend(null, [created], ctx());
    const second = planAppend(first.state, [connected, connected, connected], ctx());
    expect(second.events.map((e) => e.sequence)).toEqual([2, 3, 4]);
    expect(second.state.sequence).toBe(4);
  });

  it("inserts a StatusUpdated note right after each event that changed status", () => {
    const first = planAppend(null, [created], ctx());
    const plan = planAppend(first.state, [queued, callStarted, connected], ctx());
    expect(plan.events.map((e) => [e.sequence, e.event_type])).toEqual([
      [2, "RecordQueued"],
      [3, "StatusUpdated"],
      [4, "CallInitiated"],
      [5, "StatusUpdated"],
      [6, "CallConnected"],
    ]);
    const [q, qNote, c, cNote] = plan.events;
    expect(qNote!.data).toEqual({ from: "pending", to: "queued", cause: "RecordQueued" });
    expect(qNote!.causation_id).toBe(q!.event_id);
    expect(cNote!.data).toEqual({ from: "queued", to: "calling", cause: "CallInitiated" });
    expect(cNote!.causation_id).toBe(c!.event_id);
    expect(plan.state.status).toBe("calling");
    expect(plan.state.sequence).toBe(6);
  });

  it("notes a status change inside the same append as creation", () => {
    const plan = planAppend(null, [created, queued], ctx());
    expect(plan.events.map((e) => e.event_type)).toEqual(["RecordCreated", "RecordQueued", "StatusUpdated"]);
    expect(plan.events.map((e) => e.sequence)).toEqual([1, 2, 3]);
  });

  it("adds no note when the status does not change (terminal record, repeated status)", () => {
    const s = planAppend(null, [created, queued], ctx()).state;
    expect(planAppend(s, [queued], ctx()).events.map((e) => e.event_type)).toEqual(["RecordQueued"]);
    const cancelled = planAppend(s, [{ event_type: "RecordCancelled", data: {} }], ctx()).state;
    expect(cancelled.status).toBe("cancelled");
    expect(planAppend(cancelled, [queued], ctx()).events.map((e) => e.event_type)).toEqual(["RecordQueued"]);
  });

  it("the note shares the cause's timestamp, correlation and metadata", () => {
    const s = planAppend(null, [created], ctx()).state;
    const plan = planAppend(s, [{ ...queued, correlation_id: "batch_7", causation_id: "cmd_1", timestamp: "2026-10-05T11:00:00.000Z", metadata: { actor: "hotel-line" } }], ctx());
    const [cause, note] = plan.events;
    expect(cause).toMatchObject({ correlation_id: "batch_7", causation_id: "cmd_1", timestamp: "2026-10-05T11:00:00.000Z" });
    expect(note).toMatchObject({ correlation_id: "batch_7", causation_id: cause!.event_id, timestamp: "2026-10-05T11:00:00.000Z" });
    expect(note!.metadata).toEqual(cause!.metadata);
  });

  it("keeps the producer's event_id and assigns fresh ids to the rest", () => {
    const mine = "11111111-1111-4111-8111-111111111111";
    const plan = planAppend(null, [{ ...created, event_id: mine }, queued], ctx());
    expect(plan.events[0]!.event_id).toBe(mine);
    const ids = plan.events.map((e) => e.event_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("fills metadata defaults, lets the producer override actor and service, and pins the schema version", () => {
    const plan = planAppend(null, [created, { ...connected, metadata: { actor: "timer", service: "record", version: "99" } }], ctx());
    expect(plan.events[0]!.metadata).toEqual({ actor: "api", service: "folio", version: EVENT_SCHEMA_VERSION });
    expect(plan.events[1]!.metadata).toEqual({ actor: "timer", service: "record", version: EVENT_SCHEMA_VERSION });
  });

  it("treats metadata fields given as undefined as left out", () => {
    const plan = planAppend(null, [{ ...created, metadata: { actor: undefined, service: "record" } }], ctx());
    expect(plan.events[0]!.metadata).toEqual({ actor: "api", service: "record", version: EVENT_SCHEMA_VERSION });
  });

  it("produces envelopes that pass the stored-event schema", () => {
    const plan = planAppend(null, [created, queued, callStarted, connected], ctx());
    for (const e of plan.events) expect(domainEvent.safeParse(e).success, e.event_type).toBe(true);
  });

  it("returns the same state as folding the planned events", () => {
    const first = planAppend(null, [created, queued], ctx());
    const second = planAppend(first.state, [callStarted, connected, { event_type: "CallEnded", data: { call_id: "c1", outcome: "busy" } }], ctx());
    expect(foldEvents([...first.events, ...second.events])).toEqual(second.state);
    expect(second.state.status).toBe("queued");
  });

  it("does not mutate the state passed in", () => {
    const s = planAppend(null, [created], ctx()).state;
    const copy = structuredClone(s);
    planAppend(s, [queued, callStarted], ctx());
    expect(s).toEqual(copy);
  });
});
