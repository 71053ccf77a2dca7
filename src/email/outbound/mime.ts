// A composed email as a raw RFC 5322 / MIME message: what Cloudflare's `EmailMessage` sends and the
// local outbox stores. multipart/alternative with a text and an HTML part, both UTF-8 in
// quoted-printable (readable in a raw dump, 7-bit safe); non-ASCII headers as RFC 2047 words.
import { base64Lines, encodeWords, foldHeader, formatAddress, headerSafe, quotedPrintable, rfc5322Date } from "./encoding";

const CRLF = "\r\n";

/** The fields toMime reads; a ComposedEmail has them all. */
export interface MimeSource {
  messageId: string;
  from: string;
  fromName?: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  date?: string;
  attachments?: ReadonlyArray<{ filename: string; mimeType: string; content: Uint8Array }>;
}

// Headers toMime writes itself; a caller's `headers` cannot override or duplicate them.
const RESERVED = new Set(["from", "to", "cc", "bcc", "reply-to", "subject", "date", "message-id", "mime-version", "content-type", "content-transfer-encoding"]);

const HEADER_NAME = /^[!-9;-~]+$/;

export function toMime(message: MimeSource): string {
  const boundary = `folio-alt-${crypto.randomUUID()}`;
  const lines: string[] = [foldHeader("From", formatAddress(message.from, message.fromName)), foldHeader("To", formatAddress(message.to))];
  if (message.replyTo) lines.push(foldHeader("Reply-To", formatAddress(message.replyTo)));
  lines.push(
    foldHeader("Subject", encodeWords(message.subject)),
    `Date: ${rfc5322Date(message.date ? new Date(message.date) : new Date())}`,
    `Message-ID: ${headerSafe(message.messageId)}`,
    "MIME-Version: 1.0",
  );
  for (const [name, value] of Object.entries(message.headers ?? {})) {
    if (!HEADER_NAME.test(name) || RESERVED.has(name.toLowerCase())) continue;
    lines.push(foldHeader(name, encodeWords(value)));
  }

  const alternative = [textPart("text/plain", message.text), ...(message.html !== undefined ? [textPart("text/html", message.html)] : [])];
  const attachments = message.attachments ?? [];
  if (attachments.length === 0) {
    lines.push(foldHeader("Content-Type", `multipart/alternative; boundary="${boundary}"`), "", multipart(boundary, alternative));
  } else {
    // Attachments (simulated hotels' PDF folios) need multipart/mixed around the alternative.
    const mixed = `folio-mix-${crypto.randomUUID()}`;
    const inner = `${foldHeader("Content-Type", `multipart/alternative; boundary="${boundary}"`)}${CRLF}${CRLF}${multipart(boundary, alternative)}`;
    lines.push(foldHeader("Content-Type", `multipart/mixed; boundary="${mixed}"`), "", multipart(mixed, [inner, ...attachments.map(attachmentPart)]));
  }
  return lines.join(CRLF);
}

function multipart(boundary: string, parts: string[]): string {
  return `${parts.map((p) => `--${boundary}${CRLF}${p}${CRLF}`).join("")}--${boundary}--${CRLF}`;
}

function textPart(type: string, body: string): string {
  return [`Content-Type: ${type}; charset=UTF-8`, "Content-Transfer-Encoding: quoted-printable", "", quotedPrintable(body)].join(CRLF);
}

function attachmentPart(a: { filename: string; mimeType: string; content: Uint8Array }): string {
  const type = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i.test(a.mimeType) ? a.mimeType : "application/octet-stream";
  const name = encodeWords(a.filename).replace(/"/g, "'");
  return [
    foldHeader("Content-Type", `${type}; name="${name}"`),
    foldHeader("Content-Disposition", `attachment; filename="${name}"`),
    "Content-Transfer-Encoding: base64",
    "",
    base64Lines(a.content),
  ].join(CRLF);
}
