// A hotel's call window in its own wall clock (docs/architecture.md, "Records"): which days, from when to when, local time.
// Every window is computed per local date: its start and end are the instants at which the hotel's
// clock shows `start` and `end` on that date, with the offset in force *then*. So a 10:00–15:00 window
// is 10:00–15:00 local on the days clocks change too (its UTC times move by the shift), and a window
// spanning the change itself is shorter or longer in real time, as the wall clock says.
//
// Intervals are half-open: a call may start at `start`, not at `end`.
// A zone that is absent, empty or unknown to Intl is read as UTC (see `scheduleZone`): a bad zone
// must not stop the calls, and UTC is the one zone every instant is already written in.
import type { CallWindow } from "../hotel";
import { addDays, usableZone, type WallDate, wallAt, wallToInstant, weekdayOf } from "../understanding/zone";

export interface WindowSpan {
  start: Date;
  end: Date;
}

/** Weekday index as `weekdayOf` counts (0 = Sunday). */
const DAY_INDEX: Record<CallWindow["days"][number], number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** A week and a day: today's window may have closed and the only open day be the same weekday next week. */
const DAYS_AHEAD = 8;

/** The first of the candidates that Intl knows as an IANA zone, else "UTC". */
export function scheduleZone(...candidates: (string | null | undefined)[]): string {
  for (const c of candidates) {
    const zone = c?.trim();
    if (zone && usableZone(zone) === zone) return zone;
  }
  return "UTC";
}

/** "HH:MM" (24 h) → hour and minute. Throws on anything else: windows are validated on the way in. */
export function parseHHMM(value: string): { hour: number; minute: number } {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value);
  if (!m) throw new RangeError(`not an HH:MM time: ${JSON.stringify(value)}`);
  return { hour: Number(m[1]), minute: Number(m[2]) };
}

/** The hotel's local calendar date at `at`. */
export function localDate(at: Date, zone: string): WallDate {
  const w = wallAt(at, zone);
  return { year: w.year, month: w.month, day: w.day };
}

/** The instant the hotel's clock shows `hh:mm` on `date` (a skipped time moves later by the gap). */
export function localInstant(date: WallDate, hhmm: string, zone: string): Date {
  return wallToInstant({ ...date, ...parseHHMM(hhmm) }, zone);
}

/** The window on local date `date`, or null when the window is closed all that day. */
export function windowOn(date: WallDate, window: CallWindow, timeZone: string): WindowSpan | null {
  const zone = scheduleZone(timeZone);
  const weekday = weekdayOf(date);
  if (!window.days.some((d) => DAY_INDEX[d] === weekday)) return null;
  const start = localInstant(date, window.start, zone);
  const end = localInstant(date, window.end, zone);
  return end.getTime() > start.getTime() ? { start, end } : null;
}

function noOpenDay(window: CallWindow): never {
  throw new RangeError(`call window has no open day: ${JSON.stringify(window)}`);
}

/** The window open at `at`, else the next one to open. Its start is before `at` when it is open. */
export function currentOrNextWindow(at: Date, window: CallWindow, timeZone: string): WindowSpan {
  const zone = scheduleZone(timeZone);
  const today = localDate(at, zone);
  for (let i = 0; i < DAYS_AHEAD; i++) {
    const w = windowOn(addDays(today, i), window, zone);
    if (w && w.end.getTime() > at.getTime()) return w;
  }
  return noOpenDay(window);
}

/** The start of the first window that starts at or after `after`. An open window's own start has passed. */
export function nextWindowStart(after: Date, window: CallWindow, timeZone: string): Date {
  const zone = scheduleZone(timeZone);
  const today = localDate(after, zone);
  for (let i = 0; i < DAYS_AHEAD; i++) {
    const w = windowOn(addDays(today, i), window, zone);
    if (w && w.start.getTime() >= after.getTime()) return w.start;
  }
  return noOpenDay(window);
}

/** Whether a call may be placed at `at`: an open day, at or after `start`, before `end`. */
export function isInWindow(at: Date, window: CallWindow, timeZone: string): boolean {
  const zone = scheduleZone(timeZone);
  const w = windowOn(localDate(at, zone), window, zone);
  return w !== null && w.start.getTime() <= at.getTime() && at.getTime() < w.end.getTime();
}

/** The end of the window open at `at`, or of the next window when `at` is outside one. */
export function windowEnd(at: Date, window: CallWindow, timeZone: string): Date {
  return currentOrNextWindow(at, window, timeZone).end;
}

/** The earliest instant at or after `at` inside the window: `at` itself when open, else the next start. */
export function nextOpenAt(at: Date, window: CallWindow, timeZone: string): Date {
  const w = currentOrNextWindow(at, window, timeZone);
  return w.start.getTime() > at.getTime() ? w.start : new Date(at.getTime());
}

/** The start of the first window on a later local calendar day than `at` (`days` ahead, default 1). */
export function firstWindowFromDay(at: Date, days: number, window: CallWindow, timeZone: string): Date {
  const zone = scheduleZone(timeZone);
  const midnight = localInstant(addDays(localDate(at, zone), days), "00:00", zone);
  return nextWindowStart(midnight, window, zone);
}
