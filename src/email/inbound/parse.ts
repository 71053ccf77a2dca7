// Inbound mail into one plain shape (issue 5): postal-mime does the MIME work; this file adds the
// size limit, flattens addresses to strings, and turns every failure into a value. Inbound mail is
// hostile input (anyone can write to folios+anything@), so nothing here may throw to the caller:
// the Email Worker must always be able to store the raw message and triage it.
import { readBounded } from "../../platform/bytes";
import PostalMime, { type Address, type Email } from "postal-mime";
import { bareAddress, messageIdsIn, normalizeMessageId } from "../addresses";

/** Cloudflare Email Routing's own message limit; bigger messages are rejected before parsing. */
export const MAX_EMAIL_BYTES = 25 * 1024 * 1024;

export interface ParsedAttachment {
  filename: string | null;
  mimeType: string;
  disposition: string | null;
  contentId?: string;
  content: Uint8Array;
}

export interface ParsedEmail {
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Bare sender address, lower-cased; null when the From header names none. */
  from: string | null;
  fromName: string;
  to: string[];
  cc: string[];
  /** Delivered-To and X-Original-To: where the relay actually delivered it (the token survives there). */
  deliveredTo: string[];
  replyTo: string[];
  subject: string;
  date: string | null;
  text: string;
  html: string;
  attachments: ParsedAttachment[];
  /** The Auto-Submitted header value, lower-cased (RFC 3834); null when absent. */
  autoSubmitted: string | null;
  /** Every top-level header, lower-cased name, in order (auto-reply detection reads several). */
  headers: Array<{ key: string; value: string }>;
}

export type ParseFailure = { kind: "too_large"; size: number; limit: number } | { kind: "empty" } | { kind: "malformed"; message: string };

export type ParseResult = { ok: true; email: ParsedEmail } | { ok: false; error: ParseFailure };

export type RawInput = string | ArrayBuffer | Uint8Array | ReadableStream<Uint8Array>;

export interface ParseOptions {
  /** Defaults to MAX_EMAIL_BYTES; lower in tests or for a stricter deployment. */
  maxBytes?: number;
}

/** Parses a raw message; never throws. Oversized input is refused before postal-mime sees it. */
export async function parseEmail(raw: RawInput, opts: ParseOptions = {}): Promise<ParseResult> {
  const limit = opts.maxBytes ?? MAX_EMAIL_BYTES;
  try {
    const bytes = await readRawEmail(raw, limit);
    if (!(bytes instanceof Uint8Array)) return { ok: false, error: bytes };
    if (bytes.byteLength === 0) return { ok: false, error: { kind: "empty" } };
    const email = await PostalMime.parse(bytes, { attachmentEncoding: "arraybuffer" });
    return { ok: true, email: normalize(email) };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { ok: false, error: { kind: "malformed", message: message.slice(0, 300) } };
  }
}

/** The size check alone, for the Email Worker to refuse (setReject) using `message.rawSize`. */
export function checkEmailSize(size: number, limit = MAX_EMAIL_BYTES): ParseFailure | null {
  return size > limit ? { kind: "too_large", size, limit } : null;
}

/**
 * The raw message as bytes, or a too_large failure without reading past the limit. The Email Worker
 * reads `message.raw` with this once, stores the bytes in R2, then parses the same bytes.
 */
export async function readRawEmail(raw: RawInput, limit = MAX_EMAIL_BYTES): Promise<Uint8Array | ParseFailure> {
  if (typeof raw === "string") {
    // A UTF-8 encoding is never shorter than the UTF-16 length: refuse without encoding first.
    if (raw.length > limit) return { kind: "too_large", size: raw.length, limit };
    const bytes = new TextEncoder().encode(raw);
    return checkEmailSize(bytes.byteLength, limit) ?? bytes;
  }
  if (raw instanceof ArrayBuffer) return checkEmailSize(raw.byteLength, limit) ?? new Uint8Array(raw);
  if (raw instanceof Uint8Array) return checkEmailSize(raw.byteLength, limit) ?? raw;
  const read = await readBounded(raw, limit);
  return "tooLarge" in read ? { kind: "too_large", size: read.tooLarge, limit } : read.bytes;
}

function mailboxes(list: readonly Address[] | Address | undefined): Array<{ address: string; name: string }> {
  const out: Array<{ address: string; name: string }> = [];
  for (const a of Array.isArray(list) ? list : list ? [list] : []) {
    for (const m of a.group ?? [a]) {
      const address = m.address ? bareAddress(m.address) : null;
      if (address) out.push({ address, name: m.name ?? "" });
    }
  }
  return out;
}

function normalize(email: Email): ParsedEmail {
  const headers = email.headers.map((h) => ({ key: h.key, value: h.value }));
  const header = (key: string) => headers.find((h) => h.key === key)?.value ?? null;
  const delivered = headers
    .filter((h) => h.key === "delivered-to" || h.key === "x-original-to")
    .map((h) => bareAddress(h.value))
    .filter((a): a is string => a !== null);
  const from = mailboxes(email.from)[0];
  return {
    messageId: normalizeMessageId(email.messageId),
    inReplyTo: messageIdsIn(email.inReplyTo)[0] ?? null,
    references: messageIdsIn(email.references),
    from: from?.address ?? null,
    fromName: from?.name ?? "",
    to: mailboxes(email.to).map((m) => m.address),
    cc: mailboxes(email.cc).map((m) => m.address),
    deliveredTo: [...new Set(delivered)],
    replyTo: mailboxes(email.replyTo).map((m) => m.address),
    subject: email.subject ?? "",
    date: email.date ?? null,
    text: email.text ?? "",
    html: email.html ?? "",
    attachments: email.attachments.map((a) => ({
      filename: a.filename,
      mimeType: a.mimeType,
      disposition: a.disposition,
      ...(a.contentId ? { contentId: a.contentId } : {}),
      content: toUint8(a.content),
    })),
    autoSubmitted: header("auto-submitted")?.trim().toLowerCase() ?? null,
    headers,
  };
}

function toUint8(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === "string") return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}
