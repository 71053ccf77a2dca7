// The understanding layer's deterministic first pass (docs/architecture.md, "Calls", "Public contracts"). Pure: no bindings, no I/O, no LLM.
//
// - parseCallbackTime: chrono-node plus rules, in the hotel's IANA zone, always in the future.
// - chooseIvrOption:   menu rules scored for the folio goal.
// - classifyReply:     intent rules over word classes, with negation and precedence.
//
// classifyReply names the layer that decided in details.layer; parseCallbackTime and chooseIvrOption
// keep the exact contract shape (their reason says it was the rules). The LLM fallback comes later
// and plugs in at the seam below: when a rules result is null, "other", or below
// NEEDS_FALLBACK_BELOW, ask the next layer, and log whichever layer's answer is used.

export { parseCallbackTime, type CallbackTime } from "./understanding/time";
export { chooseIvrOption, parseIvrMenu, type IvrChoice, type IvrOption } from "./understanding/ivr";
export { classifyReply, needsFallback, NEEDS_FALLBACK_BELOW, type QuestionAbout, type RefuseReason, type ReplyClassification, type ReplyDetails, type ReplyIntent } from "./understanding/reply";
export { findEmail } from "./understanding/email-address";
export { findTimePhrase } from "./understanding/time-phrases";

export type UnderstandingLayer = "rules" | "llm";
export const REPLY_INTENTS = ["agree", "refuse", "callback", "hold", "not_found", "voicemail", "question", "email_instead", "other"] as const;
