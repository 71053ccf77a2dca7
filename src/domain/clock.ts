// Simulated time (docs/architecture.md, "Running offline": "a clock scale makes hours pass in seconds"). A simulated campaign runs on
// a clock that starts at a chosen instant and runs `scale` times faster than the wall clock. Records and
// hotel lines that belong to it keep every domain time (event timestamps, call windows, retries,
// callbacks, reminders) in simulated time, and only convert to the wall clock to set an alarm. Without a
// clock, both are the wall clock. Calls themselves run in real time: a conversation cannot be sped up.

export interface ClockSpec {
  /** Wall-clock ms at which the simulated clock read `origin_sim_ms`. */
  origin_real_ms: number;
  origin_sim_ms: number;
  /** Simulated ms per wall-clock ms (≥ 1). */
  scale: number;
}

/** The time now, on `clock` (the wall clock when there is none). */
export function clockNow(clock: ClockSpec | null | undefined, realMs: number): number {
  if (!clock) return realMs;
  return clock.origin_sim_ms + (realMs - clock.origin_real_ms) * clock.scale;
}

/** The wall-clock ms at which `clock` reads `simMs` (when to set an alarm for it). */
export function toWallClock(clock: ClockSpec | null | undefined, simMs: number): number {
  if (!clock) return simMs;
  return Math.ceil(clock.origin_real_ms + (simMs - clock.origin_sim_ms) / clock.scale);
}

export function isClockSpec(v: unknown): v is ClockSpec {
  const c = v as ClockSpec;
  return typeof c === "object" && c !== null && Number.isFinite(c.origin_real_ms) && Number.isFinite(c.origin_sim_ms) && Number.isFinite(c.scale) && c.scale >= 1;
}
