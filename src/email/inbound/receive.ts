// The Email Worker's path for one inbound message (docs/architecture.md, "Email"): refuse what is too large, keep the
// raw message in R2 first, then parse, tell hotels from machines, correlate, and hand the message
// to its records or to triage. A message seen before (same Message-ID) is not processed again.
import { domainOf, normalizeMessageId } from "../addresses";
import { appendToRecord, stableUuid } from "../../objects/folio-record/client";
import { piiCipher } from "../../platform/pii-cipher";
import { createLogger } from "../../platform/log";
import { readSettings } from "../../config";
import { applyToRecords } from "./apply";
import { classifyEmail } from "./auto-reply";
import { correlate, correlateBounce } from "./correlate";
import { d1Lookup } from "./d1-lookup";
import { headerBlock, headerValue } from "./header-block";
import { checkEmailSize, parseEmail, readRawEmail, type ParsedEmail } from "./parse";
import { inboundRawKey } from "./raw-key";
import { textSources } from "./text";

export interface InboundMessage {
  from: string;
  to: string;
  raw: ReadableStream<Uint8Array>;
  rawSize: number;
  setReject(reason: string): void;
}

export type InboxStatus = "received" | "matched" | "unmatched" | "auto_reply" | "bounce" | "failed" | "duplicate";

async function setStatus(env: Env, id: string, status: InboxStatus, extra: { kind?: string; matchedBy?: string; recordIds?: readonly string[] } = {}) {
  await env.DB.prepare("UPDATE inbox SET status = ?2, kind = COALESCE(?3, kind), matched_by = ?4, record_ids = ?5, updated_at = ?6 WHERE id = ?1")
    .bind(id, status, extra.kind ?? null, extra.matchedBy ?? null, JSON.stringify(extra.recordIds ?? []), new Date().toISOString())
    .run();
}

export async function receiveEmail(env: Env, message: InboundMessage): Promise<{ inboxId: string | null; status: InboxStatus | "rejected" }> {
  const log = createLogger(env.LOG_LEVEL, { service: "email-in" });
  if (checkEmailSize(message.rawSize)) {
    message.setReject("message too large (limit 25 MiB)");
    return { inboxId: null, status: "rejected" };
  }
  const raw = await readRawEmail(message.raw);
  if (!(raw instanceof Uint8Array)) {
    message.setReject(raw.kind === "too_large" ? "message too large (limit 25 MiB)" : "empty message");
    return { inboxId: null, status: "rejected" };
  }
  const messageId = normalizeMessageId(headerValue(headerBlock(raw), "message-id"));
  const rawKey = await inboundRawKey(messageId, raw);
  const inboxId = `in_${rawKey.slice("inbox/".length, "inbox/".length + 24)}`;
  const now = new Date().toISOString();
  const seen = await env.DB.prepare("SELECT status FROM inbox WHERE id = ?1").bind(inboxId).first<{ status: InboxStatus }>();
  if (seen && seen.status !== "received") return { inboxId, status: "duplicate" };

  // The raw message first: whatever happens next, it can be read and processed again.
  await env.BLOBS.put(rawKey, raw, { httpMetadata: { contentType: "message/rfc822" } });
  const summary = await (await piiCipher(env)).sealJson({ from: message.from, to: message.to, subject: headerValue(headerBlock(raw), "subject") ?? "" });
  await env.DB.prepare(
    `INSERT INTO inbox (id, message_id, raw_key, size, from_domain, summary_sealed, kind, status, received_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'unknown', 'received', ?7, ?7) ON CONFLICT(id) DO NOTHING`,
  )
    .bind(inboxId, messageId, rawKey, raw.byteLength, domainOf(message.from), summary, now)
    .run();

  const parsed = await parseEmail(raw);
  if (!parsed.ok) {
    log.warn("inbound email could not be parsed", { inbox_id: inboxId, reason: parsed.error.kind });
    await setStatus(env, inboxId, "failed", { kind: "unparsable" });
    return { inboxId, status: "failed" };
  }
  return processParsed(env, { inboxId, rawKey, email: parsed.email, envelopeTo: message.to });
}

/** Classification and correlation of a stored, parsed message; also re-run by an operator's assign. */
export async function processParsed(env: Env, m: { inboxId: string; rawKey: string; email: ParsedEmail; envelopeTo?: string; assignTo?: string }): Promise<{ inboxId: string; status: InboxStatus }> {
  const lookup = d1Lookup(env);
  const kind = classifyEmail(m.email);
  if (!m.assignTo && kind.kind === "bounce") {
    const failed = kind.originalMessageId ? await correlateBounce(kind.originalMessageId, lookup) : { unmatched: true as const };
    const recordIds = "recordIds" in failed ? failed.recordIds : [];
    for (const id of recordIds) {
      await appendToRecord(
        env,
        id,
        async () => [
          { event_id: await stableUuid(`${m.inboxId}:${id}:bounce`), event_type: "EmailSendFailed", data: { email_id: m.inboxId, reason: "bounced", permanent: kind.permanent ?? true } },
          { event_id: await stableUuid(`${m.inboxId}:${id}:bounce-escalation`), event_type: "EscalationTriggered", data: { reason: "email_bounced", details: kind.signals.join(", ").slice(0, 300) } },
        ],
        { actor: "email-in" },
      );
    }
    await setStatus(env, m.inboxId, "bounce", { kind: "bounce", recordIds });
    return { inboxId: m.inboxId, status: "bounce" };
  }
  if (!m.assignTo && kind.kind === "auto_reply") {
    await setStatus(env, m.inboxId, "auto_reply", { kind: "auto_reply" });
    return { inboxId: m.inboxId, status: "auto_reply" };
  }
  const sources = await textSources(m.email);
  const matched = m.assignTo
    ? { recordIds: [m.assignTo], matchedBy: "operator" as const }
    : await correlate(m.email, lookup, {
        inboundDomain: readSettings(env).inboundDomain,
        envelopeTo: m.envelopeTo ? [m.envelopeTo] : [],
        extraTexts: sources.sources.filter((s) => s.kind === "pdf").map((s) => s.text),
      });
  if ("unmatched" in matched) {
    await setStatus(env, m.inboxId, "unmatched", { kind: kind.kind });
    return { inboxId: m.inboxId, status: "unmatched" };
  }
  await applyToRecords(env, { inboxId: m.inboxId, rawKey: m.rawKey, email: m.email, sources, recordIds: matched.recordIds, matchedBy: matched.matchedBy });
  await setStatus(env, m.inboxId, "matched", { kind: kind.kind, matchedBy: matched.matchedBy, recordIds: matched.recordIds });
  return { inboxId: m.inboxId, status: "matched" };
}
