// A thread's SQLite (docs/architecture.md, "Messaging"): its texts both ways with their statuses, each
// status report as it came, the expectations products registered, and the replies still to hand to a
// product. Bodies are sealed; the store never sees a key.
import type { MessageStatus } from "./message";
import type { Expectation } from "./reply-routing";

export type Direction = "out" | "in";

/** An inbound text still unrouted this long after it came is taken up again by the thread's alarm. */
export const RESUME_ROUTING_MS = 30_000;

export type MessageRow = {
  message_id: string;
  direction: Direction;
  provider_sid: string | null;
  status: MessageStatus;
  error_code: number | null;
  /** Why it was blocked or failed, in words. */
  detail: string | null;
  segments: number;
  encoding: string;
  body_sealed: string;
  product: string | null;
  cause: string | null;
  /** Inbound: where it went ("expectation:<id>", "owner:<product>", "triage", "ledger"). */
  routed: string | null;
  late: number;
  send_at: number | null;
  created_at: number;
  updated_at: number;
  /** 0 while the read model has not caught up with the row. */
  projected: number;
};

export type StatusReport = {
  message_id: string;
  status: string;
  error_code: number | null;
  at: number;
};

export type PendingDelivery = {
  message_id: string;
  product: string;
  attempts: number;
  next_at: number;
};

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS messages (
    message_id TEXT PRIMARY KEY, direction TEXT NOT NULL, provider_sid TEXT UNIQUE, status TEXT NOT NULL,
    error_code INTEGER, detail TEXT, segments INTEGER NOT NULL, encoding TEXT NOT NULL, body_sealed TEXT NOT NULL,
    product TEXT, cause TEXT, routed TEXT, late INTEGER NOT NULL DEFAULT 0, send_at INTEGER,
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, projected INTEGER NOT NULL DEFAULT 0)`,
  "CREATE INDEX IF NOT EXISTS messages_by_status ON messages (status, send_at)",
  "CREATE TABLE IF NOT EXISTS status_reports (n INTEGER PRIMARY KEY AUTOINCREMENT, message_id TEXT NOT NULL, status TEXT NOT NULL, error_code INTEGER, at INTEGER NOT NULL)",
  `CREATE TABLE IF NOT EXISTS expectations (id TEXT PRIMARY KEY, product TEXT NOT NULL, about TEXT NOT NULL,
    created_at INTEGER NOT NULL, deadline_at INTEGER NOT NULL, answered_by TEXT)`,
  "CREATE TABLE IF NOT EXISTS deliveries (message_id TEXT PRIMARY KEY, product TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, delivered_at INTEGER)",
];

export class ThreadStore {
  private readonly sql: SqlStorage;

  constructor(storage: DurableObjectStorage) {
    this.sql = storage.sql;
    for (const statement of SCHEMA) this.sql.exec(statement);
  }

  message(id: string): MessageRow | null {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE message_id = ?", id).toArray()[0] ?? null;
  }

  messageBySid(sid: string): MessageRow | null {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE provider_sid = ?", sid).toArray()[0] ?? null;
  }

  /** Inserts the row unless its id is known; true when this call inserted it (the claim). */
  insert(row: Omit<MessageRow, "projected">): boolean {
    const r = this.sql.exec(
      `INSERT OR IGNORE INTO messages (message_id, direction, provider_sid, status, error_code, detail, segments, encoding, body_sealed,
        product, cause, routed, late, send_at, created_at, updated_at, projected) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)`,
      row.message_id,
      row.direction,
      row.provider_sid,
      row.status,
      row.error_code,
      row.detail,
      row.segments,
      row.encoding,
      row.body_sealed,
      row.product,
      row.cause,
      row.routed,
      row.late,
      row.send_at,
      row.created_at,
      row.updated_at,
    );
    return r.rowsWritten > 0;
  }

  update(id: string, fields: Partial<Pick<MessageRow, "provider_sid" | "status" | "error_code" | "detail" | "routed" | "late" | "send_at">>, now: number): void {
    const keys = Object.keys(fields) as Array<keyof typeof fields>;
    if (keys.length === 0) return;
    const sets = keys.map((k) => `${k} = ?`).join(", ");
    this.sql.exec(`UPDATE messages SET ${sets}, updated_at = ?, projected = 0 WHERE message_id = ?`, ...keys.map((k) => fields[k] ?? null), now, id);
  }

  /** Moves a text from one status to another only if it is still in the first; true when it moved. */
  claim(id: string, from: readonly string[], to: MessageStatus, now: number): boolean {
    const r = this.sql.exec(`UPDATE messages SET status = ?, updated_at = ?, projected = 0 WHERE message_id = ? AND status IN (${from.map(() => "?").join(",")})`, to, now, id, ...from);
    return r.rowsWritten > 0;
  }

  withStatus(status: MessageStatus): MessageRow[] {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE status = ? ORDER BY send_at, created_at", status).toArray();
  }

  /** Inbound texts not routed yet that came before `before` (left half-way). */
  unrouted(before: number): MessageRow[] {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE direction = 'in' AND routed IS NULL AND created_at <= ? ORDER BY created_at", before).toArray();
  }

  all(limit: number): MessageRow[] {
    return this.sql.exec<MessageRow>("SELECT * FROM messages ORDER BY created_at, message_id LIMIT ?", limit).toArray();
  }

  unprojected(limit: number): MessageRow[] {
    return this.sql.exec<MessageRow>("SELECT * FROM messages WHERE projected = 0 ORDER BY created_at LIMIT ?", limit).toArray();
  }

  markProjected(rows: readonly MessageRow[]): void {
    for (const r of rows) this.sql.exec("UPDATE messages SET projected = 1 WHERE message_id = ? AND updated_at = ?", r.message_id, r.updated_at);
  }

  addStatusReport(report: StatusReport): void {
    this.sql.exec("INSERT INTO status_reports (message_id, status, error_code, at) VALUES (?,?,?,?)", report.message_id, report.status, report.error_code, report.at);
  }

  statusReports(id: string): StatusReport[] {
    return this.sql.exec<StatusReport>("SELECT message_id, status, error_code, at FROM status_reports WHERE message_id = ? ORDER BY n", id).toArray();
  }

  expect(e: Omit<Expectation, "answered_by">): void {
    this.sql.exec("INSERT OR IGNORE INTO expectations (id, product, about, created_at, deadline_at, answered_by) VALUES (?,?,?,?,?,NULL)", e.id, e.product, e.about, e.created_at, e.deadline_at);
  }

  expectations(): Expectation[] {
    return this.sql.exec<Expectation>("SELECT id, product, about, created_at, deadline_at, answered_by FROM expectations ORDER BY created_at, id").toArray();
  }

  answer(expectationId: string, messageId: string): void {
    this.sql.exec("UPDATE expectations SET answered_by = ? WHERE id = ? AND answered_by IS NULL", messageId, expectationId);
  }

  addDelivery(messageId: string, product: string, now: number): void {
    this.sql.exec("INSERT OR IGNORE INTO deliveries (message_id, product, attempts, next_at) VALUES (?,?,0,?)", messageId, product, now);
  }

  pendingDeliveries(now: number): PendingDelivery[] {
    return this.sql.exec<PendingDelivery>("SELECT message_id, product, attempts, next_at FROM deliveries WHERE delivered_at IS NULL AND next_at <= ? ORDER BY next_at", now).toArray();
  }

  delivered(messageId: string, now: number): void {
    this.sql.exec("UPDATE deliveries SET delivered_at = ? WHERE message_id = ?", now, messageId);
  }

  deliveryFailed(messageId: string, nextAt: number): void {
    this.sql.exec("UPDATE deliveries SET attempts = attempts + 1, next_at = ? WHERE message_id = ?", nextAt, messageId);
  }

  /** The earliest time something is due: a paced text, a reply to hand on again, a text to route again. */
  nextDue(): number | null {
    const paced = this.sql.exec<{ at: number | null }>("SELECT MIN(send_at) AS at FROM messages WHERE status = 'paced'").one().at;
    const delivery = this.sql.exec<{ at: number | null }>("SELECT MIN(next_at) AS at FROM deliveries WHERE delivered_at IS NULL").one().at;
    const unrouted = this.sql.exec<{ at: number | null }>("SELECT MIN(created_at) AS at FROM messages WHERE direction = 'in' AND routed IS NULL").one().at;
    const times = [paced, delivery, unrouted === null ? null : unrouted + RESUME_ROUTING_MS].filter((t): t is number => t !== null);
    return times.length ? Math.min(...times) : null;
  }
}
