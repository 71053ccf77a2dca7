import { describe, expect, it } from "vitest";
import { sampleInput } from "./fixtures";
import { fieldErrors } from "../../src/domain/record-input";
import { domainEvent, eventCatalog, eventTypes, newEvent } from "../../src/domain/events";

// DESIGN §4, verbatim.
const designCatalog = {
  lifecycle: ["RecordCreated", "RecordQueued", "BatchCreated", "BatchScheduled", "RecordCancelled"],
  call: [
    "CallInitiated",
    "CallConnected",
    "IVRDetected",
    "IVRNavigationStarted",
    "IVRNavigationComplete",
    "IVRNavigationFailed",
    "VoicemailDetected",
    "VoicemailLeft",
    "HumanDetected",
    "FolioRequested",
    "FolioAgreed",
    "FolioRefused",
    "CallbackRequested",
    "CallbackScheduled",
    "CallDurationExceeded",
    "CallEnded",
  ],
  email: [
    "EmailRequested",
    "EmailComposed",
    "EmailSent",
    "EmailSendFailed",
    "EmailResponseReceived",
    "EmailTimeout",
    "ReminderSent",
    "FolioExtracted",
    "PartialExtractionComplete",
    "ExtractionFailed",
  ],
  status: ["StatusUpdated", "EscalationTriggered", "EscalationResolved", "RecordCompleted", "OperatorAction"],
};
// Added since, each in the README's "Changes to the design".
const addedTypes = ["FolioCorrected"];
const designTypes = Object.values(designCatalog).flat();

const input = sampleInput;

const errorsOf = (e: unknown) => {
  const r = newEvent.safeParse(e);
  return r.success ? null : fieldErrors(r.error);
};

describe("event catalog", () => {
  it("has exactly the event types of DESIGN §4 and the README's additions", () => {
    expect([...eventTypes].sort()).toEqual([...designTypes, ...addedTypes].sort());
    expect(designTypes).toHaveLength(36);
  });

  it("has a schema for every listed type", () => {
    for (const t of eventTypes) expect(typeof eventCatalog[t].safeParse, t).toBe("function");
  });
});

describe("newEvent", () => {
  it("accepts a valid event with only type and data", () => {
    expect(errorsOf({ event_type: "RecordQueued", data: { hotel_phone: "+14155550100" } })).toBeNull();
    expect(errorsOf({ event_type: "RecordCreated", data: { input, reply_token: "t", reply_to: "folios+t@folio.test" } })).toBeNull();
  });

  it("accepts the optional envelope fields", () => {
    expect(
      errorsOf({
        event_id: "11111111-1111-4111-8111-111111111111",
        event_type: "CallConnected",
        data: { call_id: "c1" },
        correlation_id: "batch_1",
        causation_id: null,
        metadata: { actor: "carrier" },
        timestamp: "2026-10-05T10:00:00.000Z",
      }),
    ).toBeNull();
  });

  it("refuses an unknown event type", () => {
    expect(errorsOf({ event_type: "RecordExploded", data: {} })).toHaveProperty(["event_type"]);
  });

  it("refuses data missing a required field, reporting it under data", () => {
    expect(errorsOf({ event_type: "CallInitiated", data: { to: "+14155550100" } })).toHaveProperty(["data.call_id"]);
    expect(errorsOf({ event_type: "FolioRefused", data: { call_id: "c1" } })).toHaveProperty(["data.reason"]);
  });

  it("refuses data of the wrong type or shape", () => {
    expect(errorsOf({ event_type: "EmailTimeout", data: { waited_h: "24" } })).toHaveProperty(["data.waited_h"]);
    expect(errorsOf({ event_type: "EmailTimeout", data: { waited_h: -1 } })).toHaveProperty(["data.waited_h"]);
    expect(errorsOf({ event_type: "ReminderSent", data: { email_id: "e", reminder: 0 } })).toHaveProperty(["data.reminder"]);
    expect(errorsOf({ event_type: "CallEnded", data: { call_id: "c", outcome: "ok", retry_at: "tomorrow" } })).toHaveProperty(["data.retry_at"]);
    expect(errorsOf({ event_type: "EmailRequested", data: { to: "not an email" } })).toHaveProperty(["data.to"]);
    expect(errorsOf({ event_type: "CallConnected", data: null })).not.toBeNull();
  });

  it("checks data against the entry for its own type, not any type", () => {
    // Valid RecordQueued data, but claimed to be an EscalationTriggered.
    expect(errorsOf({ event_type: "EscalationTriggered", data: { hotel_phone: "+14155550100" } })).toHaveProperty(["data.reason"]);
  });

  it("refuses enum values outside the catalog", () => {
    expect(errorsOf({ event_type: "EscalationResolved", data: { note: "x", status: "escalated" } })).toHaveProperty(["data.status"]);
    expect(errorsOf({ event_type: "EmailResponseReceived", data: { email_id: "e", from: "a", matched_by: "magic" } })).toHaveProperty(["data.matched_by"]);
  });

  it("refuses a RecordCreated whose input is not a normalized record", () => {
    const bad = (i: unknown) => errorsOf({ event_type: "RecordCreated", data: { input: i, reply_token: "t", reply_to: "folios+t@folio.test" } });
    expect(bad({ ...input, hotel: { ...input.hotel, phone: "(415) 555-0100" } })).toHaveProperty(["data.input.hotel.phone"]);
    expect(bad({ ...input, check_in: "2026-02-30" })).toHaveProperty(["data.input.check_in"]);
    expect(bad({ ...input, check_out: "2026-09-01" })).toHaveProperty(["data.input.check_out"]);
    expect(bad(input)).toBeNull();
  });

  it("refuses malformed envelope fields", () => {
    expect(errorsOf({ event_type: "CallConnected", data: { call_id: "c" }, event_id: "not-a-uuid" })).toHaveProperty(["event_id"]);
    expect(errorsOf({ event_type: "CallConnected", data: { call_id: "c" }, timestamp: "yesterday" })).toHaveProperty(["timestamp"]);
    expect(errorsOf({ event_type: "CallConnected", data: { call_id: "c" }, metadata: { actor: "" } })).toHaveProperty(["metadata.actor"]);
  });
});

describe("domainEvent (stored envelope)", () => {
  const stored = {
    event_id: "11111111-1111-4111-8111-111111111111",
    event_type: "RecordCancelled",
    aggregate_id: "rec_1",
    aggregate_type: "FolioRecord",
    sequence: 2,
    timestamp: "2026-10-05T10:00:00.000Z",
    correlation_id: null,
    causation_id: null,
    data: { reason: "duplicate" },
    metadata: { actor: "op", service: "api", version: "1" },
  };

  it("accepts a complete envelope", () => {
    expect(domainEvent.safeParse(stored).success).toBe(true);
  });

  it("requires a positive integer sequence, full metadata and matching data", () => {
    expect(domainEvent.safeParse({ ...stored, sequence: 0 }).success).toBe(false);
    expect(domainEvent.safeParse({ ...stored, sequence: 1.5 }).success).toBe(false);
    expect(domainEvent.safeParse({ ...stored, metadata: { actor: "op", service: "api" } }).success).toBe(false);
    expect(domainEvent.safeParse({ ...stored, data: { reason: "x".repeat(2001) } }).success).toBe(false);
  });
});
