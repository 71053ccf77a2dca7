// Dead-letter consumers: a message that exhausted its retries is parked in D1 (never dropped), where
// metrics count it and an operator can see it. A text carries a contact's number and words, so its body
// is parked sealed.
import { piiCipher } from "../platform/pii-cipher";

const SEALED_QUEUES = new Set(["folio-messages-out-dlq"]);

export async function parkDeadLetters(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  const cipher = SEALED_QUEUES.has(batch.queue) ? await piiCipher(env) : null;
  const bodies = await Promise.all(batch.messages.map(async (m) => (cipher ? JSON.stringify({ sealed: await cipher.sealJson(m.body) }) : JSON.stringify(m.body))));
  await env.DB.batch(batch.messages.map((m, i) => env.DB.prepare("INSERT INTO dead_letters (id, queue, body) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO NOTHING").bind(m.id, batch.queue, bodies[i]!)));
  batch.ackAll();
}
