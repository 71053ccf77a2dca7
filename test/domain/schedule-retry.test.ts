import { describe, expect, it } from "vitest";
import { sampleInput } from "./fixtures";
import type { DomainEvent, EventData, EventType } from "../../src/domain/events";
import { defaultCallWindow } from "../../src/domain/hotel";
import { foldEvents } from "../../src/domain/record-state";
import { attemptStateOf, defaultRetryPolicy, nextAttempt, shouldLeaveVoicemail, type AttemptState, type NextAttempt } from "../../src/domain/schedule";

const W = defaultCallWindow;
const P = defaultRetryPolicy;
const NY = "America/New_York";
const t = (s: string) => new Date(s);
const st = (attempts: number, voicemailsBefore = 0, email: string | null = "frontdesk@grand.test"): AttemptState => ({ attempts, voicemailsBefore, email });
const retryAt = (r: NextAttempt) => (r.kind === "retry" ? r.at.toISOString() : `not a retry: ${r.kind}`);

describe("no answer or busy: retry in 2 h inside the window", () => {
  it("no answer at Tue 11:00 EDT → 13:00 the same day", () => {
    const r = nextAttempt(st(1), "no_answer", t("2026-06-09T15:00:00Z"), P, W, NY);
    expect(r).toEqual({ kind: "retry", reason: "no_answer", at: t("2026-06-09T17:00:00Z") });
  });
  it("busy at 13:30, whose +2 h is past 15:00 → the next window, Wed 10:00", () => {
    const r = nextAttempt(st(2), "busy", t("2026-06-09T17:30:00Z"), P, W, NY);
    expect(r).toEqual({ kind: "retry", reason: "busy", at: t("2026-06-10T14:00:00Z") });
  });
  it("a retry landing exactly on the window's end is outside it (end is exclusive)", () => {
    expect(retryAt(nextAttempt(st(1), "no_answer", t("2026-06-09T17:00:00Z"), P, W, NY))).toBe("2026-06-10T14:00:00.000Z");
  });
  it("Friday 14:00 EST before spring forward → Monday 10:00 EDT (not 24 h multiples)", () => {
    expect(retryAt(nextAttempt(st(1), "no_answer", t("2026-03-06T19:00:00Z"), P, W, NY))).toBe("2026-03-09T14:00:00.000Z");
  });
  it("Europe/Paris: Friday 14:00 CEST before fall back → Monday 10:00 CET", () => {
    expect(retryAt(nextAttempt(st(1), "busy", t("2026-10-23T12:00:00Z"), P, W, "Europe/Paris"))).toBe("2026-10-26T09:00:00.000Z");
  });
  it("Asia/Kolkata: +2 h before the window opens → 10:00 IST", () => {
    expect(retryAt(nextAttempt(st(1), "no_answer", t("2026-06-10T01:30:00Z"), P, W, "Asia/Kolkata"))).toBe("2026-06-10T04:30:00.000Z");
  });
  it("an outcome the policy does not name (a failed call) is retried like no answer", () => {
    const r = nextAttempt(st(1), "failed", t("2026-06-09T15:00:00Z"), P, W, NY);
    expect(r).toEqual({ kind: "retry", reason: "no_answer", at: t("2026-06-09T17:00:00Z") });
  });
  it("an unknown zone is read as UTC", () => {
    expect(retryAt(nextAttempt(st(1), "no_answer", t("2026-06-09T11:00:00Z"), P, W, "Bogus/Zone"))).toBe("2026-06-09T13:00:00.000Z");
  });
});

describe("voicemail: leave one message, retry the next day", () => {
  it("first voicemail Tue 11:00 → Wed 10:00, not 13:00 the same day", () => {
    const r = nextAttempt(st(1), "voicemail", t("2026-06-09T15:00:00Z"), P, W, NY);
    expect(r).toEqual({ kind: "retry", reason: "voicemail", at: t("2026-06-10T14:00:00Z") });
  });
  it("a voicemail before the window opens still waits for the next calendar day", () => {
    expect(retryAt(nextAttempt(st(1), "voicemail", t("2026-06-09T13:00:00Z"), P, W, NY))).toBe("2026-06-10T14:00:00.000Z");
  });
  it("a Friday voicemail → Monday 10:00", () => {
    expect(retryAt(nextAttempt(st(1), "voicemail", t("2026-06-12T15:00:00Z"), P, W, NY))).toBe("2026-06-15T14:00:00.000Z");
  });
  it("Australia/Sydney: Friday voicemail the weekend DST ends → Monday 10:00 AEST", () => {
    expect(retryAt(nextAttempt(st(1), "voicemail", t("2026-04-03T00:00:00Z"), P, W, "Australia/Sydney"))).toBe("2026-04-06T00:00:00.000Z");
  });
  it("a second voicemail gets no next-day treatment: 2 h like no answer", () => {
    const r = nextAttempt(st(2, 1), "voicemail", t("2026-06-09T15:00:00Z"), P, W, NY);
    expect(r).toEqual({ kind: "retry", reason: "voicemail", at: t("2026-06-09T17:00:00Z") });
  });
  it("a message is left only on the first voicemail", () => {
    expect(shouldLeaveVoicemail(0)).toBe(true);
    expect(shouldLeaveVoicemail(1)).toBe(false);
    expect(shouldLeaveVoicemail(1, { ...P, voicemailMessages: 2 })).toBe(true);
  });
  it("the retry delay in days is configurable", () => {
    expect(retryAt(nextAttempt(st(1), "voicemail", t("2026-06-09T15:00:00Z"), { ...P, voicemailRetryDays: 2 }, W, NY))).toBe("2026-06-11T14:00:00.000Z");
  });
});

