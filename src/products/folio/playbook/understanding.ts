// The understanding layer's LLM fallback for the folio call (docs/architecture.md, "Calls"): the rules in src/domain decide
// first; only what they cannot place (null, "other", or below NEEDS_FALLBACK_BELOW) goes to the Brain,
// as structured output checked with zod. Every answer says which layer produced it and how many LLM
// calls it took, so the playbook can log the layer and count LLM calls per folio.
//
// Lives in the engine, not in src/domain: it does I/O (the Brain), and the domain stays pure.
import { z } from "zod";
import { chooseIvrOption, classifyReply, findEmail, needsFallback, parseCallbackTime, REPLY_INTENTS, type ReplyClassification, type ReplyIntent } from "../../../domain/understanding";
import type { Brain, ChatMessage } from "../../../providers/voice";

/** Each LLM call gets this long; a phone call cannot wait for a slow model. */
export const LLM_TIMEOUT_MS = 4_000;

export interface Decided<T> {
  value: T;
  layer: "rules" | "llm";
  /** LLM calls made for this decision (0 or 1), failed ones included. */
  llm_calls: number;
  /** Why the LLM was not used or its answer not taken, when it applies. */
  note?: string;
}

const replySchema = z.object({
  intent: z.enum(REPLY_INTENTS),
  refuse_reason: z.enum(["authorization_required", "privacy_policy", "guest_must_request", "other"]).nullable(),
  email: z.string().nullable(),
  callback_when: z.string().nullable(),
  question_about: z.enum(["name", "confirmation", "dates", "caller", "email", "other"]).nullable(),
  confidence: z.number(),
});

const ivrSchema = z.object({ digits: z.string().nullable(), reason: z.string() });
const timeSchema = z.object({ at: z.string().nullable() });

const REPLY_SYSTEM = `You read one reply from a hotel front desk on a phone call. We asked the hotel to email a guest's itemized folio (the bill) to us.
Classify the reply:
- agree: they will email it, or ask where to send it
- refuse: they will not (refuse_reason: authorization_required = a signed credit-card authorization form is needed; guest_must_request = only the guest may ask; privacy_policy = policy/privacy; other)
- callback: call back later (callback_when: the time words they used, or null)
- hold: they put us on hold or transfer us
- not_found: no reservation under that name or number
- voicemail: a recording asking to leave a message
- question: they ask something (question_about: name, confirmation, dates, caller, email, other)
- email_instead: they want us to send the request by email (email: the address they gave, or null)
- other: none of these
Answer with the JSON schema only.`;

async function ask<T>(brain: Brain, messages: ChatMessage[], schema: z.ZodType<T>, name: string, signal?: AbortSignal): Promise<T> {
  const timeout = AbortSignal.timeout(LLM_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  return brain.decide(messages, schema, { name, signal: combined });
}

/** Rules first; the Brain when they cannot place the reply and a Brain is configured. */
export async function understandReply(text: string, brain: Brain | null, context: ChatMessage[] = [], signal?: AbortSignal): Promise<Decided<ReplyClassification>> {
  const rules = classifyReply(text);
  if (!needsFallback(rules) || !brain) return { value: rules, layer: "rules", llm_calls: 0 };
  try {
    const r = await ask(brain, [{ role: "system", content: REPLY_SYSTEM }, ...context.slice(-6), { role: "user", content: `The reply: ${JSON.stringify(text)}` }], replySchema, "folio_reply", signal);
    const intent = r.intent as ReplyIntent;
    if (intent === "other" && rules.intent !== "other") return { value: rules, layer: "rules", llm_calls: 1, note: "llm could not place it either" };
    const email = (r.email && findEmail(r.email)) ?? findEmail(text);
    const value: ReplyClassification = {
      intent,
      details: {
        layer: "llm",
        confidence: Math.max(0, Math.min(1, r.confidence)),
        rule: "llm",
        matched: null,
        signals: [intent],
        ...(intent === "refuse" ? { reason: r.refuse_reason ?? "other" } : {}),
        ...(intent === "callback" ? { when_text: r.callback_when } : {}),
        ...(intent === "question" ? { about: r.question_about ?? "other" } : {}),
        ...(email && ["email_instead", "refuse", "agree"].includes(intent) ? { email } : {}),
      },
    };
    return { value, layer: "llm", llm_calls: 1 };
  } catch (err) {
    return { value: rules, layer: "rules", llm_calls: 1, note: `llm failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** Which key to press: the rules, then the Brain (never a key already tried). Null: nothing fits. */
export async function understandMenu(menuText: string, tried: readonly string[], brain: Brain | null, signal?: AbortSignal): Promise<Decided<{ digits: string; reason: string } | null>> {
  const rules = chooseIvrOption(menuText, "folio");
  if (rules && !tried.includes(rules.digits)) return { value: rules, layer: "rules", llm_calls: 0 };
  if (!brain) return { value: null, layer: "rules", llm_calls: 0 };
  try {
    const r = await ask(
      brain,
      [
        {
          role: "system",
          content: `You navigate a hotel's phone menu to reach someone who can email a guest's folio (billing, accounts, front desk or reception; an operator if nothing else fits). Never choose reservations for new bookings, sales, restaurants, events or a language switch. Keys already tried without success: ${tried.join(", ") || "none"}. Answer with the key(s) to press as digits (or * or #), or null if no option fits.`,
        },
        { role: "user", content: menuText },
      ],
      ivrSchema,
      "folio_ivr",
      signal,
    );
    const digits = r.digits?.replace(/[^0-9*#]/g, "") ?? "";
    if (digits === "" || digits.length > 6 || tried.includes(digits)) return { value: null, layer: "llm", llm_calls: 1, note: "llm found no new key" };
    return { value: { digits, reason: `llm: ${r.reason}` }, layer: "llm", llm_calls: 1 };
  } catch (err) {
    return { value: null, layer: "rules", llm_calls: 1, note: `llm failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** When to call back: the rules (chrono-node in the hotel's zone), then the Brain. Always in the future. */
export async function understandCallbackTime(text: string, now: Date, timeZone: string, brain: Brain | null, signal?: AbortSignal): Promise<Decided<{ at: Date; text: string } | null>> {
  const rules = parseCallbackTime(text, now, timeZone);
  if (rules || !brain) return { value: rules, layer: "rules", llm_calls: 0 };
  try {
    const r = await ask(
      brain,
      [
        {
          role: "system",
          content: `A hotel asked us to call back. It is now ${now.toISOString()} (UTC); the hotel's time zone is ${timeZone}. Answer with the callback time as an ISO 8601 date-time with an offset, or null if they named no time.`,
        },
        { role: "user", content: text },
      ],
      timeSchema,
      "folio_callback_time",
      signal,
    );
    const at = r.at ? new Date(r.at) : null;
    if (!at || Number.isNaN(at.getTime()) || at.getTime() <= now.getTime()) return { value: null, layer: "llm", llm_calls: 1, note: "llm gave no future time" };
    return { value: { at, text: r.at! }, layer: "llm", llm_calls: 1 };
  } catch (err) {
    return { value: null, layer: "rules", llm_calls: 1, note: `llm failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
