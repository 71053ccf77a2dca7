// When the HotelLine should next wake up, and which of its members are ready when it does.
//
// A member is ready at the first instant, not before `now`, that is inside the call window and at or
// after both its callableAt and its retryAt (CallEnded.retry_at). A callback is the exception: the
// hotel named the time, so it is kept exactly, window or not, and it replaces callableAt/retryAt.
// A callback already past by more than `callbackGraceMinutes` (the line was down, say) is not kept
// at an arbitrary hour: the member falls back to the window, from now.
//
// The line's alarm goes at `dueAt`; when it fires, `readyMembers` is what to hand planBatch.
import type { CallWindow } from "../hotel";
import type { BatchCandidate } from "./batching";
import { nextOpenAt, scheduleZone } from "./callWindow";

export interface LineMember {
  id: string;
  callableAt: Date;
  retryAt?: Date | null;
  callbackAt?: Date | null;
}

export interface DueOptions {
  /** How late a callback may still be honoured outside the window. */
  callbackGraceMinutes: number;
}

export const defaultDueOptions: DueOptions = Object.freeze({ callbackGraceMinutes: 30 });

function latest(...dates: (Date | null | undefined)[]): Date {
  let ms = -Infinity;
  for (const d of dates) if (d && d.getTime() > ms) ms = d.getTime();
  return new Date(ms);
}

/** The earliest instant at or after `now` at which this member may be called. */
export function memberReadyAt(member: LineMember, now: Date, window: CallWindow, timeZone: string | null | undefined, options: DueOptions = defaultDueOptions): Date {
  const zone = scheduleZone(timeZone);
  const cb = member.callbackAt;
  if (cb) {
    if (cb.getTime() >= now.getTime()) return new Date(cb.getTime());
    if (now.getTime() - cb.getTime() <= options.callbackGraceMinutes * 60_000) return new Date(now.getTime());
    return nextOpenAt(latest(now, member.callableAt), window, zone);
  }
  return nextOpenAt(latest(now, member.callableAt, member.retryAt), window, zone);
}

/** When the line should next wake up: the earliest member's ready time, or null with no members. */
export function dueAt(members: readonly LineMember[], now: Date, window: CallWindow, timeZone: string | null | undefined, options: DueOptions = defaultDueOptions): Date | null {
  let best: Date | null = null;
  for (const m of members) {
    const at = memberReadyAt(m, now, window, timeZone, options);
    if (!best || at.getTime() < best.getTime()) best = at;
  }
  return best;
}

/** The members ready at `now`, as planBatch candidates (callableAt kept as the oldest-first key). */
export function readyMembers(members: readonly LineMember[], now: Date, window: CallWindow, timeZone: string | null | undefined, options: DueOptions = defaultDueOptions): BatchCandidate[] {
  return members
    .filter((m) => memberReadyAt(m, now, window, timeZone, options).getTime() <= now.getTime())
    .map((m) => ({ id: m.id, callableAt: m.callableAt, ...(m.callbackAt ? { callback: true } : {}) }));
}
