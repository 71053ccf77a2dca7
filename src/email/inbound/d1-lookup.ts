// The correlation lookups over D1's read models: reply tokens on records, Message-IDs and references
// of mail we sent, and the open records of hotels at a sender's domain (their PII unsealed here,
// for matching only, and capped).
import { referenceFor } from "../addresses";
import type { RecordPii } from "../../db/projection";
import { piiCipher } from "../../platform/pii-cipher";
import type { CorrelationLookup, OpenRecord } from "./correlate";

const MAX_OPEN_RECORDS = 200;

const idsOf = (rows: { record_ids: string }[]) => rows.flatMap((r) => JSON.parse(r.record_ids) as string[]);

export function d1Lookup(env: Env): CorrelationLookup {
  const sent = async (column: "message_id" | "reference", value: string) =>
    idsOf((await env.DB.prepare(`SELECT record_ids FROM email_messages WHERE ${column} = ?1`).bind(value).all<{ record_ids: string }>()).results);
  return {
    async byToken(token) {
      const own = await env.DB.prepare("SELECT id FROM records WHERE reply_token = ?1").bind(token).all<{ id: string }>();
      return [...own.results.map((r) => r.id), ...(await sent("reference", referenceFor(token)))];
    },
    byMessageId: (messageId) => sent("message_id", messageId),
    async byReference(reference) {
      const own = await env.DB.prepare("SELECT id FROM records WHERE reply_token = ?1").bind(reference.replace(/^ref-/i, "").toLowerCase()).all<{ id: string }>();
      return [...own.results.map((r) => r.id), ...(await sent("reference", reference.toUpperCase()))];
    },
    async openRecordsForDomain(domain): Promise<OpenRecord[]> {
      const { results } = await env.DB.prepare(
        `SELECT r.id, r.pii_sealed FROM records r JOIN hotels h ON h.phone = r.hotel_phone
         WHERE lower(h.email) LIKE ?1 AND r.status NOT IN ('completed', 'cancelled')
         ORDER BY r.updated_at DESC LIMIT ?2`,
      )
        .bind(`%@${domain.toLowerCase()}`, MAX_OPEN_RECORDS)
        .all<{ id: string; pii_sealed: string }>();
      const cipher = await piiCipher(env);
      return Promise.all(
        results.map(async (r) => {
          const pii = await cipher.openJson<RecordPii>(r.pii_sealed);
          return { id: r.id, confirmationNumber: pii.confirmation_number, guestName: pii.guest_name };
        }),
      );
    },
  };
}
