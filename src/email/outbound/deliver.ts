// The email-out queue: a record's EmailRequested (or a folio wait that ran out) becomes a request
// or reminder email. Delivery is at least once, so every step is keyed by the record and the
// request or reminder number: the Message-ID and event ids are derived from that key, a redelivered
// message re-sends nothing that was sent, and a crash between sending and recording re-sends the
// same Message-ID (which a mail client threads as one message).
import { readSettings } from "../../config";
import type { EmailOutMessage } from "../../domain/record-reactions";
import type { NewEvent } from "../../domain/events";
import type { RecordState } from "../../domain/record-state";
import { appendToRecord, recordStub, stableUuid } from "../../objects/folio-record/client";
import { composeRecordRequest, composeReminder, requestItemFromState, type ComposedEmail } from "./compose";
import { EmailSendError } from "./send-error";
import { senderFor } from "./sender-for";

const ACTOR = "email-out";

interface Delivery {
  key: string;
  /** The reminder's number; null for the request itself. */
  reminder: number | null;
  /** The Message-ID a reminder threads under; null when there is none yet (then it reads as a request). */
  threadUnder: string | null;
}

/** Which request or reminder this message is about, or null when the record no longer waits. */
function deliveryFor(msg: { type: "email_request" | "reminder" }, state: RecordState): Delivery | null {
  if (state.status !== "awaiting_folio") return null;
  if (msg.type === "email_request") return state.emails.requests > 0 ? { key: `request-${state.emails.requests}`, reminder: null, threadUnder: null } : null;
  if (state.emails.timeouts === 0) return null;
  // A wait can run out before the request itself went out (a send still retrying): then the
  // reminder has nothing to thread under and is worded as the request.
  return { key: `reminder-${state.emails.timeouts}`, reminder: state.emails.timeouts, threadUnder: state.emails.last_message_id };
}

async function compose(env: Env, state: RecordState, d: Delivery, to: string): Promise<ComposedEmail> {
  const settings = readSettings(env);
  const opts = {
    inboundDomain: settings.inboundDomain,
    to,
    hotelName: state.input.hotel.name,
    from: env.EMAIL_FROM || undefined,
    messageId: `<${await stableUuid(`${state.id}:${d.key}:message`)}@${settings.inboundDomain}>`,
  };
  const item = requestItemFromState(state);
  return d.reminder !== null && d.threadUnder ? composeReminder([item], { ...opts, reminder: d.reminder, originalMessageId: d.threadUnder }) : composeRecordRequest(item, opts);
}

const once = (state: RecordState, key: string, type: string) => stableUuid(`${state.id}:${key}:${type}`);

export async function deliverEmail(env: Env, msg: Extract<EmailOutMessage, { type: "email_request" | "reminder" }>): Promise<"sent" | "stale" | "failed"> {
  const state = await recordStub(env, msg.record_id).getState();
  const d = state && deliveryFor(msg, state);
  if (!state || !d) return "stale";

  const to = state.emails.requested_to ?? state.input.hotel.email;
  if (!to) {
    await appendToRecord(
      env,
      state.id,
      async () =>
        [{ event_id: await once(state, d.key, "no-email"), event_type: "EscalationTriggered", data: { reason: "no_hotel_email", details: "no address to send the folio request to" } }] as NewEvent[],
      { actor: ACTOR },
    );
    return "failed";
  }
  const email = await compose(env, state, d, to);
  // The thread and reference lookups must know the Message-ID before any reply can arrive.
  await env.DB.prepare("INSERT INTO email_messages (message_id, reference, record_ids, kind, sent_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
    .bind(email.messageId, email.reference, JSON.stringify(email.recordIds), d.reminder !== null ? "reminder" : "request", new Date().toISOString())
    .run();
  const composed: NewEvent = { event_id: await once(state, d.key, "composed"), event_type: "EmailComposed", data: { email_id: d.key, message_id: email.messageId, subject: email.subject, to } };
  await appendToRecord(env, state.id, () => [composed], { actor: ACTOR });

  const sender = senderFor(env);
  try {
    const sent = await sender.send(email);
    const events: NewEvent[] = [{ event_id: await once(state, d.key, "sent"), event_type: "EmailSent", data: { email_id: d.key, message_id: email.messageId, to, provider: sent.provider } }];
    if (d.reminder !== null) events.push({ event_id: await once(state, d.key, "reminder"), event_type: "ReminderSent", data: { email_id: d.key, reminder: d.reminder } });
    await appendToRecord(env, state.id, () => events, { actor: ACTOR });
    if (sent.provider === "outbox" && (readSettings(env).simulation || state.simulation)) {
      // The simulated hotel answers a little later, as a front desk would.
      await env.EMAIL_OUT_QUEUE.send({ type: "simulated_reply", record_id: state.id, message_id: email.messageId, subject: email.subject } satisfies EmailOutMessage, { delaySeconds: 2 });
    }
    return "sent";
  } catch (err) {
    if (!(err instanceof EmailSendError) || !err.permanent) throw err; // the queue retries
    await appendToRecord(
      env,
      state.id,
      async () => [
        { event_id: await once(state, d.key, "failed"), event_type: "EmailSendFailed", data: { email_id: d.key, reason: err.message.slice(0, 300), permanent: true } },
        { event_id: await once(state, d.key, "escalated"), event_type: "EscalationTriggered", data: { reason: "email_send_failed", details: `${sender.provider}: ${err.message.slice(0, 200)}` } },
      ],
      { actor: ACTOR },
    );
    return "failed";
  }
}
