// The pure fold of a record's events into its state (docs/architecture.md, "Records", "Events"). The FolioRecord DO caches the
// result in the same transaction as the append; a rebuild replays the same function, so live and
// rebuilt projections cannot disagree.
import type { DomainEvent, SimulationTag } from "./events";
import type { RecordInput } from "./record-input";

export const statuses = ["pending", "queued", "calling", "callback_scheduled", "awaiting_folio", "received", "completed", "escalated", "cancelled"] as const;
export type RecordStatus = (typeof statuses)[number];

/** Statuses no domain event leaves again; only an operator's resolution or nothing at all. */
export const terminalStatuses: ReadonlySet<RecordStatus> = new Set(["completed", "cancelled"]);

export interface CallAttempt {
  call_id: string;
  started_at: string;
  outcome?: string;
  ended_at?: string;
  recording_key?: string;
}

export interface RecordState {
  id: string;
  sequence: number;
  status: RecordStatus;
  created_at: string;
  updated_at: string;
  input: RecordInput;
  reply_to: string;
  reply_token: string;
  batch_id: string | null;
  attempts: number;
  voicemails: number;
  calls: CallAttempt[];
  callback_at: string | null;
  /** When the hotel agreed or an email request went out; the reminder clock runs from here. */
  awaiting_since: string | null;
  emails: {
    /** Email requests asked for (EmailRequested); each is delivered once, keyed by this count. */
    requests: number;
    sent: number;
    failed: number;
    reminders: number;
    /** Waits that ran out with no folio; each one is a reminder due, the one past the limit escalates. */
    timeouts: number;
    last_message_id: string | null;
    requested_to: string | null;
  };
  responses: number;
  folio: Record<string, unknown> | null;
  folio_issues: string[];
  /** The document a failed extraction could not read (an R2 key), so an operator can open it. */
  folio_source?: string | null;
  escalation: { reason: string; details?: string; at: string } | null;
  last_refusal: string | null;
  /** Set on records the simulation made: their clock runs scaled (src/domain/clock.ts). */
  simulation: SimulationTag | null;
}

export class ReducerError extends Error {}

function withStatus(state: RecordState, status: RecordStatus): RecordState {
  if (terminalStatuses.has(state.status)) return state;
  return { ...state, status };
}

function updateCall(state: RecordState, callId: string, patch: Partial<CallAttempt>): CallAttempt[] {
  return state.calls.map((c) => (c.call_id === callId ? { ...c, ...patch } : c));
}

