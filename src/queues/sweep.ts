// The cron sweep: a safety net for work whose own trigger was lost. It never decides anything itself;
// it nudges the one owner to look again:
// - records whose callback came due long ago: their DO runs its timers (an alarm lost to an incident);
// - hourly: records waiting on a hotel (pending, queued) that have not moved for a long time are
//   re-admitted to their line, which is idempotent and re-arms the line's alarm if it was lost;
// - hourly: records in a call that has gone quiet: their line is poked, and gives up a call that never
//   reported.
import { hotelStub } from "../objects/hotel-line";
import { recordStub } from "../objects/folio-record/client";
import { mapLimit } from "../platform/concurrency";

const OVERDUE_MS = 15 * 60_000;
const WAITING_STALE_MS = 6 * 3600_000;
const CALLING_STALE_MS = 30 * 60_000;
const LIMIT = 500;

export async function sweep(env: Env, now = Date.now()): Promise<{ poked: number; readmitted: number; lines: number }> {
  const { results: due } = await env.DB.prepare("SELECT id FROM records WHERE status = 'callback_scheduled' AND callback_at < ?1 ORDER BY callback_at LIMIT ?2")
    .bind(new Date(now - OVERDUE_MS).toISOString(), LIMIT)
    .all<{ id: string }>();
  await mapLimit(due, 10, (r) => recordStub(env, r.id).poke());

  // The rest is disaster recovery and re-reads the same long-waiting records (a weekend's window):
  // once an hour (the first sweep of each hour) is enough.
  if (new Date(now).getUTCMinutes() >= 5) return { poked: due.length, readmitted: 0, lines: 0 };
  const { results: stale } = await env.DB.prepare(
    `SELECT id, status, hotel_phone, hotel_name, check_out FROM records
     WHERE (status IN ('pending', 'queued') AND updated_at < ?1) OR (status = 'calling' AND updated_at < ?2)
     ORDER BY updated_at LIMIT ?3`,
  )
    .bind(new Date(now - WAITING_STALE_MS).toISOString(), new Date(now - CALLING_STALE_MS).toISOString(), LIMIT)
    .all<{ id: string; status: string; hotel_phone: string; hotel_name: string; check_out: string }>();
  const byHotel = new Map<string, typeof stale>();
  for (const r of stale) byHotel.set(r.hotel_phone, [...(byHotel.get(r.hotel_phone) ?? []), r]);
  let readmitted = 0;
  await mapLimit([...byHotel], 10, async ([phone, rows]) => {
    const line = hotelStub(env, phone);
    const waiting = rows.filter((r) => r.status !== "calling");
    if (waiting.length > 0) {
      await line.admit(
        { phone, name: rows[0]!.hotel_name },
        waiting.map((r) => ({ id: r.id, check_out: r.check_out })),
      );
      readmitted += waiting.length;
    }
    await line.poke();
  });
  return { poked: due.length, readmitted, lines: byHotel.size };
}
