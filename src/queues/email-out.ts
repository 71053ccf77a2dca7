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
        const outcome = m.body.type === "simulated_reply" ? await simulateReply(env, m.body) : await deliverEmail(env, m.body);
        log.info("email request handled", { record_id: m.body.record_id, type: m.body.type, outcome });
        m.ack();
      } catch (err) {
        log.warn("email send failed; retrying", { record_id: m.body.record_id, attempts: m.attempts, ...errorFields(err) });
        m.retry({ delaySeconds: Math.min(300, 10 * 2 ** m.attempts) });
      }
    }),
  );
}

/** A simulated hotel answers a request that went to the local outbox, through the real inbound path. */
async function simulateReply(env: Env, msg: Extract<EmailOutMessage, { type: "simulated_reply" }>): Promise<string> {
  const state = await recordStub(env, msg.record_id).getState();
  if (!state || state.status !== "awaiting_folio") return "stale";
  const from = state.input.hotel.email ?? "frontdesk@hotel.example";
  const raw = new TextEncoder().encode(await simulatedReply(state, { messageId: msg.message_id, subject: msg.subject }, from));
  const result = await receiveEmail(env, { from, to: state.reply_to, raw: new Blob([raw]).stream(), rawSize: raw.byteLength, setReject: () => {} });
  return `simulated_${result.status}`;
}