/** Folds one event. Throws on a first event that is not RecordCreated: a log without it is corrupt. */
export function applyEvent(state: RecordState | null, event: DomainEvent): RecordState {
  if (state === null) {
    if (event.event_type !== "RecordCreated") throw new ReducerError(`first event must be RecordCreated, got ${event.event_type}`);
    const d = event.data;
    return {
      id: event.aggregate_id,
      sequence: event.sequence,
      status: "pending",
      created_at: event.timestamp,
      updated_at: event.timestamp,
      input: d.input,
      reply_to: d.reply_to,
      reply_token: d.reply_token,
      batch_id: null,
      attempts: 0,
      voicemails: 0,
      calls: [],
      callback_at: null,
      awaiting_since: null,
      emails: { requests: 0, sent: 0, failed: 0, reminders: 0, timeouts: 0, last_message_id: null, requested_to: null },
      responses: 0,
      folio: null,
      folio_issues: [],
      escalation: null,
      last_refusal: null,
      simulation: d.simulation ?? null,
    };
  }
  const s: RecordState = { ...state, sequence: event.sequence, updated_at: event.timestamp };
  switch (event.event_type) {
    case "RecordCreated":
      throw new ReducerError("RecordCreated may only be the first event");
    case "RecordQueued":
      return withStatus({ ...s, batch_id: event.data.batch_id ?? s.batch_id, callback_at: null }, "queued");
    case "BatchCreated":
    case "BatchScheduled":
      return { ...s, batch_id: event.data.batch_id };
    case "RecordCancelled":
      return terminalStatuses.has(s.status) ? s : { ...s, status: "cancelled" };
    case "CallInitiated":
      return withStatus({ ...s, attempts: s.attempts + 1, calls: [...s.calls, { call_id: event.data.call_id, started_at: event.timestamp }] }, "calling");
    case "VoicemailLeft":
      return { ...s, voicemails: s.voicemails + 1 };
    case "FolioAgreed":
      return withStatus({ ...s, awaiting_since: event.timestamp }, "awaiting_folio");
    case "FolioRefused":
      return { ...s, last_refusal: event.data.reason };
    case "CallbackScheduled":
      return withStatus({ ...s, callback_at: new Date(event.data.at).toISOString() }, "callback_scheduled");
    case "CallEnded": {
      const calls = updateCall(s, event.data.call_id, {
        outcome: event.data.outcome,
        ended_at: event.timestamp,
        ...(event.data.recording_key ? { recording_key: event.data.recording_key } : {}),
      });
      // A call that ended without an outcome that moved the record leaves it in its hotel's batch;
      // a late CallEnded from an older call says nothing about the call in progress.
      const current = s.calls.at(-1)?.call_id === event.data.call_id;
      return s.status === "calling" && current ? withStatus({ ...s, calls }, "queued") : { ...s, calls };
    }
    case "EmailRequested":
      return withStatus({ ...s, awaiting_since: event.timestamp, emails: { ...s.emails, requests: s.emails.requests + 1, requested_to: event.data.to } }, "awaiting_folio");
    case "EmailSent":
      return { ...s, emails: { ...s.emails, sent: s.emails.sent + 1, last_message_id: event.data.message_id } };
    case "EmailSendFailed":
      return { ...s, emails: { ...s.emails, failed: s.emails.failed + 1 } };
    case "EmailTimeout":
      // The wait restarts: the next timeout is a full wait after this one.
      return { ...s, awaiting_since: event.timestamp, emails: { ...s.emails, timeouts: s.emails.timeouts + 1 } };
    case "ReminderSent":
      return { ...s, awaiting_since: event.timestamp, emails: { ...s.emails, reminders: s.emails.reminders + 1 } };
    case "EmailResponseReceived":
      return withStatus({ ...s, responses: s.responses + 1 }, "received");
    case "FolioExtracted":
      return withStatus({ ...s, folio: event.data.folio, folio_issues: [] }, "completed");
    case "PartialExtractionComplete":
      return withStatus({ ...s, folio: event.data.folio, folio_issues: event.data.issues }, "received");
    case "ExtractionFailed":
      return withStatus({ ...s, folio_issues: [event.data.reason], ...(event.data.source ? { folio_source: event.data.source } : {}) }, "received");
    case "FolioCorrected":
      // The operator's reading is the folio now; saving it is what closes the review.
      return withStatus({ ...s, folio: event.data.after, folio_issues: event.data.issues }, "completed");
    case "StatusUpdated":
      return s; // a note of a transition another event already made (see statusTransitions)
    case "EscalationTriggered":
      if (terminalStatuses.has(s.status)) return s; // nothing left to escalate
      return withStatus({ ...s, escalation: { reason: event.data.reason, ...(event.data.details ? { details: event.data.details } : {}), at: event.timestamp } }, "escalated");
    case "EscalationResolved": {
      // An operator's resolution is the one way out of escalation, and may also close a record.
      const resolved = { ...s, escalation: null };
      if (s.status !== "escalated") return resolved;
      // Back to waiting: the wait starts now, or the folio timer would fire (and escalate) at once.
      // The reminder count starts over too: the operator has put the record on a fresh footing.
      const waiting = event.data.status === "awaiting_folio" ? { awaiting_since: event.timestamp, emails: { ...s.emails, timeouts: 0 } } : {};
      return { ...resolved, ...waiting, status: event.data.status };
    }
    case "RecordCompleted":
      return withStatus(s, "completed");
    case "CallConnected":
    case "IVRDetected":
    case "IVRNavigationStarted":
    case "IVRNavigationComplete":
    case "IVRNavigationFailed":
    case "VoicemailDetected":
    case "HumanDetected":
    case "FolioRequested":
    case "CallbackRequested":
    case "CallDurationExceeded":
    case "EmailComposed":
    case "OperatorAction":
      return s; // audit-trail events: they explain a call or an email, the outcome events move the state
  }
}

export function foldEvents(events: readonly DomainEvent[], initial: RecordState | null = null): RecordState | null {
  let state = initial;
  for (const e of events) state = applyEvent(state, e);
  return state;
}
