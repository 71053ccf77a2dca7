// Which record(s) an inbound email answers (docs/architecture.md, "Email"), trying in order: (1) the token in
// folios+TOKEN@ among the recipients, (2) In-Reply-To/References against the Message-IDs we sent,
// (3) the REF- reference in the subject, (4) a confirmation number, then a guest name, among the
// open records of the sender's domain. The first route that finds anything wins. Pure but for the
// lookups, which the caller implements over D1 (and tests over arrays).
import { domainOf, referenceFor, referencesIn, tokensInAddresses } from "../addresses";
import { compactCode, indexCodes, indexWords, isDistinctiveCode, nameFoundIn } from "./fuzzy";
import { htmlToText } from "./html-text";

export type MatchedBy = "token" | "thread" | "subject" | "confirmation_number" | "guest_name";
export type Correlation = { recordIds: string[]; matchedBy: MatchedBy } | { unmatched: true };

export interface OpenRecord {
  id: string;
  confirmationNumber: string;
  guestName: string;
}

/** Each returns the record ids behind a key (several for a batch token or batch Message-ID). */
export interface CorrelationLookup {
  /** A reply token, lower-cased: a record's reply_token or a batch token. */
  byToken(token: string): Promise<string[]>;
  /** A Message-ID we sent, `<id@host>`. */
  byMessageId(messageId: string): Promise<string[]>;
  /**
   * A subject reference in the canonical form compose wrote (`REF-` + upper-cased token, as in
   * ComposedEmail.reference and email_messages.reference), however the hotel cased it.
   */
  byReference(reference: string): Promise<string[]>;
  /** Open (not completed or cancelled) records of hotels whose email is at this domain. */
  openRecordsForDomain(domain: string): Promise<OpenRecord[]>;
}

/** The fields correlation reads; a ParsedEmail has them all. */
export interface CorrelatableEmail {
  from: string | null;
  to: readonly string[];
  cc: readonly string[];
  deliveredTo: readonly string[];
  inReplyTo: string | null;
  references: readonly string[];
  subject: string;
  text: string;
  html: string;
}

export interface CorrelateOptions {
  /** Only tokens addressed to this domain count (the Email Worker's INBOUND_DOMAIN). */
  inboundDomain?: string;
  /** The SMTP envelope recipient (ForwardableEmailMessage.to): the token is there even on a Bcc. */
  envelopeTo?: readonly string[];
  /** More text to search in route 4, e.g. the text of PDF attachments. */
  extraTexts?: readonly string[];
}

// A hostile message can list thousands of ids; each is a D1 query. The ones that matter are the
// direct parent and the ends of the chain (the original request is near the start).
const MAX_KEYS = 20;

export async function correlate(email: CorrelatableEmail, lookup: CorrelationLookup, opts: CorrelateOptions = {}): Promise<Correlation> {
  const tokens = tokensInAddresses([...(opts.envelopeTo ?? []), ...email.to, ...email.cc, ...email.deliveredTo], opts.inboundDomain);
  const byToken = await collect(tokens.slice(0, MAX_KEYS), (t) => lookup.byToken(t));
  if (byToken.length > 0) return { recordIds: byToken, matchedBy: "token" };

  const byThread = await collect(threadIds(email), (id) => lookup.byMessageId(id));
  if (byThread.length > 0) return { recordIds: byThread, matchedBy: "thread" };

  const references = referencesIn(email.subject).slice(0, MAX_KEYS).map(referenceFor);
  const byReference = await collect(references, (r) => lookup.byReference(r));
  if (byReference.length > 0) return { recordIds: byReference, matchedBy: "subject" };

  const domain = email.from ? domainOf(email.from) : null;
  if (!domain) return { unmatched: true };
  const open = await lookup.openRecordsForDomain(domain);
  if (open.length === 0) return { unmatched: true };
  const text = [email.subject, email.text, email.html ? htmlToText(email.html) : "", ...(opts.extraTexts ?? [])].join("\n");
  const found = matchOpenRecords(text, open);
  return found ?? { unmatched: true };
}

/** A bounce correlates through the Message-ID of the request that failed. */
export async function correlateBounce(originalMessageId: string, lookup: CorrelationLookup): Promise<Correlation> {
  const ids = await collect([originalMessageId], (id) => lookup.byMessageId(id));
  return ids.length > 0 ? { recordIds: ids, matchedBy: "thread" } : { unmatched: true };
}

/** In-Reply-To first, then the References, newest first, capped at both ends of the chain. */
export function threadIds(email: Pick<CorrelatableEmail, "inReplyTo" | "references">): string[] {
  const refs = [...email.references].reverse();
  const capped = refs.length > MAX_KEYS ? [...refs.slice(0, MAX_KEYS / 2), ...refs.slice(-MAX_KEYS / 2)] : refs;
  return [...new Set([...(email.inReplyTo ? [email.inReplyTo] : []), ...capped])];
}

/**
 * Route 4 over a text: every open record whose confirmation number occurs (several when one email
 * answers several stays); failing that, every record whose guest name occurs.
 */
export function matchOpenRecords(text: string, open: readonly OpenRecord[]): { recordIds: string[]; matchedBy: MatchedBy } | null {
  const codes = indexCodes(text);
  const byCode = open.filter((r) => isDistinctiveCode(r.confirmationNumber) && codes.has(compactCode(r.confirmationNumber)));
  if (byCode.length > 0) return { recordIds: unique(byCode.map((r) => r.id)), matchedBy: "confirmation_number" };
  const index = indexWords(text);
  const byName = open.filter((r) => nameFoundIn(r.guestName, index));
  if (byName.length > 0) return { recordIds: unique(byName.map((r) => r.id)), matchedBy: "guest_name" };
  return null;
}

async function collect(keys: readonly string[], find: (key: string) => Promise<string[]>): Promise<string[]> {
  const ids: string[] = [];
  for (const key of keys) ids.push(...(await find(key)));
  return unique(ids);
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
