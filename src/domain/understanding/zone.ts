// Wall-clock arithmetic in an IANA zone with nothing but Intl: the zone's offset at an instant, the
// instant of a wall time (offset taken at the target, so DST days come out right), and plain date math.

export interface WallDate {
  year: number;
  month: number; // 1–12
  day: number;
}

export interface WallTime extends WallDate {
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone itself when Intl knows it, else UTC: a bad zone must not stop a call. */
export function usableZone(zone: string): string {
  try {
    formatter(zone);
    return zone;
  } catch {
    return "UTC";
  }
}

/** Wall clock in `zone` at `instant`, with the weekday (0 = Sunday). */
export function wallAt(instant: Date, zone: string): WallTime & { second: number; weekday: number } {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(instant)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const w = {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
  return { ...w, weekday: weekdayOf(w) };
}

/** Minutes east of UTC for `zone` at `instant` (New York in summer: -240). */
export function offsetMinutes(instant: Date, zone: string): number {
  const w = wallAt(instant, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/**
 * The instant at which `zone` shows wall time `w`. The offset is the one in force at the target, not
 * now. A time skipped by spring-forward moves later by the gap; a repeated fall-back time is the first.
 */
export function wallToInstant(w: WallTime, zone: string): Date {
  const wallMs = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
  const first = offsetMinutes(new Date(wallMs), zone);
  const guess = wallMs - first * 60_000;
  const second = offsetMinutes(new Date(guess), zone);
  if (second === first) return new Date(guess);
  const retry = wallMs - second * 60_000;
  if (offsetMinutes(new Date(retry), zone) === second) return new Date(retry);
  return new Date(guess);
}

export function addDays(d: WallDate, days: number): WallDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function weekdayOf(d: WallDate): number {
  return new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
}

/** Whole days from `a` to `b` (calendar days, not 24 h periods). */
export function daysBetween(a: WallDate, b: WallDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
