import { describe, expect, it } from "vitest";
import { defaultCallWindow, type CallWindow } from "../../src/domain/hotel";
import { currentOrNextWindow, isInWindow, nextOpenAt, nextWindowStart, scheduleZone, windowEnd } from "../../src/domain/schedule";

const W = defaultCallWindow; // Mon–Fri 10:00–15:00
const EVERY_DAY: CallWindow = { days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], start: "10:00", end: "15:00" };
const iso = (at: Date) => at.toISOString();
const t = (s: string) => new Date(s);

// Local wall time and weekday of an instant, via Intl only (independent of the code under test).
function local(at: Date, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", weekday: "short", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.weekday} ${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

describe("call window west of UTC: America/Los_Angeles (PDT, UTC-7)", () => {
  const LA = "America/Los_Angeles";
  it("opens at 10:00 local, not 10:00 UTC", () => {
    const start = nextWindowStart(t("2026-06-10T15:00:00Z"), W, LA); // Wed 08:00 PDT
    expect(iso(start)).toBe("2026-06-10T17:00:00.000Z");
    expect(local(start, LA)).toBe("Wed 2026-06-10 10:00");
  });
  it("is half-open: in at 10:00 and 14:59, out at 09:59 and 15:00", () => {
    expect(isInWindow(t("2026-06-10T16:59:00Z"), W, LA)).toBe(false);
    expect(isInWindow(t("2026-06-10T17:00:00Z"), W, LA)).toBe(true);
    expect(isInWindow(t("2026-06-10T21:59:00Z"), W, LA)).toBe(true);
    expect(isInWindow(t("2026-06-10T22:00:00Z"), W, LA)).toBe(false);
  });
  it("after today's window, the next start is tomorrow's", () => {
    expect(local(nextWindowStart(t("2026-06-10T22:00:00Z"), W, LA), LA)).toBe("Thu 2026-06-11 10:00");
  });
  it("windowEnd is 15:00 local of the open window", () => {
    expect(iso(windowEnd(t("2026-06-10T18:00:00Z"), W, LA))).toBe("2026-06-10T22:00:00.000Z");
  });
});

describe("call window east of UTC", () => {
  it("Europe/Paris: Friday after the window → Monday 10:00; Saturday is closed", () => {
    const P = "Europe/Paris";
    expect(isInWindow(t("2026-06-12T13:00:00Z"), W, P)).toBe(false); // Fri 15:00 CEST
    expect(iso(nextWindowStart(t("2026-06-12T13:00:00Z"), W, P))).toBe("2026-06-15T08:00:00.000Z");
    expect(isInWindow(t("2026-06-13T10:00:00Z"), W, P)).toBe(false); // Sat 12:00
    expect(isInWindow(t("2026-06-13T10:00:00Z"), EVERY_DAY, P)).toBe(true);
  });
  it("Asia/Kolkata's :30 offset: 10:00–15:00 IST is 04:30–09:30 UTC", () => {
    const K = "Asia/Kolkata";
    expect(iso(nextWindowStart(t("2026-06-10T00:00:00Z"), W, K))).toBe("2026-06-10T04:30:00.000Z");
    expect(isInWindow(t("2026-06-10T04:29:00Z"), W, K)).toBe(false);
    expect(isInWindow(t("2026-06-10T04:30:00Z"), W, K)).toBe(true);
    expect(isInWindow(t("2026-06-10T09:29:00Z"), W, K)).toBe(true);
    expect(isInWindow(t("2026-06-10T09:30:00Z"), W, K)).toBe(false);
    expect(iso(windowEnd(t("2026-06-10T05:00:00Z"), W, K))).toBe("2026-06-10T09:30:00.000Z");
  });
  it("Australia/Sydney: the weekday is the local one (Monday 10:30 AEDT is Sunday in UTC)", () => {
    const S = "Australia/Sydney";
    expect(isInWindow(t("2026-01-11T23:30:00Z"), W, S)).toBe(true); // Mon 10:30 AEDT
    expect(isInWindow(t("2026-01-16T23:30:00Z"), W, S)).toBe(false); // Sat 10:30 AEDT, a Friday in UTC
    expect(iso(nextWindowStart(t("2026-01-16T04:00:00Z"), W, S))).toBe("2026-01-18T23:00:00.000Z"); // Fri 15:00 → Mon 10:00
  });
  it("Australia/Sydney across its April DST end: Friday 10:00 AEDT, Monday 10:00 AEST", () => {
    const S = "Australia/Sydney";
    expect(iso(nextWindowStart(t("2026-04-02T20:00:00Z"), W, S))).toBe("2026-04-02T23:00:00.000Z");
    expect(iso(nextWindowStart(t("2026-04-03T04:00:00Z"), W, S))).toBe("2026-04-06T00:00:00.000Z");
  });
});

describe("DST transition days keep the window on the wall clock", () => {
  const NY = "America/New_York";
  const P = "Europe/Paris";
  it("New York spring forward, Sun 2026-03-08: 10:00 EST Saturday, 10:00 EDT Sunday", () => {
    expect(iso(nextWindowStart(t("2026-03-07T12:00:00Z"), EVERY_DAY, NY))).toBe("2026-03-07T15:00:00.000Z");
    const sunday = nextWindowStart(t("2026-03-07T20:00:00Z"), EVERY_DAY, NY);
    expect(iso(sunday)).toBe("2026-03-08T14:00:00.000Z");
    expect(iso(windowEnd(sunday, EVERY_DAY, NY))).toBe("2026-03-08T19:00:00.000Z");
    expect(isInWindow(t("2026-03-08T13:30:00Z"), EVERY_DAY, NY)).toBe(false); // 09:30 EDT (10:30 on a stale EST offset)
    expect(isInWindow(t("2026-03-08T18:30:00Z"), EVERY_DAY, NY)).toBe(true); // 14:30 EDT
  });
  it("New York: the Monday after spring forward opens an hour earlier in UTC than the Friday before", () => {
    expect(iso(nextWindowStart(t("2026-03-06T14:00:00Z"), W, NY))).toBe("2026-03-06T15:00:00.000Z");
    expect(iso(nextWindowStart(t("2026-03-06T20:00:00Z"), W, NY))).toBe("2026-03-09T14:00:00.000Z");
  });
  it("New York fall back, Sun 2026-11-01: 10:00–15:00 EST", () => {
    expect(iso(nextWindowStart(t("2026-10-31T12:00:00Z"), EVERY_DAY, NY))).toBe("2026-10-31T14:00:00.000Z");
    const sunday = currentOrNextWindow(t("2026-10-31T19:00:00Z"), EVERY_DAY, NY);
    expect([iso(sunday.start), iso(sunday.end)]).toEqual(["2026-11-01T15:00:00.000Z", "2026-11-01T20:00:00.000Z"]);
    expect(isInWindow(t("2026-11-01T14:30:00Z"), EVERY_DAY, NY)).toBe(false); // 09:30 EST
    expect(isInWindow(t("2026-11-01T19:30:00Z"), EVERY_DAY, NY)).toBe(true); // 14:30 EST
  });
  it("a window spanning the change itself is shorter (spring) or longer (fall) in real time", () => {
    const night: CallWindow = { days: ["sun"], start: "01:00", end: "04:00" };
    const spring = currentOrNextWindow(t("2026-03-08T05:00:00Z"), night, NY);
    expect([iso(spring.start), iso(spring.end)]).toEqual(["2026-03-08T06:00:00.000Z", "2026-03-08T08:00:00.000Z"]);
    const late: CallWindow = { days: ["sun"], start: "00:30", end: "03:00" };
    const fall = currentOrNextWindow(t("2026-11-01T04:00:00Z"), late, NY);
    expect([iso(fall.start), iso(fall.end)]).toEqual(["2026-11-01T04:30:00.000Z", "2026-11-01T08:00:00.000Z"]);
  });
  it("a start in the skipped hour moves later by the gap", () => {
    const skipped: CallWindow = { days: ["sun"], start: "02:30", end: "05:00" };
    const w = currentOrNextWindow(t("2026-03-08T05:00:00Z"), skipped, NY);
    expect(local(w.start, NY)).toBe("Sun 2026-03-08 03:30");
    expect(iso(w.end)).toBe("2026-03-08T09:00:00.000Z");
  });
  it("Paris spring forward, Sun 2026-03-29: 10:00 CET Saturday, 10:00 CEST Sunday", () => {
    expect(iso(nextWindowStart(t("2026-03-28T06:00:00Z"), EVERY_DAY, P))).toBe("2026-03-28T09:00:00.000Z");
    expect(iso(nextWindowStart(t("2026-03-28T15:00:00Z"), EVERY_DAY, P))).toBe("2026-03-29T08:00:00.000Z");
    expect(iso(windowEnd(t("2026-03-29T08:00:00Z"), EVERY_DAY, P))).toBe("2026-03-29T13:00:00.000Z");
    expect(iso(nextWindowStart(t("2026-03-27T14:00:00Z"), W, P))).toBe("2026-03-30T08:00:00.000Z"); // Fri → Mon
  });
  it("Paris fall back, Sun 2026-10-25: 10:00 CEST Saturday, 10:00 CET Sunday", () => {
    expect(iso(nextWindowStart(t("2026-10-24T06:00:00Z"), EVERY_DAY, P))).toBe("2026-10-24T08:00:00.000Z");
    expect(iso(nextWindowStart(t("2026-10-24T14:00:00Z"), EVERY_DAY, P))).toBe("2026-10-25T09:00:00.000Z");
    expect(isInWindow(t("2026-10-25T08:30:00Z"), EVERY_DAY, P)).toBe(false); // 09:30 CET
    expect(iso(windowEnd(t("2026-10-25T09:00:00Z"), EVERY_DAY, P))).toBe("2026-10-25T14:00:00.000Z");
  });
});

describe("window helpers and edge cases", () => {
  const NY = "America/New_York";
  it("nextOpenAt: the instant itself inside the window, the next start outside it", () => {
    expect(iso(nextOpenAt(t("2026-06-09T15:30:00Z"), W, NY))).toBe("2026-06-09T15:30:00.000Z");
    expect(iso(nextOpenAt(t("2026-06-09T12:00:00Z"), W, NY))).toBe("2026-06-09T14:00:00.000Z");
    expect(iso(nextOpenAt(t("2026-06-13T15:00:00Z"), W, NY))).toBe("2026-06-15T14:00:00.000Z"); // Saturday
  });
  it("nextWindowStart skips the open window (its start has passed)", () => {
    expect(iso(nextWindowStart(t("2026-06-09T15:30:00Z"), W, NY))).toBe("2026-06-10T14:00:00.000Z");
    expect(iso(nextWindowStart(t("2026-06-09T14:00:00Z"), W, NY))).toBe("2026-06-09T14:00:00.000Z"); // at the start: inclusive
  });
  it("a one-day window finds the same weekday a week on", () => {
    const wed: CallWindow = { days: ["wed"], start: "10:00", end: "15:00" };
    expect(local(nextWindowStart(t("2026-06-10T20:00:00Z"), wed, NY), NY)).toBe("Wed 2026-06-17 10:00");
    expect(local(windowEnd(t("2026-06-10T20:00:00Z"), wed, NY), NY)).toBe("Wed 2026-06-17 15:00");
  });
  it("an unknown, empty or absent zone is read as UTC", () => {
    expect(iso(nextWindowStart(t("2026-06-10T00:00:00Z"), W, "Mars/Olympus_Mons"))).toBe("2026-06-10T10:00:00.000Z");
    expect(isInWindow(t("2026-06-10T10:00:00Z"), W, "")).toBe(true);
    expect(scheduleZone(null, undefined)).toBe("UTC");
    expect(scheduleZone("Not/AZone", " Europe/Paris ")).toBe("Europe/Paris");
  });
  it("a window with no days cannot produce a time", () => {
    const none = { days: [], start: "10:00", end: "15:00" } as unknown as CallWindow;
    expect(() => nextWindowStart(t("2026-06-10T00:00:00Z"), none, NY)).toThrow(RangeError);
    expect(isInWindow(t("2026-06-10T15:00:00Z"), none, NY)).toBe(false);
  });
});
