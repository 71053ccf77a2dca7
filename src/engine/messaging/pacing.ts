// Pacing for one sender number (docs/architecture.md, "Messaging"): a US long code is good for about one
// text a second, and a carrier filters a number that bursts. Each text takes the next free slot; the
// slots are spaced by the number's interval. Pure: the sender's object keeps the last slot.

export interface Slot {
  /** When this text may go (epoch ms). */
  at: number;
  /** The slot to remember: the next text goes one interval after it. */
  last: number;
}

export function nextSlot(last: number | null, now: number, intervalMs: number): Slot {
  const at = last === null ? now : Math.max(now, last + intervalMs);
  return { at, last: at };
}

/** The interval for a rate in texts a second (a setting: SMS_PER_SECOND), never faster than 100 a second. */
export function intervalFor(perSecond: number): number {
  if (!Number.isFinite(perSecond) || perSecond <= 0) return 1000;
  return Math.max(10, Math.round(1000 / perSecond));
}
