// The cron sweep: a safety net for work whose own trigger was lost. Records whose callback came
// due long ago are poked, so their DO runs its timers (an alarm lost to an incident is re-armed).
import { recordStub } from "../objects/folio-record/client";
import { mapLimit } from "../platform/concurrency";

const OVERDUE_MS = 15 * 60_000;

export async function sweep(env: Env, now = Date.now()): Promise<{ poked: number }> {
  const { results } = await env.DB.prepare(
    "SELECT id FROM records WHERE status = 'callback_scheduled' AND callback_at < ?1 ORDER BY callback_at LIMIT 500",
  )
    .bind(new Date(now - OVERDUE_MS).toISOString())
    .all<{ id: string }>();
  await mapLimit(results, 10, (r) => recordStub(env, r.id).poke());
  return { poked: results.length };
}
