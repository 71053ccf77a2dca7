import { describe, expect, it } from "vitest";
import { clockNow, isClockSpec, toWallClock } from "../../src/domain/clock";
import { defaultCallWindow } from "../../src/domain/hotel";
import { recordInput } from "../../src/domain/record-input";
import { afterCall, DECISIVE_OUTCOMES, defaultRetryPolicy } from "../../src/domain/schedule";
import { callableAt, isInWindow } from "../../src/domain/schedule";
import { campaignSlots, campaignStart, FULL_ROUND, personaForPhone, planCampaign, SIM_PERSONA_NAMES, SIM_PERSONAS, SIM_TIMEZONE } from "../../src/domain/simulation";

describe("the scaled clock", () => {
  const clock = { origin_real_ms: 1_000_000, origin_sim_ms: 5_000_000_000, scale: 2880 };
  it("runs scale times faster from its origin, and the wall clock without one", () => {
    expect(clockNow(clock, 1_000_000)).toBe(5_000_000_000);
    expect(clockNow(clock, 1_001_000)).toBe(5_000_000_000 + 2_880_000);
    expect(clockNow(null, 42)).toBe(42);
  });
  it("converts a simulated instant back to when an alarm must ring (never early)", () => {
    const sim = clockNow(clock, 1_234_567);
    expect(toWallClock(clock, sim)).toBe(1_234_567);
    expect(toWallClock(clock, 5_000_000_000 + 24 * 3_600_000)).toBe(1_000_000 + 30_000); // a day in 30 s
    expect(toWallClock(clock, 5_000_000_001)).toBeGreaterThanOrEqual(1_000_000); // rounds up
    expect(toWallClock(undefined, 7)).toBe(7);
  });
  it("validates a spec", () => {
    expect(isClockSpec(clock)).toBe(true);
    expect(isClockSpec({ ...clock, scale: 0 })).toBe(false);
    expect(isClockSpec({ origin_real_ms: 1 })).toBe(false);
  });
});

describe("after a call", () => {
  const now = new Date("2026-06-09T15:00:00Z"); // Tue 11:00 New York
  const email = "frontdesk@grand.test";
  it("lets a record go on a decisive outcome", () => {
    for (const outcome of DECISIVE_OUTCOMES) {
      expect(afterCall({ attempts: 1, voicemails: 0 }, outcome, now, defaultRetryPolicy, defaultCallWindow, SIM_TIMEZONE, email)).toEqual({ kind: "settled" });
    }
  });
  it("retries no answer in 2 h, the first voicemail the next day, and emails after the third attempt", () => {
    expect(afterCall({ attempts: 1, voicemails: 0 }, "no_answer", now, defaultRetryPolicy, defaultCallWindow, SIM_TIMEZONE, email)).toMatchObject({
      kind: "retry",
      at: new Date("2026-06-09T17:00:00Z"),
    });
    expect(afterCall({ attempts: 1, voicemails: 0 }, "voicemail", now, defaultRetryPolicy, defaultCallWindow, SIM_TIMEZONE, email)).toMatchObject({
      kind: "retry",
      reason: "voicemail",
      at: new Date("2026-06-10T14:00:00Z"),
    });
    expect(afterCall({ attempts: 3, voicemails: 0 }, "no_answer", now, defaultRetryPolicy, defaultCallWindow, SIM_TIMEZONE, email)).toEqual({ kind: "email", reason: "attempts_exhausted", to: email });
    expect(afterCall({ attempts: 1, voicemails: 0 }, "max_duration", now, defaultRetryPolicy, defaultCallWindow, SIM_TIMEZONE, null)).toMatchObject({
      kind: "escalate",
      reason: "call_duration_exceeded",
    });
  });
  it("treats an unknown outcome (a lost call, no outcome) as no answer", () => {
    expect(afterCall({ attempts: 1, voicemails: 0 }, "lost", now, defaultRetryPolicy, defaultCallWindow, SIM_TIMEZONE, email)).toMatchObject({ kind: "retry", reason: "no_answer" });
  });
});

describe("simulated campaigns", () => {
  it("has the nine personas of the issue, with their end states", () => {
    expect(SIM_PERSONA_NAMES).toHaveLength(9);
    expect(new Set(SIM_PERSONA_NAMES).size).toBe(9);
    expect(
      SIM_PERSONAS.filter((p) => p.expected_status === "escalated")
        .map((p) => p.name)
        .sort(),
    ).toEqual(["not_found", "refuses_authorization_form"]);
    expect(SIM_PERSONAS.find((p) => p.name === "agrees")!.records).toBe(3);
  });
  it("fills each persona's hotel before the next, and goes round again for more records", () => {
    const slots = campaignSlots(FULL_ROUND);
    expect(slots).toHaveLength(11);
    expect(new Set(slots.map((s) => s.persona)).size).toBe(9);
    expect(slots.filter((s) => s.persona === "agrees").map((s) => s.hotel)).toEqual([1, 1, 1]);
    const forty = campaignSlots(40);
    expect(forty).toHaveLength(40);
    expect(Math.max(...forty.map((s) => s.hotel))).toBeGreaterThan(30);
    expect(campaignSlots(2).map((s) => s.persona)).toEqual(["ivr_then_agrees", "agrees"]);
  });
  it("starts at 09:58 on the next Monday to Thursday in New York", () => {
    const sunday = Date.parse("2026-11-22T01:00:00Z");
    const start = campaignStart(sunday);
    expect(new Date(start).toISOString()).toBe("2026-11-23T14:58:00.000Z"); // Mon 09:58 EST
    const thursdayNight = Date.parse("2026-11-27T03:00:00Z"); // Thu 22:00 EST
    expect(new Date(campaignStart(thursdayNight)).toISOString()).toBe("2026-11-30T14:58:00.000Z"); // skips Fri to Sun
  });
  it("makes valid records that are callable at the campaign's first window, the same for the same seed", () => {
    const now = Date.parse("2026-11-22T01:00:00Z");
    const a = planCampaign(FULL_ROUND, 7, now, 2880);
    const b = planCampaign(FULL_ROUND, 7, now, 2880);
    expect(a).toEqual(b);
    expect(
      planCampaign(FULL_ROUND, 8, now, 2880).records[0]!.input.guest_name === a.records[0]!.input.guest_name &&
        planCampaign(FULL_ROUND, 8, now, 2880).records[1]!.input.confirmation_number === a.records[1]!.input.confirmation_number,
    ).toBe(false);
    expect(a.clock).toEqual({ origin_real_ms: now, origin_sim_ms: campaignStart(now), scale: 2880 });
    expect(new Set(a.hotels.map((h) => h.phone)).size).toBe(a.hotels.length);
    for (const r of a.records) {
      expect(recordInput.safeParse(r.input).success).toBe(true);
      const at = callableAt(r, defaultCallWindow, SIM_TIMEZONE);
      expect(at.getTime()).toBeLessThanOrEqual(a.clock.origin_sim_ms + 2 * 60_000);
      expect(isInWindow(new Date(a.clock.origin_sim_ms + 2 * 60_000), defaultCallWindow, SIM_TIMEZONE)).toBe(true);
    }
  });
  it("gives a hotel of the simulated system a stable persona from its number", () => {
    expect(personaForPhone("+14155550100")).toBe(personaForPhone("+14155550100"));
    expect(SIM_PERSONA_NAMES).toContain(personaForPhone("+14155550100"));
  });
});
