// The retry policy (docs/architecture.md, "Records") as data, and what to do after a call that left a record unresolved.
//
// Only outcomes that leave the record in its hotel's batch come here: no answer, busy, voicemail,
// a failed or dropped call, a call that ran out of time. Outcomes that decide the record themselves
// (agreed, callback, refused, not found, email instead) have their own events and never do.
//
// - A call ran past its max duration with this record left → email request, whatever the attempts.
// - Attempts exhausted (default 3, the call that just ended included) → email request.
// - The first voicemail (policy.voicemailMessages) → leave a message (`shouldLeaveVoicemail`) and
//   retry at the first window on the next hotel-local calendar day. Later voicemails get no second
//   message and count as no answer.
// - No answer, busy, anything else → retry 2 h later if that is inside the window, else at the next
//   window's start.
// An email request needs an address: the hotel settings' email, else the record's hotel.email.
// Without one, the record escalates instead, with the same reason.
import type { CallWindow } from "../hotel";
import type { CallAttempt } from "../record-state";
import { firstWindowFromDay, nextOpenAt, scheduleZone } from "./callWindow";

export interface RetryPolicy {
  /** Calls placed to a record before it goes to email. */
  maxAttempts: number;
  /** Delay before calling again after no answer, busy or another unfinished call. */
  retryAfterMinutes: number;
  /** How many voicemails get a message and a next-day retry; later ones count as no answer. */
  voicemailMessages: number;
  /** Calendar days (hotel-local) after a voicemail before the next call. */
  voicemailRetryDays: number;
}

export const defaultRetryPolicy: RetryPolicy = Object.freeze({
  maxAttempts: 3,
  retryAfterMinutes: 120,
  voicemailMessages: 1,
  voicemailRetryDays: 1,
});

/** The CallEnded outcomes this policy tells apart; any other string is treated as no answer. */
export const CallOutcome = {
  noAnswer: "no_answer",
  busy: "busy",
  voicemail: "voicemail",
  maxDuration: "max_duration",
} as const;

/** What nextAttempt needs to know of a record. */
export interface AttemptState {
  /** Calls placed to the record, the call that just ended included. */
  attempts: number;
  /** Earlier calls (not the one that just ended) that reached voicemail. */
  voicemailsBefore: number;
  /** Where an email request would go, or null. */
  email: string | null;
}

/** The part of a RecordState the policy reads. */
export interface RetryRecord {
  attempts: number;
  calls: readonly Pick<CallAttempt, "outcome">[];
  input: { hotel: { email?: string | null | undefined } };
}

export type RetryReason = "no_answer" | "busy" | "voicemail";
export type StopReason = "attempts_exhausted" | "call_duration_exceeded";

export type NextAttempt = { kind: "retry"; at: Date; reason: RetryReason } | { kind: "email"; reason: StopReason; to: string } | { kind: "escalate"; reason: StopReason; details: string };

/**
 * A record's attempt state, read after CallInitiated of the call that just ended was folded (it
 * counts the attempt and appends the call). `hotelEmail` (the hotel settings') wins over the record's.
 */
export function attemptStateOf(record: RetryRecord, hotelEmail?: string | null): AttemptState {
  const earlier = record.calls.slice(0, -1);
  return {
    attempts: record.attempts,
    voicemailsBefore: earlier.filter((c) => c.outcome === CallOutcome.voicemail).length,
    email: hotelEmail || record.input.hotel.email || null,
  };
}

function normalized(state: AttemptState | RetryRecord, hotelEmail?: string | null): AttemptState {
  if ("calls" in state) return attemptStateOf(state, hotelEmail);
  return hotelEmail ? { ...state, email: hotelEmail } : state;
}

/** Whether the call that reached voicemail should leave a message (before the call's outcome is counted). */
export function shouldLeaveVoicemail(voicemailsSoFar: number, policy: RetryPolicy = defaultRetryPolicy): boolean {
  return voicemailsSoFar < policy.voicemailMessages;
}

function stop(reason: StopReason, s: AttemptState): NextAttempt {
  if (s.email) return { kind: "email", reason, to: s.email };
  const why = reason === "attempts_exhausted" ? `no folio after ${s.attempts} call attempts` : "the call ran past its max duration";
  return { kind: "escalate", reason, details: `${why}, and the hotel has no email address` };
}

/**
 * What happens to a record after a call that left it unresolved. `now` is when the call ended;
 * `timeZone` is the hotel's (unknown or absent → UTC).
 */
export function nextAttempt(
  state: AttemptState | RetryRecord,
  outcome: string,
  now: Date,
  policy: RetryPolicy,
  window: CallWindow,
  timeZone: string | null | undefined,
  hotelEmail?: string | null,
): NextAttempt {
  const s = normalized(state, hotelEmail);
  if (outcome === CallOutcome.maxDuration) return stop("call_duration_exceeded", s);
  if (s.attempts >= policy.maxAttempts) return stop("attempts_exhausted", s);
  const zone = scheduleZone(timeZone);
  if (outcome === CallOutcome.voicemail && s.voicemailsBefore < policy.voicemailMessages) {
    return { kind: "retry", reason: "voicemail", at: firstWindowFromDay(now, policy.voicemailRetryDays, window, zone) };
  }
  const reason: RetryReason = outcome === CallOutcome.busy ? "busy" : outcome === CallOutcome.voicemail ? "voicemail" : "no_answer";
  const later = new Date(now.getTime() + policy.retryAfterMinutes * 60_000);
  return { kind: "retry", reason, at: nextOpenAt(later, window, zone) };
}