describe("attempts exhausted, or the call overran: email request, else escalate", () => {
  it("the third unanswered call → email to the hotel", () => {
    expect(nextAttempt(st(3), "no_answer", t("2026-06-09T15:00:00Z"), P, W, NY)).toEqual({ kind: "email", reason: "attempts_exhausted", to: "frontdesk@grand.test" });
  });
  it("a voicemail on the last attempt also goes to email", () => {
    expect(nextAttempt(st(3), "voicemail", t("2026-06-09T15:00:00Z"), P, W, NY).kind).toBe("email");
  });
  it("no hotel email → escalate, saying why", () => {
    const r = nextAttempt(st(3, 0, null), "busy", t("2026-06-09T15:00:00Z"), P, W, NY);
    expect(r.kind).toBe("escalate");
    expect(r).toMatchObject({ reason: "attempts_exhausted", details: expect.stringContaining("no email") });
  });
  it("a call past its max duration → email for the records left, even on the first attempt", () => {
    expect(nextAttempt(st(1), "max_duration", t("2026-06-09T15:00:00Z"), P, W, NY)).toEqual({ kind: "email", reason: "call_duration_exceeded", to: "frontdesk@grand.test" });
    expect(nextAttempt(st(1, 0, null), "max_duration", t("2026-06-09T15:00:00Z"), P, W, NY)).toMatchObject({ kind: "escalate", reason: "call_duration_exceeded" });
  });
  it("the thresholds are configurable", () => {
    const policy = { ...P, maxAttempts: 5, retryAfterMinutes: 30 };
    expect(nextAttempt(st(3), "no_answer", t("2026-06-09T15:00:00Z"), policy, W, NY)).toEqual({ kind: "retry", reason: "no_answer", at: t("2026-06-09T15:30:00Z") });
    expect(nextAttempt(st(5), "no_answer", t("2026-06-09T15:00:00Z"), policy, W, NY).kind).toBe("email");
  });
});

describe("nextAttempt over a folded RecordState", () => {
  type Step = [EventType, unknown];
  const fold = (hotelEmail: string | undefined, ...steps: Step[]) => {
    const input = { ...sampleInput, hotel: { ...sampleInput.hotel, ...(hotelEmail ? { email: hotelEmail } : {}) } };
    const all: Step[] = [["RecordCreated", { input, reply_token: "tok", reply_to: "folios+tok@folio.test" }], ...steps];
    const events = all.map(
      ([type, data], i) =>
        ({
          event_id: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
          event_type: type,
          aggregate_id: "rec_1",
          aggregate_type: "FolioRecord",
          sequence: i + 1,
          timestamp: new Date(Date.UTC(2026, 5, 9, 15, i)).toISOString(),
          correlation_id: null,
          causation_id: null,
          data: data as EventData<EventType>,
          metadata: { actor: "test", service: "test", version: "1" },
        }) as DomainEvent,
    );
    return foldEvents(events)!;
  };
  const call = (id: string, outcome?: string): Step[] => [["CallInitiated", { call_id: id, to: "+14155550100" }], ...(outcome ? [["CallEnded", { call_id: id, outcome }] as Step] : [])];

  it("counts only earlier calls' voicemails: the first voicemail → next day", () => {
    const s = fold(undefined, ...call("c1", "no_answer"), ...call("c2"), ["VoicemailLeft", { call_id: "c2" }], ["CallEnded", { call_id: "c2", outcome: "voicemail" }]);
    expect(attemptStateOf(s)).toEqual({ attempts: 2, voicemailsBefore: 0, email: null });
    expect(retryAt(nextAttempt(s, "voicemail", t("2026-06-09T15:00:00Z"), P, W, NY))).toBe("2026-06-10T14:00:00.000Z");
  });
  it("a voicemail on an earlier call makes this one a plain 2 h retry", () => {
    const s = fold(undefined, ...call("c1", "voicemail"), ...call("c2"));
    expect(attemptStateOf(s).voicemailsBefore).toBe(1);
    expect(retryAt(nextAttempt(s, "voicemail", t("2026-06-10T15:00:00Z"), P, W, NY))).toBe("2026-06-10T17:00:00.000Z");
  });
  it("the hotel settings' email wins over the record's; the record's is used otherwise", () => {
    const s = fold("old@grand.test", ...call("c1", "busy"), ...call("c2", "busy"), ...call("c3", "busy"));
    expect(s.attempts).toBe(3);
    expect(nextAttempt(s, "busy", t("2026-06-09T15:00:00Z"), P, W, NY)).toMatchObject({ kind: "email", to: "old@grand.test" });
    expect(nextAttempt(s, "busy", t("2026-06-09T15:00:00Z"), P, W, NY, "folios@grand.test")).toMatchObject({ kind: "email", to: "folios@grand.test" });
  });
});
