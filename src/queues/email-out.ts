// The email-out queue consumer: each message asks for one request or reminder email for a record.
import type { EmailOutMessage } from "../domain/record-reactions";
import { deliverEmail } from "../email/outbound/deliver";
import { createLogger, errorFields } from "../platform/log";

export async function handleEmailOut(env: Env, batch: MessageBatch<EmailOutMessage>): Promise<void> {
  const log = createLogger(env.LOG_LEVEL, { service: "email-out" });
  await Promise.all(
    batch.messages.map(async (m) => {
      try {
        const outcome = await deliverEmail(env, m.body);
        log.info("email request handled", { record_id: m.body.record_id, type: m.body.type, outcome });
        m.ack();
      } catch (err) {
        log.warn("email send failed; retrying", { record_id: m.body.record_id, attempts: m.attempts, ...errorFields(err) });
        m.retry({ delaySeconds: Math.min(300, 10 * 2 ** m.attempts) });
      }
    }),
  );
}
