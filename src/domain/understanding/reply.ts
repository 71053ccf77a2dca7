// classifyReply: what the front desk meant after we asked them to email the folio. Every rule that fires
// becomes a signal; a small precedence table and "later speech wins" pick one. Anything the rules cannot
// place comes back as "other" (or with low confidence) for the LLM layer to take over.
import { findEmail } from "./email-address";
import { agreeSignals, emailInsteadSignals, refuseSignals, weakAgreeSignals } from "./reply-rules-commit";
import { callbackSignals, holdSignals, notFoundSignals, questionSignals, voicemailSignals } from "./reply-rules-flow";
import { normalizeReply, type ReplyIntent, type Signal } from "./reply-text";
import { findTimePhrase } from "./time-phrases";

export type { ReplyIntent } from "./reply-text";
export type RefuseReason = "authorization_required" | "privacy_policy" | "guest_must_request" | "other";
export type QuestionAbout = "name" | "confirmation" | "dates" | "caller" | "email" | "other";

export interface ReplyDetails {
  /** Which layer decided: these rules, or later the LLM. */
  layer: "rules" | "llm";
  /** 0–1. Below NEEDS_FALLBACK_BELOW a later layer should decide. */
  confidence: number;
  /** The rule that decided, and the words it matched. */
  rule: string;
  matched: string | null;
  /** Every intent a rule suggested, in order of appearance (for the decision log). */
  signals: ReplyIntent[];
  reason?: RefuseReason;
  when_text?: string | null;
  about?: QuestionAbout;
  email?: string;
  mailbox_full?: boolean;
  hedge?: boolean;
}

export interface ReplyClassification {
  intent: ReplyIntent;
  details: ReplyDetails;
}

export const NEEDS_FALLBACK_BELOW = 0.6;

/** True when the rules did not place the reply well enough to act on without the LLM layer. */
export function needsFallback(r: ReplyClassification): boolean {
  return r.intent === "other" || r.details.confidence < NEEDS_FALLBACK_BELOW;
}

const STRONG_CALLBACK = new Set(["call back", "better time", "give us time"]);

function tier(sig: Signal): number {
  const reason = sig.details?.reason;
  if (sig.intent === "voicemail") return 100;
  if (sig.intent === "refuse" && (reason === "authorization_required" || reason === "guest_must_request")) return 90;
  if (sig.intent === "email_instead" && sig.score >= 0.8) return 80;
  if (sig.intent === "refuse" && reason === "privacy_policy") return 70;
  if (sig.score >= 0.65) return 50;
  return 20;
}

/** Within the conversational tier: who wins regardless of who spoke last. */
function overrides(a: Signal, b: Signal): boolean {
  if (a.intent === "agree" && b.intent === "hold") return true;
  if (a.intent === "question" && ["hold", "not_found", "agree", "refuse"].includes(b.intent)) return true;
  if (a.intent === "callback" && STRONG_CALLBACK.has(a.rule) && ["agree", "refuse", "not_found"].includes(b.intent)) return true;
  return false;
}

const weakOrder: ReplyIntent[] = ["agree", "refuse", "other", "question", "callback", "email_instead"];

function beats(a: Signal, b: Signal): boolean {
  const ta = tier(a);
  const tb = tier(b);
  if (ta !== tb) return ta > tb;
  if (ta === 50 && a.intent !== b.intent) {
    if (overrides(a, b)) return true;
    if (overrides(b, a)) return false;
    return a.index >= b.index;
  }
  if (ta === 20 && a.intent !== b.intent) {
    // "Sure… I'm not sure we can" is a hedge; a bare affirmative loses to anything more specific.
    return weakOrder.indexOf(a.intent) > weakOrder.indexOf(b.intent);
  }
  return a.score > b.score || (a.score === b.score && a.index >= b.index);
}

export function classifyReply(text: string): ReplyClassification {
  const s = normalizeReply(typeof text === "string" ? text : "");
  if (!s) return other("empty reply", 0, []);
  if (/^(?:hello|hi|hey|yes hello|hello hello|are you (?:still )?there|can you hear me|you there)[?.!\s]*$/.test(s)) return other("line check", 0.5, []);
  const email = findEmail(text);
  const questions = questionSignals(s).map((q): Signal => {
    // "What's the email?" asks where to send it: that is agreement. "What was the email again?" is not.
    if (q.details?.about === "email" && !q.details.repeat) return { ...q, intent: "agree", rule: "asks where to send", score: 0.75 };
    return q;
  });
  const signals = [
    ...voicemailSignals(s),
    ...refuseSignals(s),
    ...emailInsteadSignals(s, email),
    ...agreeSignals(s),
    ...weakAgreeSignals(s),
    ...holdSignals(s),
    ...callbackSignals(s),
    ...notFoundSignals(s),
    ...questions,
  ].sort((a, b) => a.index - b.index);

  const timeOnly = findTimePhrase(text);
  const greeting = /\bgood (?:morning|afternoon|evening|day)\b|\b(?:hello|hi|hey)\b/.test(s);
  if (signals.length === 0 && timeOnly && !greeting && s.split(/\s+/).length <= timeOnly.split(/\s+/).length + 2) {
    // A bare time ("Tomorrow after ten.") in answer to our request is a callback time.
    signals.push({ intent: "callback", rule: "bare time", score: 0.6, index: 0, text: timeOnly });
  }
  if (signals.length === 0) return other(s.includes("?") ? "unplaced question" : "no rule matched", 0.2, []);

  let win = signals[0] as Signal;
  for (const sig of signals.slice(1)) if (beats(sig, win)) win = sig;

  let intent = win.intent;
  const hasAgree = signals.some((x) => x.intent === "agree");
  if (intent === "question" && win.details?.about === "email" && hasAgree) intent = "agree";
  const rivals = signals.filter((x) => x.intent !== intent && tier(x) >= 50 && x.intent !== "other");
  const confidence = Math.max(0.3, Math.round((win.score - (rivals.length > 0 ? 0.1 : 0)) * 100) / 100);
  const details: ReplyDetails = {
    layer: "rules",
    confidence,
    rule: win.rule,
    matched: win.text,
    signals: [...new Set(signals.map((x) => x.intent))],
  };
  if (intent === "refuse") details.reason = (win.details?.reason as RefuseReason | undefined) ?? "other";
  if (intent === "callback") details.when_text = findTimePhrase(text);
  if (intent === "question") details.about = (win.details?.about as QuestionAbout | undefined) ?? "other";
  if (intent === "voicemail" && signals.some((x) => x.details?.mailbox_full)) details.mailbox_full = true;
  if (intent === "other" && win.details?.hedge) details.hedge = true;
  if (email && (intent === "email_instead" || intent === "refuse" || intent === "agree")) details.email = email;
  return { intent, details };
}

function other(rule: string, confidence: number, signals: ReplyIntent[]): ReplyClassification {
  return { intent: "other", details: { layer: "rules", confidence, rule, matched: null, signals } };
}
