// Event ids for a call's events, fixed before anything is stored: an event a call gives a subject at
// most once gets the id derived from (call, subject, type), so emitted again (a finalize retried after
// an eviction, the owner announcing the call) it is the same event, which the subject's aggregate
// stores once. Every other event gets a fresh id, still before it is queued, so a redelivery of the
// queued batch is a replay, never a second effect.
import { callEventId } from "../domain/call-events";
import type { SubjectEvent, SubjectEvents } from "./subjects";

/** Every event gets its id and the call as its correlation. */
export function stampEvents(callId: string, batches: readonly SubjectEvents[], oncePerCall: (eventType: string) => boolean = () => false): SubjectEvents[] {
  return batches.map((b) => ({
    subject: b.subject,
    events: b.events.map((e) => stamp(callId, b.subject.id, e, oncePerCall(e.event_type))),
  }));
}

function stamp(callId: string, subjectId: string, e: SubjectEvent, once: boolean): SubjectEvent {
  return { ...e, event_id: e.event_id ?? (once ? callEventId(callId, subjectId, e.event_type) : crypto.randomUUID()), correlation_id: e.correlation_id ?? callId };
}
