// Tells a hotel's answer from the machines answering for it (issue 5): out-of-office and other
// auto-replies are not folios, and a bounce (delivery status notification) is a failed send that
// must reach its record as EmailSendFailed. Pure: reads headers, subject and report parts only.
import { headerBlock, headerValue } from "./header-block";
import type { ParsedAttachment, ParsedEmail } from "./parse";
import { normalizeMessageId } from "../addresses";
import { foldText } from "./fuzzy";

export type EmailKind = "auto_reply" | "bounce" | "human";

export interface Classification {
  kind: EmailKind;
  /** For a bounce: the Message-ID of the message that failed, which correlates it to its record. */
  originalMessageId?: string;
  /** For a bounce: a 5.x.x status (or no status at all) will not succeed on retry. */
  permanent?: boolean;
  /** What decided it, for logs and the triage view. */
  signals: string[];
}

// Subjects, compared accent-folded and lower-cased, so "Réponse automatique" and "REPONSE
// AUTOMATIQUE" match one pattern.
const AUTO_SUBJECT = new RegExp(
  [
    "out of (the )?office",
    "\\booo\\b",
    "away from (the |my )?office",
    "on vacation",
    "vacation reply",
    "automatic reply",
    "automated reply",
    "auto[- ]?reply",
    "auto[- ]?response",
    "automatic response",
    "automated response",
    "abwesenheit",
    "automatische antwort",
    "reponse automatique",
    "absence du bureau",
    "absent du bureau",
    "respuesta automatica",
    "fuera de la oficina",
    "risposta automatica",
    "fuori ufficio",
    "resposta automatica",
    "automatisch antwoord",
    "afwezigheid",
    "franvaro",
    "automatiskt svar",
  ].join("|"),
);
const DSN_SUBJECT =
  /undeliver|undelivered mail|delivery status notification|delivery (has )?fail|mail delivery failed|returned mail|failure notice|could not be delivered|non[- ]?delivery|not delivered|unzustellbar|non remis|no entregado/;
const DELAY = /\bdelay(ed)?\b|still trying|will (continue|retry)|warning: message/;
const SUPPRESSING_HEADERS = ["x-autoreply", "x-autorespond", "x-autoreply-from", "x-autoresponder"];
const REPORT_PARTS = new Set(["message/rfc822", "text/rfc822-headers", "message/rfc822-headers", "message/global", "message/global-headers"]);

export function classifyEmail(email: ParsedEmail): Classification {
  return bounce(email) ?? autoReply(email) ?? { kind: "human", signals: [] };
}

function header(email: ParsedEmail, key: string): string | null {
  return headerValue(email.headers, key);
}

function bounce(email: ParsedEmail): Classification | null {
  const signals: string[] = [];
  const contentType = (header(email, "content-type") ?? "").toLowerCase();
  if (/multipart\/report/.test(contentType) && /report-type\s*=\s*"?delivery-status/.test(contentType)) signals.push("multipart/report");
  const status = email.attachments.find((a) => a.mimeType === "message/delivery-status");
  if (status) signals.push("delivery-status");
  const local = email.from?.split("@")[0] ?? "";
  const subject = foldText(email.subject);
  const dsnSubject = DSN_SUBJECT.test(subject);
  const nullSender = /^\s*<\s*>\s*$/.test(header(email, "return-path") ?? "x");
  if (local === "mailer-daemon") signals.push("mailer-daemon");
  else if (local === "postmaster" && (dsnSubject || nullSender)) signals.push("postmaster");
  else if (dsnSubject && nullSender) signals.push("null sender");
  if (signals.length === 0) return null;

  const originalMessageId = originalOf(email);
  const actions = status ? deliveryActions(status) : null;
  // A delay notice says the message is still queued: nothing failed (yet), so it is no bounce.
  const delayed = actions ? actions.failed === 0 && actions.total > 0 : DELAY.test(subject) || DELAY.test(foldText(email.text.slice(0, 2000)));
  if (delayed) return { kind: "auto_reply", signals: [...signals, "delayed"], ...(originalMessageId ? { originalMessageId } : {}) };
  const permanent = actions ? actions.permanent : true;
  return { kind: "bounce", permanent, signals, ...(originalMessageId ? { originalMessageId } : {}) };
}

/** Action and Status fields of a message/delivery-status part (RFC 3464), per recipient. */
function deliveryActions(part: ParsedAttachment): { total: number; failed: number; permanent: boolean } {
  const text = new TextDecoder("latin1").decode(part.content.subarray(0, 64 * 1024));
  const actions = [...text.matchAll(/^action:\s*([a-z]+)/gim)].map((m) => m[1]!.toLowerCase());
  const statuses = [...text.matchAll(/^status:\s*([245])\.\d{1,3}\.\d{1,3}/gim)].map((m) => m[1]);
  const failed = actions.filter((a) => a === "failed").length;
  // A failure with a 4.x.x status is transient by RFC 3463; with 5.x.x or no status, permanent.
  return { total: actions.length, failed, permanent: failed > 0 && !statuses.includes("4") };
}

/** The failed message's Message-ID: from the returned message or its headers, then the body. */
function originalOf(email: ParsedEmail): string | undefined {
  for (const part of email.attachments) {
    if (!REPORT_PARTS.has(part.mimeType)) continue;
    const id = normalizeMessageId(headerValue(headerBlock(part.content), "message-id"));
    if (id) return id;
  }
  // Non-standard bounces quote the original headers in the text ("a copy of the message follows").
  const quoted = /^[ \t>]*message-id:\s*(<[^<>\s]+>)/im.exec(email.text);
  if (quoted && normalizeMessageId(quoted[1]) !== email.messageId) return normalizeMessageId(quoted[1]) ?? undefined;
  return email.inReplyTo ?? email.references.at(-1);
}

function autoReply(email: ParsedEmail): Classification | null {
  const strong: string[] = [];
  const weak: string[] = [];
  const auto = email.autoSubmitted;
  if (auto && auto !== "no") (auto.startsWith("auto-replied") ? strong : weak).push(`auto-submitted: ${auto}`);
  for (const key of SUPPRESSING_HEADERS) {
    const v = header(email, key);
    if (v !== null && v.trim().toLowerCase() !== "no") strong.push(key);
  }
  const precedence = (header(email, "precedence") ?? header(email, "x-precedence") ?? "").trim().toLowerCase();
  if (precedence === "auto_reply") strong.push("precedence: auto_reply");
  else if (precedence === "bulk" || precedence === "junk") weak.push(`precedence: ${precedence}`);
  if (header(email, "x-auto-response-suppress") !== null) weak.push("x-auto-response-suppress");
  if (AUTO_SUBJECT.test(foldText(email.subject))) strong.push("subject");

  if (strong.length > 0) return { kind: "auto_reply", signals: [...strong, ...weak] };
  // A hotel's property system may send the folio itself as auto-generated mail: weak signals alone
  // do not discard a message that carries a document.
  if (weak.length > 0 && !email.attachments.some(isDocument)) return { kind: "auto_reply", signals: weak };
  return null;
}

function isDocument(a: ParsedAttachment): boolean {
  if (a.mimeType === "application/pdf" || /\.pdf$/i.test(a.filename ?? "")) return true;
  return a.disposition === "attachment" && !/signature|pkcs7|pgp/.test(a.mimeType);
}
