// The messages-out consumer: each queued text goes to its thread, which sends it once (a redelivery
// finds it stored and sends nothing). A body that does not parse is dropped with a log line: no retry
// would make it valid.
import { outboundMessage } from "../engine/messaging/message";
import { threadStub } from "../engine/messaging/stubs";
import { createLogger, errorFields } from "../platform/log";

export async function handleMessagesOut(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  const log = createLogger(env.LOG_LEVEL, { service: "messages-out" });
  await Promise.all(
    batch.messages.map(async (m) => {
      const parsed = outboundMessage.safeParse(m.body);
      if (!parsed.success) {
        log.error("unreadable text on the queue; dropped", { id: m.id });
        return m.ack();
      }
      const text = parsed.data;
      try {
        await threadStub(env, { ours: text.from, theirs: text.to }).send({ ours: text.from, theirs: text.to }, text);
        m.ack();
      } catch (err) {
        log.warn("text not handed to its thread; retrying", { message_id: text.message_id, attempts: m.attempts, ...errorFields(err) });
        m.retry({ delaySeconds: Math.min(60, 2 ** m.attempts) });
      }
    }),
  );
}
