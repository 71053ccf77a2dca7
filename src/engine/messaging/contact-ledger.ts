// The contact ledger's decisions (docs/architecture.md, "Messaging"): one entry per E.164 number for the
// whole deployment, saying whether we may text it (it sent an opt-out keyword) and whether we may
// call or text it at all (an operator put it on the do-not-call list). Pure: the object that keeps the
// ledger stores entries and sends the replies these decisions ask for.
//
// Keywords are Twilio's Advanced Opt-Out defaults, matched as Twilio does: the whole message is the
// keyword, in any case, with the spaces and punctuation around it ignored ("stop", "STOP!", " Stop. ").
// A sentence that contains one ("please stop calling") is a message for the product, not a keyword.

export type Keyword = "opt_out" | "opt_in" | "help";

const KEYWORDS: Readonly<Record<string, Keyword>> = {
  STOP: "opt_out",
  STOPALL: "opt_out",
  UNSUBSCRIBE: "opt_out",
  CANCEL: "opt_out",
  END: "opt_out",
  QUIT: "opt_out",
  REVOKE: "opt_out",
  OPTOUT: "opt_out",
  START: "opt_in",
  UNSTOP: "opt_in",
  YES: "opt_in",
  HELP: "help",
  INFO: "help",
};

/** The message as one word would be: spaces and punctuation around it dropped, upper-cased. */
const bareWord = (body: string): string =>
  body
    .normalize("NFKC")
    .replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "")
    .toUpperCase();

/** The keyword a whole message is, if it is one. */
export function keywordOf(body: string): Keyword | null {
  return KEYWORDS[bareWord(body)] ?? null;
}

export interface DoNotContact {
  reason: string;
  actor: string;
  at: string;
}

export interface ContactEntry {
  phone: string;
  /** When the number opted out of texts by keyword (null: it has not, or opted back in). */
  sms_opted_out_at: string | null;
  do_not_contact: DoNotContact | null;
}

export const emptyContact = (phone: string): ContactEntry => ({ phone, sms_opted_out_at: null, do_not_contact: null });

export type Channel = "sms" | "call";

export type ContactDecision = { ok: true } | { ok: false; reason: "do_not_contact" | "opted_out"; detail: string };

/** Whether we may reach the number on a channel now. The do-not-call list blocks both; an opt-out, texts. */
export function mayContact(entry: ContactEntry | null, channel: Channel): ContactDecision {
  if (entry?.do_not_contact) return { ok: false, reason: "do_not_contact", detail: entry.do_not_contact.reason };
  if (channel === "sms" && entry?.sms_opted_out_at) return { ok: false, reason: "opted_out", detail: `opted out of texts at ${entry.sms_opted_out_at}` };
  return { ok: true };
}

export type KeywordReply = "opted_out" | "opted_in" | "help";

export interface KeywordOutcome {
  entry: ContactEntry;
  /** The confirmation to send, once: only when the keyword changed something (or asked for help). */
  reply: KeywordReply | null;
  /** Whether the message is the ledger's and goes to no product. */
  consumed: boolean;
}

/**
 * What an inbound message does to its sender's entry. STOP opts out (a second STOP is confirmed no
 * more); START opts back in. YES opts in only a number that opted out: from anyone else it is an
 * answer ("YES" to a job offer) and goes on to the product.
 */
export function applyKeyword(entry: ContactEntry, body: string, now: string): KeywordOutcome {
  const keyword = keywordOf(body);
  const isYes = bareWord(body) === "YES";
  switch (keyword) {
    case "opt_out":
      return entry.sms_opted_out_at ? { entry, reply: null, consumed: true } : { entry: { ...entry, sms_opted_out_at: now }, reply: "opted_out", consumed: true };
    case "opt_in":
      if (!entry.sms_opted_out_at) return { entry, reply: null, consumed: !isYes };
      return { entry: { ...entry, sms_opted_out_at: null }, reply: "opted_in", consumed: true };
    case "help":
      return { entry, reply: "help", consumed: true };
    default:
      return { entry, reply: null, consumed: false };
  }
}
