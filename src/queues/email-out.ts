// The email-out queue consumer: each message asks for one request or reminder email for a record.
import type { EmailOutMessage } from "../domain/record-reactions";
import { deliverEmail } from "../email/outbound/deliver";
import { receiveEmail } from "../email/inbound/receive";
import { simulatedReply } from "../email/simulated-hotel";
import { recordStub } from "../objects/folio-record/client";
import { createLogger, errorFields } from "../platform/log";

export async function handleEmailOut(env: Env, batch: MessageBatch<EmailOutMessage>): Promise<void> {
  const log = createLogger(env.LOG_LEVEL, { service: "email-out" });
  await Promise.all(
    batch.messages.map(async (m) => {
      try {
        const body = m.body;
        const outcome = body.type === "simulated_reply" || body.type === "simulated_folio" ? await simulateReply(env, body) : await deliverEmail(env, body);
        log.info("email request handled", { record_id: m.body.record_id, type: m.body.type, outcome });
        m.ack();
      } catch (err) {
        log.warn("email send failed; retrying", { record_id: m.body.record_id, attempts: m.attempts, ...errorFields(err) });
        m.retry({ delaySeconds: Math.min(300, 10 * 2 ** m.attempts) });
      }
    }),
  );
}

/**
 * A simulated hotel emails the folio through the real inbound path: in answer to a request that went
 * to the local outbox, or because it agreed on the phone. It writes from the address it was asked at.
 */
async function simulateReply(env: Env, msg: Extract<EmailOutMessage, { type: "simulated_reply" | "simulated_folio" }>): Promise<string> {
  const state = await recordStub(env, msg.record_id).getState();
  if (!state || state.status !== "awaiting_folio") return "stale";
  const from = state.emails.requested_to ?? state.input.hotel.email ?? "frontdesk@hotel.example";
  const request = msg.type === "simulated_reply" ? { messageId: msg.message_id, subject: msg.subject } : null;
  const raw = new TextEncoder().encode(await simulatedReply(state, request, from));
  const result = await receiveEmail(env, { from, to: state.reply_to, raw: new Blob([raw]).stream(), rawSize: raw.byteLength, setReject: () => {} });
  return `simulated_${result.status}`;
}
