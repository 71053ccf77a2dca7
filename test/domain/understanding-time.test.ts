import { describe, expect, it } from "vitest";
import { parseCallbackTime } from "../../src/domain/understanding";

// Local wall time of an instant in a zone, via Intl only (independent of the code under test).
function local(at: Date, zone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

const NY = "America/New_York";
// Wednesday 10 June 2026, 16:00 in New York (EDT, UTC-4).
const WED_4PM = new Date("2026-06-10T20:00:00Z");
// Same day, 09:15.
const WED_915 = new Date("2026-06-10T13:15:00Z");

function at(text: string, now: Date, zone = NY): string | null {
  const r = parseCallbackTime(text, now, zone);
  return r ? local(r.at, zone) : null;
}

describe("parseCallbackTime: the brief's phrases, said Wednesday 16:00 in New York", () => {
  it.each([
    ["call back after 3", "2026-06-11 15:00"], // 15:00 has passed today: tomorrow
    ["try again tomorrow morning", "2026-06-11 10:00"],
    ["in two hours", "2026-06-10 18:00"],
    ["Monday at 10:30", "2026-06-15 10:30"],
    ["after lunch", "2026-06-11 14:00"],
    ["around 4pm", "2026-06-11 16:00"], // exactly now is not the future
    ["give us 20 minutes", "2026-06-10 16:20"],
    ["the manager is in at nine tomorrow", "2026-06-11 09:00"],
    ["later today", "2026-06-10 18:00"],
    ["end of day", "2026-06-10 17:00"],
    ["tomorrow", "2026-06-11 10:00"],
    ["try us tomorrow afternoon", "2026-06-11 14:00"],
  ])("%s → %s", (text, expected) => {
    expect(at(text, WED_4PM)).toBe(expected);
  });
});

describe("parseCallbackTime: clock times and business hours", () => {
  it.each([
    ["call back after 3", "2026-06-10 15:00"],
    ["at 11", "2026-06-10 11:00"],
    ["try again at eleven", "2026-06-10 11:00"],
    ["at 1", "2026-06-10 13:00"], // bare 1–7 are afternoon
    ["after five", "2026-06-10 17:00"],
    ["call back at 7", "2026-06-10 19:00"],
    ["at 8", "2026-06-11 08:00"], // 8–11 are morning; 08:00 has passed
    ["today at 8", "2026-06-10 20:00"], // "today" leaves only the evening
    ["at 3 in the morning", "2026-06-11 03:00"],
    ["8 in the evening", "2026-06-10 20:00"],
    ["around 10.30", "2026-06-10 10:30"],
    ["half past two", "2026-06-10 14:30"],
    ["quarter to four", "2026-06-10 15:45"],
    ["nine thirty tomorrow", "2026-06-11 09:30"],
    ["15:00", "2026-06-10 15:00"],
    ["at 3 o'clock", "2026-06-10 15:00"],
    ["2 p.m.", "2026-06-10 14:00"],
    ["11am", "2026-06-10 11:00"],
    ["around noon", "2026-06-10 12:00"],
    ["tomorrow at noon", "2026-06-11 12:00"],
    ["we open at 7", "2026-06-11 07:00"], // an opening hour is the morning
    ["before 11", "2026-06-10 10:00"],
    ["not before 11", "2026-06-10 11:00"],
  ])("said at 09:15: %s → %s", (text, expected) => {
    expect(at(text, WED_915)).toBe(expected);
  });
});

describe("parseCallbackTime: parts of the day and vague phrases", () => {
  it.each([
    ["this morning", WED_915, "2026-06-10 10:00"],
    ["in the afternoon", WED_915, "2026-06-10 14:00"],
    ["first thing tomorrow", WED_915, "2026-06-11 09:00"],
    ["late afternoon", WED_915, "2026-06-10 16:00"],
    ["close of business", WED_915, "2026-06-10 17:00"],
    ["this evening", WED_915, "2026-06-10 18:00"],
    ["later", WED_915, "2026-06-10 11:15"],
    ["a bit later", WED_915, "2026-06-10 10:15"],
    ["later this afternoon", WED_915, "2026-06-10 14:00"],
    ["today", WED_915, "2026-06-10 11:15"],
    ["in the morning", WED_4PM, "2026-06-11 10:00"],
    ["friday afternoon", WED_4PM, "2026-06-12 14:00"],
    ["the day after tomorrow", WED_4PM, "2026-06-12 10:00"],
  ])("%s", (text, now, expected) => {
    expect(at(text, now)).toBe(expected);
  });
});

describe("parseCallbackTime: delays", () => {
  it.each([
    ["in an hour", 60],
    ["call back in half an hour", 30],
    ["try in 45 minutes", 45],
    ["give it an hour and a half", 90],
    ["in a couple of hours", 120],
    ["an hour or two", 120],
    ["20 minutes from now", 20],
    ["give us a few minutes", 10],
    ["in about an hour", 60],
  ])("%s → +%i min", (text, minutes) => {
    const r = parseCallbackTime(text, WED_4PM, NY);
    expect(r?.at.getTime()).toBe(WED_4PM.getTime() + minutes * 60_000);
  });

  it("never schedules sooner than five minutes out", () => {
    const r = parseCallbackTime("call back in a minute", WED_4PM, NY);
    expect(r?.at.getTime()).toBe(WED_4PM.getTime() + 5 * 60_000);
  });

  it("a number of days is a day, at mid-morning", () => {
    expect(at("give it 2 days", WED_915)).toBe("2026-06-12 10:00");
    expect(at("try again in a couple of days", WED_915)).toBe("2026-06-12 10:00");
    expect(at("in 2 weeks", WED_915)).toBe("2026-06-24 10:00");
  });
});

describe("parseCallbackTime: days and dates", () => {
  it.each([
    ["Monday", "2026-06-15 10:00"],
    ["next tuesday", "2026-06-16 10:00"],
    ["she's off until Monday", "2026-06-15 10:00"],
    ["Wednesday", "2026-06-17 10:00"], // today's weekday means next week
    ["next week", "2026-06-15 10:00"],
    ["after the weekend", "2026-06-15 10:00"],
    ["end of the week", "2026-06-12 10:00"],
    ["on the 15th", "2026-06-15 10:00"],
    ["on the 3rd", "2026-07-03 10:00"],
    ["on December 3rd at 2", "2026-12-03 14:00"],
    ["12/20 at 2pm", "2026-12-20 14:00"],
    ["Thursday around 10:30am", "2026-06-11 10:30"],
    ["not today, tomorrow afternoon", "2026-06-11 14:00"],
  ])("%s → %s", (text, expected) => {
    expect(at(text, WED_4PM)).toBe(expected);
  });
});

describe("parseCallbackTime: always in the future", () => {
  const phrases = ["after 3", "at 9", "this morning", "tomorrow", "Wednesday", "later", "end of day", "around noon", "at 12:30", "tonight"];
  const nows = ["2026-06-10T03:00:00Z", "2026-06-10T13:15:00Z", "2026-06-10T19:59:00Z", "2026-06-11T03:30:00Z", "2026-12-31T22:00:00Z"];
  it.each(nows)("from %s", (iso) => {
    const now = new Date(iso);
    for (const p of phrases) {
      const r = parseCallbackTime(p, now, NY);
      expect(r, p).not.toBeNull();
      expect(r!.at.getTime(), p).toBeGreaterThan(now.getTime());
      expect(r!.at.getTime() - now.getTime(), p).toBeLessThanOrEqual(8 * 86_400_000);
    }
  });
});

describe("parseCallbackTime: the matched phrase", () => {
  it("reports the words it read, as spoken", () => {
    expect(parseCallbackTime("Yeah, call back after 3, she'll be in", WED_4PM, NY)?.text).toBe("after 3");
    expect(parseCallbackTime("The manager is in at nine tomorrow.", WED_4PM, NY)?.text).toBe("in at nine tomorrow");
    expect(parseCallbackTime("Honestly, try again Tomorrow Morning.", WED_4PM, NY)?.text).toBe("Tomorrow Morning");
    expect(parseCallbackTime("give us twenty minutes", WED_4PM, NY)?.text).toBe("give us twenty minutes");
    // The contract shape exactly: nothing beyond { at, text }.
    expect(Object.keys(parseCallbackTime("around 4pm", WED_4PM, NY)!).sort()).toEqual(["at", "text"]);
  });

  it.each(["", "   ", "no idea, sorry", "the guest's name is Smith", "he's in room 12", "press 3 for billing", "thanks, bye", "it was about 200 dollars", "she stayed 3 nights"])(
    "null when there is no time: %j",
    (text) => {
      expect(parseCallbackTime(text, WED_4PM, NY)).toBeNull();
    },
  );
});

describe("parseCallbackTime: other zones and DST days", () => {
  it("reads the wall clock of the hotel's zone, not UTC", () => {
    const now = new Date("2026-06-10T07:00:00Z"); // 16:00 in Tokyo
    expect(parseCallbackTime("after 3", now, "Asia/Tokyo")?.at.toISOString()).toBe("2026-06-11T06:00:00.000Z");
    expect(parseCallbackTime("after 3", now, "Europe/London")?.at.toISOString()).toBe("2026-06-10T14:00:00.000Z");
    expect(parseCallbackTime("after 3", now, "America/Los_Angeles")?.at.toISOString()).toBe("2026-06-10T22:00:00.000Z");
  });

  it("New York, fall back on 2026-11-01: tomorrow 10:00 is EST, not EDT", () => {
    const satEvening = new Date("2026-11-01T00:00:00Z"); // Sat 31 Oct 20:00 EDT
    expect(parseCallbackTime("tomorrow at 10", satEvening, NY)?.at.toISOString()).toBe("2026-11-01T15:00:00.000Z");
    expect(parseCallbackTime("tomorrow morning", satEvening, NY)?.at.toISOString()).toBe("2026-11-01T15:00:00.000Z");
    // 01:30 EDT, just before the clocks go back: two hours is two real hours.
    const early = new Date("2026-11-01T05:30:00Z");
    expect(parseCallbackTime("in two hours", early, NY)?.at.toISOString()).toBe("2026-11-01T07:30:00.000Z");
    expect(parseCallbackTime("at 9", early, NY)?.at.toISOString()).toBe("2026-11-01T14:00:00.000Z");
  });

  it("London, clocks go back on 2026-10-25: Sunday 10:00 is GMT", () => {
    const satAfternoon = new Date("2026-10-24T15:00:00Z"); // 16:00 BST
    expect(parseCallbackTime("tomorrow morning", satAfternoon, "Europe/London")?.at.toISOString()).toBe("2026-10-25T10:00:00.000Z");
    expect(parseCallbackTime("Monday at 10:30", satAfternoon, "Europe/London")?.at.toISOString()).toBe("2026-10-26T10:30:00.000Z");
    expect(parseCallbackTime("after 3", satAfternoon, "Europe/London")?.at.toISOString()).toBe("2026-10-25T15:00:00.000Z");
  });

  it("New York, spring forward on 2026-03-08, and Sydney on 2026-10-04", () => {
    expect(parseCallbackTime("tomorrow at 9", new Date("2026-03-07T21:00:00Z"), NY)?.at.toISOString()).toBe("2026-03-08T13:00:00.000Z");
    expect(parseCallbackTime("tomorrow at 11am", new Date("2026-10-03T06:00:00Z"), "Australia/Sydney")?.at.toISOString()).toBe("2026-10-04T00:00:00.000Z");
  });

  it("an unknown zone falls back to UTC instead of failing", () => {
    expect(parseCallbackTime("tomorrow at 11am", new Date("2026-06-10T07:00:00Z"), "Not/AZone")?.at.toISOString()).toBe("2026-06-11T11:00:00.000Z");
  });
});
