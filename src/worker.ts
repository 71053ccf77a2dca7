// The Worker's entry points (docs/architecture.md, "The parts"): the HTTP app, the queue consumers and the
// cron sweep, and the Durable Object classes.
import { Hono } from "hono";
import { authenticate, type AppEnv } from "./http/auth";
import { notFoundHandler, onError } from "./http/errors";
import { requestContext } from "./http/request-context";
import { createLogger, errorFields } from "./platform/log";
import { parkDeadLetters } from "./queues/dead-letters";
import { runJobMessage, type JobMessage } from "./queues/jobs";
import { handleEscalations } from "./queues/escalations";
import { handleScheduling } from "./queues/scheduling";
import { sweep } from "./queues/sweep";
import { signedFileRoutes } from "./routes/api/files";
import { mountApiRoutes } from "./routes/api";
import { opsRoutes } from "./routes/ops";
import { dashRoutes } from "./routes/dash";
import { twilioRoutes } from "./routes/twilio";
import type { EmailOutMessage, EscalationMessage, SchedulingMessage } from "./domain/record-reactions";
import { receiveEmail } from "./email/inbound/receive";
import { handleEmailOut } from "./queues/email-out";
import { handleMessagesOut } from "./queues/messages-out";

export { FolioRecord } from "./objects/folio-record";
export { HotelLine } from "./objects/hotel-line";
export { CallSession } from "./objects/call-session";
export { SimulatedCarrier } from "./objects/simulated-carrier";
export { MessageThread } from "./objects/message-thread";
export { SenderPacer } from "./objects/sender-pacer";
export { ContactLedger } from "./objects/contact-ledger";

const api = new Hono<AppEnv>();
api.use("*", authenticate);
mountApiRoutes(api);

export const app = new Hono<AppEnv>();
app.use("*", requestContext);
app.route("/", opsRoutes);
app.route("/api", api);
// Stored files: no API key, a signed link that expires (src/routes/api/files.ts).
app.route("/files", signedFileRoutes);
app.route("/twilio", twilioRoutes);
app.route("/", dashRoutes); // the operator dashboard under /dash, and `/` leads to it
app.notFound(notFoundHandler);
app.onError(onError);

async function handleJobs(env: Env, batch: MessageBatch<JobMessage>): Promise<void> {
  const log = createLogger(env.LOG_LEVEL, { service: "jobs" });
  // Chunks are independent (each one idempotent), so a batch's chunks run side by side.
  await Promise.all(
    batch.messages.map(async (m) => {
      try {
        await runJobMessage(env, m.body);
        m.ack();
      } catch (err) {
        log.warn("job chunk failed; retrying", { job_id: m.body.job_id, chunk: m.body.chunk, attempts: m.attempts, ...errorFields(err) });
        m.retry({ delaySeconds: Math.min(60, 2 ** m.attempts) });
      }
    }),
  );
}

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    if (batch.queue.endsWith("-dlq")) return parkDeadLetters(env, batch);
    switch (batch.queue) {
      case "folio-scheduling":
        return handleScheduling(env, batch as MessageBatch<SchedulingMessage>);
      case "folio-jobs":
        return handleJobs(env, batch as MessageBatch<JobMessage>);
      case "folio-email-out":
        return handleEmailOut(env, batch as MessageBatch<EmailOutMessage>);
      case "folio-messages-out":
        return handleMessagesOut(env, batch);
      case "folio-escalations":
        return handleEscalations(env, batch as MessageBatch<EscalationMessage>);
      default:
        batch.retryAll(); // a queue this worker does not know: its dead-letter table keeps the messages
    }
  },
  async email(message: ForwardableEmailMessage, env: Env): Promise<void> {
    await receiveEmail(env, message);
  },
  async scheduled(_controller: ScheduledController, env: Env): Promise<void> {
    await sweep(env);
  },
} satisfies ExportedHandler<Env>;
