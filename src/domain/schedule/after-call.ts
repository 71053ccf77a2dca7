// What a hotel line does with one record after a call, given the outcome the call's playbook reported
// for it. Decisive outcomes (agreed, refused, a callback, not found, email instead, an IVR that could not
// be passed) already moved the record with their own events: the line lets the record go. The others
// stay with the line under the retry policy (retry.ts): call again later, or ask by email, or escalate.
import type { CallWindow } from "../hotel";
import { nextAttempt, type NextAttempt, type RetryPolicy } from "./retry";

export const DECISIVE_OUTCOMES: ReadonlySet<string> = new Set(["agreed", "refused", "callback", "not_found", "email_instead", "ivr_failed"]);

export interface MemberAttempts {
  /** Calls placed to the record, the one that just ended included. */
  attempts: number;
  /** Earlier calls that reached voicemail (not the one that just ended). */
  voicemails: number;
}

export type AfterCall = { kind: "settled" } | NextAttempt;

export function afterCall(member: MemberAttempts, outcome: string, now: Date, policy: RetryPolicy, window: CallWindow, timeZone: string | null | undefined, email: string | null): AfterCall {
  if (DECISIVE_OUTCOMES.has(outcome)) return { kind: "settled" };
  return nextAttempt({ attempts: member.attempts, voicemailsBefore: member.voicemails, email }, outcome, now, policy, window, timeZone);
}
