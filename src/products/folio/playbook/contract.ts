// What HotelLine hands the folio playbook when it places a call, and what the playbook hands back.
// HotelLine (the scheduler) and the playbook (the conversation) meet only here, so either can change
// inside without the other noticing.

import type { ClockSpec } from "../../../domain/clock";
/** A scaled clock for simulation: simulated time runs `scale` times faster from the origin (src/domain/clock.ts). */
export type { ClockSpec };

export interface FolioCallRecord {
  id: string;
  guest_name: string;
  confirmation_number: string;
  check_in: string; // ISO date
  check_out: string; // ISO date
  /** Where the folio should be emailed (the record's reply_to). */
  reply_to: string;
}

/** CallSession.prepare(callId, { playbook: "folio", params }) */
export interface FolioCallParams {
  hotel: {
    phone: string;
    name: string;
    /** IANA zone used to read callback times ("call back at 3"). */
    timezone: string;
    /** Keys that got through this hotel's menu last time (IVR memory), or null. */
    ivr_path: string | null;
    /** The hotel's own email, when known (a refusal that says "email us" goes there). */
    email: string | null;
  };
  records: FolioCallRecord[];
  /**
   * The hotel's ivr_path went out as SendDigits when the call was created (docs/architecture.md, "Calls"): Twilio presses
   * those keys itself, so the playbook follows the path without pressing them again.
   */
  ivr_path_sent?: boolean;
  /** Leave a message if this call reaches voicemail (only the first voicemail gets one: docs/architecture.md, "Records"). */
  leave_voicemail: boolean;
  /** Simulation's scaled clock: the playbook's "now" for callback times. Absent: real time. */
  clock?: ClockSpec;
  /** Who we say we are. */
  caller?: { agent_name: string; company: string };
  /** How long to listen before speaking first when nobody says anything (default 3 s). */
  listen_first_ms?: number;
  /** How long to wait silently on hold before asking whether anyone is there (default 45 s). */
  hold_ms?: number;
}

/**
 * The outcome CallEnded carries for each record (Playbook.outcomeFor), which HotelLine reads to decide
 * what comes next. Decisive outcomes have already moved the record with their own events; the others
 * leave it in the hotel's batch under the retry policy (src/domain/schedule/retry.ts).
 */
export const FOLIO_RECORD_OUTCOMES = {
  // decisive: the playbook emitted the events that move the record
  agreed: "agreed", // FolioAgreed → awaiting_folio
  refused: "refused", // FolioRefused + EscalationTriggered or EmailRequested
  callback: "callback", // CallbackRequested + CallbackScheduled → callback_scheduled
  not_found: "not_found", // EscalationTriggered(reason not_found, tried)
  email_instead: "email_instead", // EmailRequested(to: the address the hotel gave)
  ivr_failed: "ivr_failed", // IVRNavigationFailed + EscalationTriggered(reason ivr_stuck)
  // retry policy decides
  voicemail: "voicemail", // VoicemailDetected (+ VoicemailLeft when leave_voicemail)
  no_answer: "no_answer",
  busy: "busy",
  max_duration: "max_duration", // the engine adds CallDurationExceeded
  no_outcome: "no_outcome", // reached someone, nothing settled (hung up, silence, fax, ...)
} as const;
export type FolioRecordOutcome = (typeof FOLIO_RECORD_OUTCOMES)[keyof typeof FOLIO_RECORD_OUTCOMES];

export { DECISIVE_OUTCOMES } from "../../../domain/schedule/after-call";

/** What the call learned about the hotel (Playbook.summary), stored by HotelLine. */
export interface FolioCallSummary {
  /** Keys that reached a person this time: the hotel's new ivr_path. */
  ivr_path?: string | null;
}
