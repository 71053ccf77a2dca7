// Folio request emails (docs/architecture.md, "Email"): one per record, or one per hotel batch listing several records.
// Each carries three ways back to its record(s), in the order inbound correlation tries them: the
// token in Reply-To, the Message-ID a reply threads on, and the reference in the subject. Pure: the
// caller persists the result (EmailComposed) before sending, so a retried send reuses the same
// Message-ID instead of minting a new one.
import type { RecordState } from "../../domain/record-state";
import { newBatchToken, referenceFor, replyAddress } from "../addresses";
import { escapeHtml, renderHtml, renderText, type RequestCopy } from "./request-body";

export { toMime } from "./mime";

export interface FolioRequestItem {
  recordId: string;
  guestName: string;
  confirmationNumber: string;
  checkIn: string;
  checkOut: string;
  /** The record's own reply token (RecordState.reply_token). */
  replyToken: string;
}

export interface ComposedEmail {
  /** RFC 5322 Message-ID, angle brackets included: what replies thread on. */
  messageId: string;
  from: string;
  fromName?: string;
  to: string;
  replyTo: string;
  subject: string;
  text: string;
  html: string;
  /** Headers beyond From/To/Reply-To/Subject/Date/MIME, e.g. In-Reply-To on reminders. */
  headers: Record<string, string>;
  date: string;
  /** `REF-...` as it appears in the subject, and the token behind it and behind Reply-To. */
  reference: string;
  token: string;
  recordIds: string[];
  /** 0 for the request itself, n for the n-th reminder. */
  reminder: number;
}

export interface ComposeOptions {
  inboundDomain: string;
  to: string;
  hotelName: string;
  /** Sender address; defaults to `folios@INBOUND_DOMAIN`, which Email Routing can send from. */
  from?: string;
  fromName?: string;
  /** Reuse the Message-ID of an earlier EmailComposed (retries); otherwise a new one is minted. */
  messageId?: string;
  now?: Date;
}

export function requestItemFromState(state: RecordState): FolioRequestItem {
  return {
    recordId: state.id,
    guestName: state.input.guest_name,
    confirmationNumber: state.input.confirmation_number,
    checkIn: state.input.check_in,
    checkOut: state.input.check_out,
    replyToken: state.reply_token,
  };
}

/** `<uuid@INBOUND_DOMAIN>`: unique, and under our domain so it cannot clash with a hotel's ids. */
export function newMessageId(inboundDomain: string): string {
  return `<${crypto.randomUUID()}@${inboundDomain}>`;
}

/** A request for one record; its reply token is the record's own. */
export function composeRecordRequest(item: FolioRequestItem, opts: ComposeOptions): ComposedEmail {
  return compose([item], item.replyToken, opts, null);
}

/**
 * A request for several records of one hotel. The batch token (stored by the caller against the
 * record ids) goes into Reply-To and the reference; each record's own reference is listed as well,
 * so a hotel that answers one stay per email can keep the right one.
 */
export function composeBatchRequest(items: readonly FolioRequestItem[], opts: ComposeOptions & { batchToken?: string }): ComposedEmail {
  if (items.length === 0) throw new RangeError("a batch request needs at least one record");
  if (items.length === 1 && !opts.batchToken) return composeRecordRequest(items[0]!, opts);
  return compose(items, opts.batchToken ?? newBatchToken(), opts, null);
}

export interface ReminderOptions extends ComposeOptions {
  /** 1 for the first reminder. */
  reminder: number;
  /** Message-ID of the original request: the reminder threads under it. */
  originalMessageId: string;
  /** References of the original, if it had any (a reminder to a reminder keeps the whole chain). */
  references?: readonly string[];
  /** For a batch: the token the original used. */
  token?: string;
}

/** The n-th reminder, threaded under the original with In-Reply-To and References. */
export function composeReminder(items: readonly FolioRequestItem[], opts: ReminderOptions): ComposedEmail {
  if (!Number.isInteger(opts.reminder) || opts.reminder < 1) throw new RangeError("reminder must be a positive integer");
  if (items.length === 0) throw new RangeError("a reminder needs at least one record");
  const token = opts.token ?? (items.length === 1 ? items[0]!.replyToken : null);
  if (!token) throw new RangeError("a batch reminder needs the batch token of the original request");
  return compose(items, token, opts, { n: opts.reminder, inReplyTo: opts.originalMessageId, references: opts.references ?? [] });
}

function compose(items: readonly FolioRequestItem[], token: string, opts: ComposeOptions, reminder: { n: number; inReplyTo: string; references: readonly string[] } | null): ComposedEmail {
  const reference = referenceFor(token);
  const batch = items.length > 1;
  const base = batch ? `Folio request: ${items.length} stays [Folio ${reference}]` : `Folio request: confirmation ${items[0]!.confirmationNumber} [Folio ${reference}]`;
  // "Re:" keeps the reminder in the same conversation in clients that thread by subject (Gmail).
  const subject = reminder ? `Re: ${base}` : base;
  const copy: RequestCopy = {
    hotelName: opts.hotelName,
    items: items.map((i) => ({ ...i, reference: referenceFor(i.replyToken) })),
    reference,
    batch,
    reminder: reminder?.n ?? 0,
  };
  const headers: Record<string, string> = { "X-Folio-Reference": reference };
  if (reminder) {
    headers["In-Reply-To"] = reminder.inReplyTo;
    headers.References = [...new Set([...reminder.references, reminder.inReplyTo])].join(" ");
  }
  return {
    messageId: opts.messageId ?? newMessageId(opts.inboundDomain),
    from: opts.from ?? `folios@${opts.inboundDomain}`,
    fromName: opts.fromName ?? "Folio requests",
    to: opts.to,
    replyTo: replyAddress(token, opts.inboundDomain),
    subject,
    text: renderText(copy),
    html: renderHtml(copy),
    headers,
    date: (opts.now ?? new Date()).toISOString(),
    reference,
    token,
    recordIds: items.map((i) => i.recordId),
    reminder: reminder?.n ?? 0,
  };
}

export { escapeHtml };
