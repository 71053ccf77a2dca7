// HotelLine's D1 read models: the hotel's settings and its calls. Both carry a version, and a late
// write never undoes a newer one.
import type { HotelSettings } from "../../domain/hotel";
import type { CallRow } from "../../engine/line/store";

export async function projectHotel(env: Env, s: HotelSettings): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO hotels (phone, name, email, timezone, country, call_window, ivr_path, notes, version, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
     ON CONFLICT(phone) DO UPDATE SET name = excluded.name, email = excluded.email, timezone = excluded.timezone,
       country = excluded.country, call_window = excluded.call_window, ivr_path = excluded.ivr_path, notes = excluded.notes,
       version = excluded.version, updated_at = excluded.updated_at
     WHERE excluded.version > hotels.version`,
  )
    .bind(s.phone, s.name, s.email, s.timezone, s.country, JSON.stringify(s.call_window), s.ivr_path, s.notes, s.version, s.updated_at)
    .run();
}

const CALL_VERSION = { placing: 1, dialing: 2, live: 3, ended: 4 } as const;

/** `startedAt`/`endedAt` are on the line's clock, like the records' timelines. */
export async function projectCall(
  env: Env,
  phone: string,
  call: CallRow,
  extra: { campaignId: string | null; startedAt: string; endedAt: string | null; recordingKey?: string | null },
): Promise<void> {
  const status = call.status === "dialing" ? "placing" : call.status;
  await env.DB.prepare(
    `INSERT INTO calls (id, hotel_phone, record_ids, status, outcome, campaign_id, recording_key, started_at, ended_at, version)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
     ON CONFLICT(id) DO UPDATE SET status = excluded.status, outcome = excluded.outcome,
       recording_key = COALESCE(excluded.recording_key, calls.recording_key), ended_at = excluded.ended_at, version = excluded.version
     WHERE excluded.version > calls.version`,
  )
    .bind(call.call_id, phone, JSON.stringify(call.record_ids), status, call.outcome, extra.campaignId, extra.recordingKey ?? null, extra.startedAt, extra.endedAt, CALL_VERSION[call.status])
    .run();
}
