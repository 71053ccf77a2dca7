import { describe, expect, it } from "vitest";
import { sampleInput } from "./fixtures";
import { defaultCallWindow, type CallWindow } from "../../src/domain/hotel";
import { callableAt, checkoutCutoffAt } from "../../src/domain/schedule";

const W = defaultCallWindow;
const NY = "America/New_York";
const rec = (check_out: string, timezone?: string) => ({ input: { ...sampleInput, check_out, hotel: { ...sampleInput.hotel, ...(timezone ? { timezone } : {}) } } });
const iso = (at: Date) => at.toISOString();

describe("callableAt: the first window starting at or after 12:00 local on the check-out date", () => {
  it("check-out Wednesday → Thursday 10:00 (the 10:00 window on check-out day starts before noon)", () => {
    expect(iso(callableAt(rec("2026-06-10"), W, NY))).toBe("2026-06-11T14:00:00.000Z");
  });
  it("check-out on a Friday (evening or not: only the date is known) → Monday 10:00", () => {
    expect(iso(callableAt(rec("2026-06-12"), W, NY))).toBe("2026-06-15T14:00:00.000Z");
  });
  it("check-out on Saturday or Sunday → Monday 10:00", () => {
    expect(iso(callableAt(rec("2026-06-13"), W, NY))).toBe("2026-06-15T14:00:00.000Z");
    expect(iso(callableAt(rec("2026-06-14"), W, NY))).toBe("2026-06-15T14:00:00.000Z");
  });
  it("an afternoon window opens the same day, already after check-out", () => {
    const afternoon: CallWindow = { days: ["mon", "tue", "wed", "thu", "fri"], start: "13:00", end: "17:00" };
    expect(iso(callableAt(rec("2026-06-10"), afternoon, NY))).toBe("2026-06-10T17:00:00.000Z");
    const noon: CallWindow = { ...afternoon, start: "12:00" };
    expect(iso(callableAt(rec("2026-06-10"), noon, NY))).toBe("2026-06-10T16:00:00.000Z"); // at the cutoff: inclusive
  });
  it("the cutoff is configurable (a 09:00 check-out hotel is called at 10:00 the same day)", () => {
    expect(iso(callableAt(rec("2026-06-10"), W, NY, "09:00"))).toBe("2026-06-10T14:00:00.000Z");
    expect(iso(checkoutCutoffAt("2026-06-10", NY))).toBe("2026-06-10T16:00:00.000Z");
  });
});

describe("callableAt in hotel zones on both sides of UTC", () => {
  it("America/Los_Angeles: Monday check-out → Tuesday 10:00 PDT", () => {
    expect(iso(callableAt(rec("2026-06-15"), W, "America/Los_Angeles"))).toBe("2026-06-16T17:00:00.000Z");
  });
  it("Europe/Paris: Friday check-out the weekend clocks go back → Monday 10:00 CET", () => {
    expect(iso(callableAt(rec("2026-10-23"), W, "Europe/Paris"))).toBe("2026-10-26T09:00:00.000Z");
  });
  it("Europe/Paris: Friday check-out the weekend clocks go forward → Monday 10:00 CEST", () => {
    expect(iso(callableAt(rec("2026-03-27"), W, "Europe/Paris"))).toBe("2026-03-30T08:00:00.000Z");
  });
  it("Asia/Kolkata: Wednesday check-out → Thursday 10:00 IST = 04:30 UTC", () => {
    expect(iso(callableAt(rec("2026-06-10"), W, "Asia/Kolkata"))).toBe("2026-06-11T04:30:00.000Z");
  });
  it("Australia/Sydney: Friday check-outs either side of its DST changes", () => {
    expect(iso(callableAt(rec("2026-04-03"), W, "Australia/Sydney"))).toBe("2026-04-06T00:00:00.000Z"); // Mon 10:00 AEST
    expect(iso(callableAt(rec("2026-10-02"), W, "Australia/Sydney"))).toBe("2026-10-04T23:00:00.000Z"); // Mon 10:00 AEDT
  });
  it("America/New_York: Friday check-out before spring forward → Monday 10:00 EDT", () => {
    expect(iso(callableAt(rec("2026-03-06"), W, NY))).toBe("2026-03-09T14:00:00.000Z");
  });
});

describe("callableAt: which zone", () => {
  it("the explicit (hotel settings) zone wins over the record's", () => {
    expect(iso(callableAt(rec("2026-06-10", "Asia/Kolkata"), W, NY))).toBe("2026-06-11T14:00:00.000Z");
  });
  it("the record's hotel.timezone when none is given, or the given one is unknown", () => {
    expect(iso(callableAt(rec("2026-06-10", "Asia/Kolkata"), W, null))).toBe("2026-06-11T04:30:00.000Z");
    expect(iso(callableAt(rec("2026-06-10", "Asia/Kolkata"), W, "Nowhere/Atlantis"))).toBe("2026-06-11T04:30:00.000Z");
  });
  it("UTC when neither zone is known", () => {
    expect(iso(callableAt(rec("2026-06-10"), W, undefined))).toBe("2026-06-11T10:00:00.000Z");
  });
  it("a malformed check-out date is refused, not guessed", () => {
    expect(() => callableAt(rec("10/06/2026"), W, NY)).toThrow(RangeError);
  });
});
