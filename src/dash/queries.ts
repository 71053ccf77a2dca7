// Read-model queries the dashboard needs beyond the JSON API: counts, calls and jobs from D1. The
// `calls` table is HotelLine's projection; until a database has it, calls read as none.
import { statuses } from "../domain/record-state";

export interface CallRow {
  id: string;
  hotel_phone: string;
  record_ids: string[];
  status: string;
  outcome: string | null;
  started_at: string | null;
  ended_at: string | null;
  recording_key: string | null;
  campaign_id: string | null;
}

export async function statusCounts(env: Env): Promise<Record<string, number>> {
  const { results } = await env.DB.prepare("SELECT status, count(*) AS n FROM records GROUP BY status").all<{ status: string; n: number }>();
  const out: Record<string, number> = Object.fromEntries(statuses.map((s) => [s, 0]));
  for (const r of results) out[r.status] = r.n;
  return out;
}

function missingTable(err: unknown): boolean {
  return /no such table/i.test(String(err));
}

function callRow(r: Record<string, unknown>): CallRow {
  let ids: string[] = [];
  try {
    ids = JSON.parse(String(r.record_ids ?? "[]"));
  } catch {
    ids = [];
  }
  return {
    id: String(r.id),
    hotel_phone: String(r.hotel_phone ?? ""),
    record_ids: ids,
    status: String(r.status ?? ""),
    outcome: (r.outcome as string | null) ?? null,
    started_at: (r.started_at as string | null) ?? null,
    ended_at: (r.ended_at as string | null) ?? null,
    recording_key: (r.recording_key as string | null) ?? null,
    campaign_id: (r.campaign_id as string | null) ?? null,
  };
}

export async function callsWhere(env: Env, where: string, args: unknown[], limit = 50): Promise<CallRow[]> {
  try {
    const { results } = await env.DB.prepare(`SELECT * FROM calls ${where} ORDER BY coalesce(started_at, '') DESC, id DESC LIMIT ${Math.floor(limit)}`)
      .bind(...args)
      .all<Record<string, unknown>>();
    return results.map(callRow);
  } catch (err) {
    if (missingTable(err)) return [];
    throw err;
  }
}

export const callsInProgress = (env: Env) => callsWhere(env, "WHERE status IN ('placing', 'dialing', 'live')", []);

export async function callById(env: Env, id: string): Promise<CallRow | null> {
  return (await callsWhere(env, "WHERE id = ?1", [id], 1))[0] ?? null;
}

export interface CampaignProgress {
  campaign_id: string;
  calls: number;
  live: number;
  ended: number;
}

export async function campaigns(env: Env): Promise<CampaignProgress[]> {
  try {
    const { results } = await env.DB.prepare(
      `SELECT campaign_id, count(*) AS calls, sum(status IN ('placing','dialing','live')) AS live, sum(status = 'ended') AS ended, max(started_at) AS last
       FROM calls WHERE campaign_id IS NOT NULL GROUP BY campaign_id ORDER BY last DESC LIMIT 10`,
    ).all<CampaignProgress>();
    return results;
  } catch (err) {
    if (missingTable(err)) return [];
    throw err;
  }
}

export interface JobRow {
  id: string;
  kind: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  created_at: string;
  updated_at: string;
}

export async function recentJobs(env: Env, limit = 5): Promise<JobRow[]> {
  const { results } = await env.DB.prepare("SELECT id, kind, status, total, done, failed, created_at, updated_at FROM jobs ORDER BY created_at DESC LIMIT ?1").bind(limit).all<JobRow>();
  return results;
}

/**
 * One fingerprint of every read model a page shows. The live stream polls it and tells the page to
 * refresh its live parts when it changes; cheap aggregate reads, one round trip.
 */
export async function fingerprint(env: Env): Promise<string> {
  const row = await env.DB.prepare(
    `SELECT (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM records) AS r,
            (SELECT coalesce(max(updated_at), '') || '/' || coalesce(sum(done + failed), 0) FROM jobs) AS j,
            (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM inbox) AS i,
            (SELECT coalesce(max(updated_at), '') FROM hotels) AS h,
            (SELECT count(*) FROM email_outbox) AS o,
            (SELECT count(*) || '/' || coalesce(max(updated_at), '') FROM messages) AS m`,
  ).first<Record<string, string | number>>();
  let calls = "";
  try {
    const c = await env.DB.prepare(
      "SELECT count(*) || '/' || coalesce(sum(status = 'dialing'), 0) || '/' || coalesce(sum(status = 'live'), 0) || '/' || coalesce(sum(status = 'ended'), 0) || '/' || coalesce(max(ended_at), '') AS c FROM calls",
    ).first<{ c: string }>();
    calls = c?.c ?? "";
  } catch (err) {
    if (!missingTable(err)) throw err;
  }
  return JSON.stringify([row, calls]);
}
