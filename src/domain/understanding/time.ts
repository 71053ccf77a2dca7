// parseCallbackTime: "call back after 3" → the next 15:00 in the hotel's zone. Rules find the parts,
// chrono-node fills in calendar dates the rules do not know ("December 3rd", "12/3"), and the zone math
// resolves wall times with the offset in force on the target day.
import * as chrono from "chrono-node";
import { type Clock, type Day, findClock, findDay, findDelay, findPartOfDay, normalizeTimeText, type PartOfDay, type Span } from "./time-phrases";
import { originalSpan } from "./mapped-text";
import { addDays, daysBetween, offsetMinutes, type WallDate, wallAt, wallToInstant, usableZone } from "./zone";

export interface CallbackTime {
  at: Date;
  /** The phrase the time was read from, in the speaker's words. */
  text: string;
}

const MIN = 60_000;
const MIN_DELAY_MIN = 5;
const DEFAULT_HOUR = 10; // "tomorrow", "Monday": mid-morning, clear of the checkout rush

interface ChronoDate {
  date: WallDate;
  clock: Clock | null;
  from: number;
  to: number;
}

/** Dates and times the rules missed, read by chrono in the hotel's offset at `now`. */
function chronoFallback(text: string, now: Date, zone: string, taken: Span[]): ChronoDate | null {
  const results = chrono.casual.parse(text, { instant: now, timezone: offsetMinutes(now, zone) }, { forwardDate: true });
  for (const r of results) {
    const from = r.index;
    const to = r.index + r.text.length;
    if (r.tags().has("result/relativeDate") || taken.some((s) => s.from < to && from < s.to)) continue;
    // "She's out right now" describes the present; it is never the time to call back.
    if (/^(?:right |just )?now$/i.test(r.text.trim())) continue;
    const s = r.start;
    if (!s.isCertain("day") || !s.isCertain("month")) continue;
    const date = { year: s.get("year") ?? 0, month: s.get("month") ?? 1, day: s.get("day") ?? 1 };
    let clock: Clock | null = null;
    if (s.isCertain("hour")) {
      const meridiem = s.isCertain("meridiem") ? (s.get("meridiem") === 1 ? "pm" : "am") : null;
      clock = { from, to, hour: s.get("hour") ?? 0, minute: s.get("minute") ?? 0, meridiem, before: false };
    }
    return { date, clock, from, to };
  }
  return null;
}

/** 24 h hour of a clock time. Without am/pm, business hours decide: 1–7 are afternoon, 8–11 morning. */
function hour24(c: Clock, part: PartOfDay | null): number {
  const h = c.hour;
  const meridiem = c.meridiem ?? (h >= 1 && h <= 12 && part ? part.meridiem : null);
  if (meridiem === "am") return h === 12 ? 0 : h;
  if (meridiem === "pm") return h < 12 ? h + 12 : h;
  if (c.opening && h >= 5 && h <= 7) return h;
  if (h >= 1 && h <= 7) return h + 12;
  return h;
}

function dateOf(day: Day, today: WallDate, weekday: number): WallDate {
  if (day.kind === "offset") return addDays(today, day.days);
  if (day.kind === "weekday") return addDays(today, ((day.weekday - weekday + 6) % 7) + 1);
  // "the 15th": this month if still ahead, else next month.
  const thisMonth = { year: today.year, month: today.month, day: day.day };
  if (day.day > today.day) return thisMonth;
  const next = today.month === 12 ? { year: today.year + 1, month: 1 } : { year: today.year, month: today.month + 1 };
  return { ...next, day: day.day };
}

export function parseCallbackTime(text: string, now: Date, timeZone: string): CallbackTime | null {
  if (typeof text !== "string" || !text.trim() || Number.isNaN(now.getTime())) return null;
  const zone = usableZone(timeZone);
  const n = normalizeTimeText(text);
  const t = n.text;
  const delay = findDelay(t);
  const part = findPartOfDay(t);
  let clock = findClock(t);
  const day = findDay(t);
  const local = wallAt(now, zone);
  const today: WallDate = { year: local.year, month: local.month, day: local.day };
  const nowMs = now.getTime();
  const finish = (at: Date, used: Array<Span | null>): CallbackTime => {
    const real = used.filter((s): s is Span => s !== null);
    const from = Math.min(...real.map((s) => s.from));
    const to = Math.max(...real.map((s) => s.to));
    return { at, text: originalSpan(n, from, to) || text.trim() };
  };

  let date: WallDate | null = day ? dateOf(day, today, local.weekday) : null;
  let calendar: Span | null = null;
  if (!day) {
    const taken: Span[] = [];
    if (delay) taken.push(delay);
    if (part) taken.push(part);
    const c = chronoFallback(t, now, zone, taken);
    if (c) {
      date = c.date;
      clock = clock ?? c.clock;
      calendar = c;
    }
  }
  if (!delay && !part && !clock && !day && !calendar) return null;

  // A delay ("give us 20 minutes", "later") counts unless a clock time or another day is named;
  // a vague one yields to a part of the day ("later this afternoon").
  const isToday = date === null || daysBetween(today, date) === 0;
  if (delay && !clock && isToday && (/\d/.test(t.slice(delay.from, delay.to)) || !part)) {
    return finish(new Date(nowMs + Math.max(delay.minutes, MIN_DELAY_MIN) * MIN), [delay, day]);
  }

  let hour = DEFAULT_HOUR;
  let minute = 0;
  if (clock) {
    hour = hour24(clock, part);
    minute = clock.minute;
  } else if (part) {
    hour = part.hour;
    minute = part.minute;
  } else if (isToday) {
    return finish(new Date(nowMs + 120 * MIN), [day, calendar]); // "today", no time: in a couple of hours
  }
  if (clock?.before) {
    const m = hour * 60 + minute - 60; // "before 11": an hour ahead of it
    hour = Math.floor(m / 60);
    minute = m % 60;
  }

  let target = date ?? today;
  let at = wallToInstant({ ...target, hour, minute }, zone);
  if (at.getTime() <= nowMs && isToday) {
    if (clock && !clock.meridiem && !part && clock.hour < 12 && hour < 12 && day?.kind === "offset" && day.explicitToday) {
      // "today at 8" said at 10:00 can only be the evening.
      const evening = wallToInstant({ ...target, hour: hour + 12, minute }, zone);
      if (evening.getTime() > nowMs) at = evening;
    } else if (!clock && part) {
      // Still inside that part of the day ("this afternoon" at 14:30): an hour from now.
      const endMs = wallToInstant({ ...target, hour: part.end, minute: 0 }, zone).getTime();
      if (nowMs + 30 * MIN <= endMs) at = new Date(Math.min(nowMs + 60 * MIN, endMs));
    } else if (clock?.before) {
      const deadline = at.getTime() + 60 * MIN;
      if (deadline - nowMs > 10 * MIN) at = new Date(nowMs + Math.floor((deadline - nowMs) / 2));
    }
  }
  const step = day?.kind === "weekday" ? 7 : 1;
  for (let i = 0; at.getTime() <= nowMs && i < 400; i++) {
    target = addDays(target, step);
    at = wallToInstant({ ...target, hour, minute }, zone);
  }
  return finish(at, [clock, part, day, calendar]);
}
