// Which of a hotel's waiting records go on the next call (issue 4 §1): those callable now, oldest
// first (records the hotel asked to be called back about ahead of all), as many as fit both the
// max records per call and the max estimated call duration. A call's estimate is a base (reaching a
// person: IVR, hold, introduction) plus a per-record time.
//
// With the defaults (90 s + 75 s a record, 600 s max) the duration binds first: 6 records fit
// (540 s), a 7th would make 615 s. The 8-record cap binds only for a longer max or faster records.
// A call always takes at least one due record, even if limits are set so tight that one does not
// fit: otherwise such a record could never be called.
//
// `overflow` is due but not on this call: it waits for the next call. (Records left over when a
// call actually overruns are a different case: retry.ts sends those to email.) `later` is not due.

export interface BatchLimits {
  maxRecordsPerCall: number;
  maxCallSeconds: number;
  baseSeconds: number;
  perRecordSeconds: number;
}

export const defaultBatchLimits: BatchLimits = Object.freeze({
  maxRecordsPerCall: 8,
  maxCallSeconds: 600,
  baseSeconds: 90,
  // 90 s to get through and introduce, about a minute per guest: 8 records fit in 10 minutes.
  perRecordSeconds: 60,
});

export interface BatchCandidate {
  id: string;
  callableAt: Date;
  /** The hotel asked to be called back about this record: it goes first. */
  callback?: boolean;
}

export interface BatchPlan {
  callNow: string[];
  overflow: string[];
  later: string[];
  estimatedSeconds: number;
}

/** Estimated length of a call about `n` records (0 for none). */
export function estimateCallSeconds(n: number, limits: BatchLimits = defaultBatchLimits): number {
  return n <= 0 ? 0 : limits.baseSeconds + n * limits.perRecordSeconds;
}

/** How many records one call may carry under both limits (at least 1). */
export function recordsPerCall(limits: BatchLimits = defaultBatchLimits): number {
  const byDuration = Math.floor((limits.maxCallSeconds - limits.baseSeconds) / limits.perRecordSeconds);
  return Math.max(1, Math.min(Math.floor(limits.maxRecordsPerCall), byDuration));
}

/** An invalid date sorts last (and is never due: NaN compares false). */
const sortKey = (d: Date) => (Number.isNaN(d.getTime()) ? Infinity : d.getTime());
const cmp = <T>(a: T, b: T) => (a < b ? -1 : a > b ? 1 : 0);

function byPriority(a: BatchCandidate, b: BatchCandidate): number {
  return cmp(Number(!a.callback), Number(!b.callback)) || cmp(sortKey(a.callableAt), sortKey(b.callableAt)) || cmp(a.id, b.id);
}

export function planBatch(records: readonly BatchCandidate[], now: Date, limits: BatchLimits = defaultBatchLimits): BatchPlan {
  const seen = new Set<string>();
  const due: BatchCandidate[] = [];
  const notDue: BatchCandidate[] = [];
  // A record listed twice (a duplicated queue message) is one record, at its earliest time.
  for (const r of [...records].sort(byPriority)) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    (r.callableAt.getTime() <= now.getTime() ? due : notDue).push(r);
  }
  const n = Math.min(due.length, recordsPerCall(limits));
  const callNow = due.slice(0, n).map((r) => r.id);
  return {
    callNow,
    overflow: due.slice(n).map((r) => r.id),
    later: notDue.map((r) => r.id),
    estimatedSeconds: estimateCallSeconds(callNow.length, limits),
  };
}
