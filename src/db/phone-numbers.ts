// The routing table in D1 (`phone_numbers`): read on every inbound call, written by the operator API.
import type { NumberRoute } from "../engine/inbound-routing";

interface Row {
  e164: string;
  product: string;
  playbook: string;
  settings: string;
  label: string | null;
  max_duration_ms: number | null;
  updated_at: string;
  updated_by: string;
}

export type StoredNumberRoute = NumberRoute & { updated_at: string; updated_by: string };

const COLUMNS = "e164, product, playbook, settings, label, max_duration_ms, updated_at, updated_by";

function fromRow(row: Row): StoredNumberRoute {
  return { ...row, settings: JSON.parse(row.settings) as Record<string, unknown> };
}

export async function numberRoute(db: D1Database, e164: string): Promise<StoredNumberRoute | null> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM phone_numbers WHERE e164 = ?1`).bind(e164).first<Row>();
  return row ? fromRow(row) : null;
}

export async function numberRoutes(db: D1Database, limit = 1000): Promise<StoredNumberRoute[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM phone_numbers ORDER BY e164 LIMIT ?1`).bind(limit).all<Row>();
  return results.map(fromRow);
}

/** Creates or replaces the number's route (PUT semantics: the whole row). */
export async function putNumberRoute(db: D1Database, route: NumberRoute, actor: string, now = new Date()): Promise<StoredNumberRoute> {
  const stored: StoredNumberRoute = { ...route, updated_at: now.toISOString(), updated_by: actor };
  await db
    .prepare(
      `INSERT INTO phone_numbers (${COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
       ON CONFLICT (e164) DO UPDATE SET product = excluded.product, playbook = excluded.playbook, settings = excluded.settings,
         label = excluded.label, max_duration_ms = excluded.max_duration_ms, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .bind(stored.e164, stored.product, stored.playbook, JSON.stringify(stored.settings), stored.label, stored.max_duration_ms, stored.updated_at, stored.updated_by)
    .run();
  return stored;
}

/** True when there was a route to delete. */
export async function deleteNumberRoute(db: D1Database, e164: string): Promise<boolean> {
  const r = await db.prepare("DELETE FROM phone_numbers WHERE e164 = ?1").bind(e164).run();
  return (r.meta.changes ?? 0) > 0;
}
