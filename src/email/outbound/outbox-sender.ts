// Local mode's "provider": nothing leaves the machine. The raw MIME goes to R2 (what a real relay
// would have received, openable in any mail client) and a row to D1, which `GET /api/outbox` lists.
// Idempotent on the Message-ID: a queue retry rewrites the same object and keeps the first row.
import type { ComposedEmail } from "./compose";
import { toMime } from "./mime";
import type { EmailSender, SendResult } from "./send-error";

/**
 * The D1 table this sender writes (the migration is added under migrations/ separately):
 *   message_id  the composed Message-ID, `<uuid@domain>`; the primary key makes retries idempotent
 *   r2_key      `outbox/<id>.eml` in BLOBS
 *   record_ids  JSON array of the record ids the request is about
 *   reminder    0 for a request, n for the n-th reminder
 * No guest names here: they are in the R2 object only; the subject carries the confirmation number
 * and the reference.
 */
export const EMAIL_OUTBOX_MIGRATION = `CREATE TABLE IF NOT EXISTS email_outbox (
  message_id TEXT PRIMARY KEY NOT NULL,
  r2_key TEXT NOT NULL,
  from_address TEXT NOT NULL,
  to_address TEXT NOT NULL,
  reply_to TEXT NOT NULL,
  subject TEXT NOT NULL,
  reference TEXT NOT NULL,
  record_ids TEXT NOT NULL,
  reminder INTEGER NOT NULL DEFAULT 0,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS email_outbox_created ON email_outbox (created_at);
`;

/** `outbox/<id>.eml`, the id without angle brackets and with anything unusual replaced. */
export function outboxKey(messageId: string): string {
  const id = messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._@+-]/g, "_");
  return `outbox/${id}.eml`;
}

export class LocalOutboxSender implements EmailSender {
  readonly provider = "outbox";

  constructor(
    private readonly bucket: R2Bucket,
    private readonly db: D1Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async send(message: ComposedEmail): Promise<SendResult> {
    const raw = toMime(message);
    const key = outboxKey(message.messageId);
    const size = new TextEncoder().encode(raw).byteLength;
    // R2 first: a row must never point at a missing object.
    await this.bucket.put(key, raw, {
      httpMetadata: { contentType: "message/rfc822" },
      customMetadata: { message_id: message.messageId, reference: message.reference },
    });
    await this.db
      .prepare(
        `INSERT INTO email_outbox (message_id, r2_key, from_address, to_address, reply_to, subject, reference, record_ids, reminder, size, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(message_id) DO NOTHING`,
      )
      .bind(message.messageId, key, message.from, message.to, message.replyTo, message.subject, message.reference, JSON.stringify(message.recordIds), message.reminder, size, this.now().toISOString())
      .run();
    return { provider: this.provider, providerMessageId: key };
  }
}
