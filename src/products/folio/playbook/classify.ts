// What a reply means, given where the call is: before a person is on the line, who (or what) answered;
// with a person, what they meant about the folio (rules, then the LLM fallback). The decision carries
// its layer and the LLM calls it took.
import { classifyAnswerer } from "../../../domain/understanding/answerer";
import { classifyReply, findEmail, parseCallbackTime } from "../../../domain/understanding";
import type { Classification } from "../../../engine/playbook";
import type { FolioCallParams } from "./contract";
import { folioNow } from "./params";
import type { Ctx } from "./turn";
import { understandReply } from "./understanding";

/** How someone coming back to a held call starts. */
const TO_US =
  /\b(?:hello|hi|hey|good (?:morning|afternoon|evening)|thanks? (?:you )?(?:so much )?for (?:holding|waiting|your patience)|sorry (?:about|for) (?:the|your) wait|(?:are )?you still there|still with me)\b/i;

const DECISIVE_REPLIES = new Set(["agree", "refuse", "callback", "not_found", "email_instead", "voicemail"]);

function answerer(text: string): Classification {
  const a = classifyAnswerer(text);
  return { intent: a.kind, layer: "rules", details: { rule: a.rule, ...(a.options ? { options: a.options } : {}), llm_calls: 0 } };
}

async function meaning(text: string, ctx: Ctx): Promise<Classification> {
  const history = ctx.transcript
    .filter((n) => (n.type === "system_utterance" || n.type === "hotel_response") && n.content !== "")
    .slice(-6)
    .map((n) => ({ role: n.type === "system_utterance" ? ("assistant" as const) : ("user" as const), content: n.content }));
  const d = await understandReply(text, ctx.brain, history, ctx.signal);
  const { layer: _layer, ...details } = d.value.details;
  return { intent: d.value.intent, layer: d.layer, details: { ...details, llm_calls: d.llm_calls, ...(d.note ? { note: d.note } : {}) } };
}

export async function classifyFolio(text: string, ctx: Ctx, p: FolioCallParams | null): Promise<Classification> {
  const s = ctx.state;
  if (!p || s.phase === "done") return { intent: "other", layer: "rules", details: { rule: "call over", llm_calls: 0 } };
  switch (s.phase) {
    case "listening":
    case "ivr":
    case "screening":
    case "voicemail": {
      // A menu or a greeting heard in pieces is read as a whole.
      const a = answerer(s.heard ? `${s.heard} ${text}` : text);
      // "Harbor Hotel, please hold": a person, but not one to talk to yet.
      if (a.intent === "human" && classifyReply(text).intent === "hold") return { intent: "hold", layer: "rules", details: { rule: "answered with a hold", llm_calls: 0 } };
      return a;
    }
    case "hold": {
      const a = answerer(text);
      if (a.intent !== "human") return a;
      const m = await meaning(text, ctx);
      if (DECISIVE_REPLIES.has(m.intent) || m.intent === "hold") return m;
      // Words not addressed to us (hold music, a conversation in the back office) keep us holding.
      const addressed = a.details?.rule === "personal greeting" || /\?\s*$/.test(text) || TO_US.test(text) || m.intent === "question";
      if (!addressed) return { intent: "hold", layer: "rules", details: { rule: "not addressed to us", llm_calls: m.details?.llm_calls ?? 0 } };
      // Not an answer to our request: whoever picked up is new to the call.
      return { ...a, details: { ...a.details, llm_calls: m.details?.llm_calls ?? 0, reply: m.intent } };
    }
    case "desk": {
      const a = classifyAnswerer(text);
      if (a.kind === "ivr_menu" && (a.options?.length ?? 0) >= 2) return answerer(text);
      if (s.awaiting === "email_address") {
        const email = findEmail(text);
        if (email) return { intent: "email_instead", layer: "rules", details: { rule: "address given", email, llm_calls: 0 } };
      }
      if (s.awaiting === "callback_time") {
        const when = parseCallbackTime(text, folioNow(p, ctx.now), p.hotel.timezone);
        if (when) return { intent: "callback", layer: "rules", details: { rule: "time given", when_text: when.text, llm_calls: 0 } };
      }
      return meaning(text, ctx);
    }
  }
}
