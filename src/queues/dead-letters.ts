// Dead-letter consumers: a message that exhausted its retries is parked in D1 (never dropped), where
// metrics count it and an operator can see it.
export async function parkDeadLetters(env: Env, batch: MessageBatch<unknown>): Promise<void> {
  await env.DB.batch(
    batch.messages.map((m) => env.DB.prepare("INSERT INTO dead_letters (id, queue, body) VALUES (?1, ?2, ?3) ON CONFLICT(id) DO NOTHING").bind(m.id, batch.queue, JSON.stringify(m.body))),
  );
  batch.ackAll();
}
