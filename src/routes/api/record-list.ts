// Listing records from the D1 projection, newest first, with an opaque keyset cursor so paging
// stays stable while records are being added.
import { ApiError } from "../../http/errors";
import type { RecordPii } from "../../db/projection";
import { piiCipher } from "../../platform/pii-cipher";

interface Row {
  id: string;
  external_id: string | null;
  status: string;
  hotel_phone: string;
  hotel_name: string;
  check_in: string;
  check_out: string;
  attempts: number;
  reply_to: string;
  pii_sealed: string;
  callback_at: string | null;
  escalation_reason: string | null;
  created_at: string;
  updated_at: string;
}

function encodeCursor(row: Row): string {
  return btoa(JSON.stringify([row.created_at, row.id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replaceAll("=", "");
}

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(atob(cursor.replaceAll("-", "+").replaceAll("_", "/")));
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === "string")) return value as [string, string];
  } catch {
    /* fall through */
  }
  throw new ApiError(400, "validation_failed", "the cursor is not valid", { cursor: "not a cursor from this API" });
}

export async function listRecords(env: Env, q: { status?: string; hotel_phone?: string; cursor?: string; limit: number }) {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.status) {
    where.push(`status = ?${args.push(q.status)}`);
  }
  if (q.hotel_phone) {
    where.push(`hotel_phone = ?${args.push(q.hotel_phone)}`);
  }
  if (q.cursor) {
    const [createdAt, id] = decodeCursor(q.cursor);
    const a = args.push(createdAt);
    const b = args.push(id);
    where.push(`(created_at < ?${a} OR (created_at = ?${a} AND id < ?${b}))`);
  }
  const limitArg = args.push(q.limit + 1);
  const sql = `SELECT id, external_id, status, hotel_phone, hotel_name, check_in, check_out, attempts, reply_to, pii_sealed,
      callback_at, escalation_reason, created_at, updated_at
    FROM records ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY created_at DESC, id DESC LIMIT ?${limitArg}`;
  const { results } = await env.DB.prepare(sql)
    .bind(...args)
    .all<Row>();
  const page = results.slice(0, q.limit);
  const cipher = await piiCipher(env);
  const records = await Promise.all(
    page.map(async (r) => {
      const pii = await cipher.openJson<RecordPii>(r.pii_sealed);
      return {
        id: r.id,
        external_id: r.external_id,
        status: r.status,
        guest_name: pii.guest_name,
        confirmation_number: pii.confirmation_number,
        check_in: r.check_in,
        check_out: r.check_out,
        hotel: { name: r.hotel_name, phone: r.hotel_phone },
        attempts: r.attempts,
        reply_to: r.reply_to,
        callback_at: r.callback_at,
        escalation_reason: r.escalation_reason,
        created_at: r.created_at,
        updated_at: r.updated_at,
      };
    }),
  );
  return { records, next_cursor: results.length > q.limit ? encodeCursor(page.at(-1)!) : null };
}
