// The texts' read model in D1 (`messages`): written by the threads (src/objects/message-thread.ts),
// read by GET /api/messages and the dashboard. Newer rows win, so a late retry never undoes a status.
import type { MessageRow } from "../engine/messaging/thread-store";
import type { PiiCipher } from "../platform/pii-cipher";

export interface StoredMessage {
  message_id: string;
  ours: string;
  theirs: string;
  direction: "out" | "in";
  status: string;
  error_code: number | null;
  detail: string | null;
  segments: number;
  body: string;
  product: string | null;
  routed: string | null;
  late: boolean;
  created_at: string;
  updated_at: string;
}

interface Row extends Omit<StoredMessage, "theirs" | "body" | "late"> {
  theirs_sealed: string;
  body_sealed: string;
  late: number;
}

export async function projectMessages(db: D1Database, ours: string, theirsSealed: string, rows: readonly MessageRow[]): Promise<void> {
  const statement = db.prepare(
    `INSERT INTO messages (message_id, ours, theirs_sealed, direction, status, error_code, detail, segments, body_sealed, product, routed, late, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
     ON CONFLICT (message_id) DO UPDATE SET status = excluded.status, error_code = excluded.error_code, detail = excluded.detail,
       routed = excluded.routed, late = excluded.late, updated_at = excluded.updated_at
     WHERE excluded.updated_at >= messages.updated_at`,
  );
  await db.batch(
    rows.map((r) =>
      statement.bind(r.message_id, ours, theirsSealed, r.direction, r.status, r.error_code, r.detail, r.segments, r.body_sealed, r.product, r.routed, r.late, iso(r.created_at), iso(r.updated_at)),
    ),
  );
}

export interface MessageQuery {
  limit: number;
  before?: string | undefined;
  /** Only the inbound texts no product took. */
  triage?: boolean;
}

export async function listMessages(db: D1Database, cipher: PiiCipher, q: MessageQuery): Promise<StoredMessage[]> {
  const where: string[] = [];
  const binds: unknown[] = [];
  if (q.triage) where.push("routed = 'triage'");
  if (q.before) {
    binds.push(q.before);
    where.push(`created_at < ?${binds.length}`);
  }
  binds.push(q.limit);
  const sql = `SELECT * FROM messages ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY created_at DESC, message_id DESC LIMIT ?${binds.length}`;
  const { results } = await db
    .prepare(sql)
    .bind(...binds)
    .all<Row>();
  return Promise.all(results.map(async ({ theirs_sealed, body_sealed, late, ...r }) => ({ ...r, theirs: await cipher.open(theirs_sealed), body: await cipher.open(body_sealed), late: late === 1 })));
}

const iso = (ms: number) => new Date(ms).toISOString();
