// What the line writes on a record after a call left it with the line: when it will be called again
// (RecordQueued with the time), or the email request, or the escalation the retry policy chose. Event ids
// derive from the call, so a report delivered twice writes nothing twice.
import type { NewEvent } from "../../domain/events";
import type { AfterCall } from "../../domain/schedule";
import { appendToRecord, stableUuid } from "../folio-record/client";

/** A record still waiting on calls; anything else moved on and gets nothing more from this call. */
const STILL_WITH_THE_LINE: ReadonlySet<string> = new Set(["pending", "queued", "calling"]);

export async function recordAfterCall(env: Env, hotelPhone: string, callId: string, recordId: string, next: AfterCall): Promise<void> {
  if (next.kind === "settled") return;
  const eventId = await stableUuid(`${callId}:${recordId}:after`);
  let event: NewEvent;
  switch (next.kind) {
    case "retry":
      event = { event_id: eventId, event_type: "RecordQueued", data: { hotel_phone: hotelPhone, callable_at: next.at.toISOString() }, correlation_id: callId };
      break;
    case "email":
      event = { event_id: eventId, event_type: "EmailRequested", data: { to: next.to, reason: next.reason }, correlation_id: callId };
      break;
    case "escalate":
      event = { event_id: eventId, event_type: "EscalationTriggered", data: { reason: next.reason, details: next.details }, correlation_id: callId };
      break;
  }
  await appendToRecord(env, recordId, (state) => (STILL_WITH_THE_LINE.has(state.status) ? [event] : null), { actor: "hotel-line" });
}

/**
 * The contact ledger blocked the hotel's number (an operator put it on the do-not-call list): nothing
 * is dialled, and each record asks by email instead, or goes to a person when the hotel has no email.
 * The event carries the ledger's reason. Once per record: a record no longer with the line takes none.
 */
export async function recordCallBlocked(env: Env, recordId: string, email: string | null, blocked: { reason: string; detail: string }): Promise<void> {
  const details = `the contact ledger blocks calls to the hotel (${blocked.reason}: ${blocked.detail})`;
  const event: NewEvent = email ? { event_type: "EmailRequested", data: { to: email, reason: blocked.reason } } : { event_type: "EscalationTriggered", data: { reason: blocked.reason, details } };
  await appendToRecord(env, recordId, (state) => (STILL_WITH_THE_LINE.has(state.status) ? [event] : null), { actor: "hotel-line" });
}
