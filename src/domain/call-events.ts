// Events a call gives each of its subjects (records) at most once, and the ids that make them so.
// Every path that can emit one of these — the session's outbox, a finalize retried after an eviction,
// the line announcing the call — derives the event id from (call, subject, type), so a second emission
// is a replay that the record's append recognises, never a second effect. The fault and load drills
// check the same list (at most one of each per call in a record's log).
import { createHash } from "node:crypto";
import type { EventType } from "./events";

export const ONCE_PER_CALL: ReadonlySet<EventType> = new Set<EventType>([
  "BatchCreated",
  "BatchScheduled",
  "CallInitiated",
  "CallConnected",
  "HumanDetected",
  "VoicemailDetected",
  "VoicemailLeft",
  "IVRNavigationComplete",
  "IVRNavigationFailed",
  "FolioRequested",
  "FolioAgreed",
  "FolioRefused",
  "CallbackRequested",
  "CallbackScheduled",
  "CallDurationExceeded",
  "CallEnded",
]);

/**
 * The id of `type` on `subjectId` for `callId`: a UUID (version 4 and variant bits set, so it passes
 * the envelope's check) from SHA-256 of the three. Synchronous, so the session can stamp events in the
 * same synchronous stretch that queues them.
 */
export function callEventId(callId: string, subjectId: string, type: string): string {
  const h = createHash("sha256").update(`call-event:${callId}:${subjectId}:${type}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The call an event of a call belongs to: its `call_id`, else its correlation (the batch is the call). */
export function callOf(event: { data?: unknown; correlation_id?: string | null }): string | null {
  const id = (event.data as { call_id?: unknown } | undefined)?.call_id;
  return typeof id === "string" ? id : (event.correlation_id ?? null);
}
