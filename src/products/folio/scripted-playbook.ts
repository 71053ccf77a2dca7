// A minimal scripted playbook, for tests and the offline twin: optionally press keys (an IVR), greet, ask
// one question, and turn the answer into an outcome for every record on the call. Replies are read by the
// deterministic understanding layer (classifyReply). With `chat_turns`, the first replies are answered by
// the Brain instead, which makes it a small conversation for turn-latency measurements.

import { classifyReply } from "../../domain/understanding";
import type { Classification, Playbook, PlaybookContext, PlaybookStep } from "../../engine/playbook";
import { folioFactEvents, FOLIO_ONCE_PER_CALL } from "./call-facts";
import { toEach, type RecordEvents } from "./subjects";

export interface ScriptedParams {
  /** Keys pressed before anything is said (e.g. an IVR choice). */
  digits?: string;
  /** Fixed greeting; when absent, the Brain writes it. */
  greeting?: string;
  question?: string;
  /** Replies answered by the Brain before the question's answer is classified. Default 0. */
  chat_turns?: number;
  closing?: string;
  /** Left on a voicemail (async AMD said machine_end_*). */
  voicemail?: string;
  /** Where the folio should go (FolioAgreed.email). */
  email?: string;
}

export interface ScriptedState {
  phase: "opening" | "asked" | "done";
  asks: number;
  chats: number;
  outcome: string | null;
}

export const SCRIPTED_DEFAULTS = {
  question: "Could you email the guest's folio to us, please?",
  closing: "Thank you very much. Goodbye.",
  voicemail: "Hello, this is Folio calling about a guest folio. We will follow up by email. Thank you.",
  wrapUp: "I am sorry, I have to end the call now. We will follow up by email. Goodbye.",
} as const;

function params(ctx: PlaybookContext<ScriptedState>): ScriptedParams {
  return ctx.params as ScriptedParams;
}

function forEachRecord(ctx: PlaybookContext<ScriptedState>, make: (recordId: string) => RecordEvents["events"]): RecordEvents[] {
  return toEach(ctx.recordIds, make);
}

function finish(ctx: PlaybookContext<ScriptedState>, outcome: string, events: RecordEvents[] = []): PlaybookStep<ScriptedState> {
  return {
    state: { ...ctx.state, phase: "done", outcome },
    events,
    actions: [
      { type: "say", text: params(ctx).closing ?? SCRIPTED_DEFAULTS.closing },
      { type: "end", outcome },
    ],
  };
}

export const scriptedPlaybook: Playbook<ScriptedState> = {
  name: "scripted",
  tools: [],

  initialState: () => ({ phase: "opening", asks: 0, chats: 0, outcome: null }),

  systemPrompt: () => "You are Folio, a polite assistant calling a hotel front desk on behalf of a travel team. Speak in short, plain sentences.",

  opening(ctx) {
    const p = params(ctx);
    const question = p.question ?? SCRIPTED_DEFAULTS.question;
    return {
      state: { ...ctx.state, phase: "asked", asks: 1 },
      actions: [
        ...(p.digits ? [{ type: "digits" as const, digits: p.digits }] : []),
        p.greeting ? { type: "say" as const, text: p.greeting } : { type: "respond" as const, instruction: "Greet the front desk and say who you are, in one sentence." },
        { type: "say" as const, text: question },
      ],
    };
  },

  classify(text): Classification {
    const r = classifyReply(text);
    return { intent: r.intent, layer: r.details.layer, details: { rule: r.details.rule, confidence: r.details.confidence } };
  },

  onReply(ctx, { text, classification }) {
    const p = params(ctx);
    const s = ctx.state;
    if (s.phase === "done") return finish(ctx, s.outcome ?? "completed");
    if (s.chats < (p.chat_turns ?? 0)) {
      return { state: { ...s, chats: s.chats + 1 }, actions: [{ type: "respond" }] };
    }
    const callId = ctx.callId;
    switch (classification.intent) {
      case "agree":
        return finish(
          ctx,
          "agreed",
          forEachRecord(ctx, () => [{ event_type: "FolioAgreed", data: { call_id: callId, said: text, ...(p.email ? { email: p.email } : {}) } }]),
        );
      case "refuse":
        return finish(
          ctx,
          "refused",
          forEachRecord(ctx, () => [{ event_type: "FolioRefused", data: { call_id: callId, reason: String(classification.details?.rule ?? "refused"), said: text } }]),
        );
      case "callback":
        return finish(
          ctx,
          "callback_requested",
          forEachRecord(ctx, () => [{ event_type: "CallbackRequested", data: { call_id: callId, said: text } }]),
        );
      case "voicemail":
        return finish(
          ctx,
          "voicemail",
          forEachRecord(ctx, () => [{ event_type: "VoicemailDetected", data: { call_id: callId } }]),
        );
      default: {
        if (s.asks >= 2) return finish(ctx, "no_outcome");
        const question = p.question ?? SCRIPTED_DEFAULTS.question;
        return { state: { ...s, asks: s.asks + 1 }, actions: [{ type: "say", text: `Sorry, let me ask again. ${question}` }] };
      }
    }
  },

  onAnsweredBy(ctx, answeredBy) {
    const callId = ctx.callId;
    if (answeredBy === "human") {
      return { actions: [], events: forEachRecord(ctx, () => [{ event_type: "HumanDetected", data: { call_id: callId, layer: "amd" } }]) };
    }
    if (!answeredBy.startsWith("machine")) return null;
    const events = forEachRecord(ctx, () => [{ event_type: "VoicemailDetected", data: { call_id: callId } }]);
    if (answeredBy === "machine_start") return { actions: [], events }; // wait for the beep (machine_end_*)
    const message = params(ctx).voicemail ?? SCRIPTED_DEFAULTS.voicemail;
    return {
      state: { ...ctx.state, phase: "done", outcome: "voicemail" },
      events: forEachRecord(ctx, () => [
        { event_type: "VoicemailDetected", data: { call_id: callId } },
        { event_type: "VoicemailLeft", data: { call_id: callId, message } },
      ]),
      actions: [
        { type: "say", text: message },
        { type: "end", outcome: "voicemail" },
      ],
    };
  },

  onResume(ctx) {
    const s = ctx.state;
    if (s.phase === "done") return { actions: [{ type: "end", outcome: s.outcome ?? "completed" }] };
    if (s.phase === "opening") return scriptedPlaybook.opening(ctx);
    const question = params(ctx).question ?? SCRIPTED_DEFAULTS.question;
    return { actions: [{ type: "say", text: `Sorry, we were cut off. ${question}` }] };
  },

  remaining: (ctx) => (ctx.state.phase === "done" && ctx.state.outcome !== "no_outcome" ? [] : [...ctx.recordIds]),

  wrapUp(ctx) {
    return {
      state: { ...ctx.state, phase: "done", outcome: "max_duration" },
      actions: [
        { type: "say", text: SCRIPTED_DEFAULTS.wrapUp },
        { type: "end", outcome: "max_duration" },
      ],
    };
  },

  oncePerCall: FOLIO_ONCE_PER_CALL,

  eventsForFact(ctx, fact) {
    return folioFactEvents(scriptedPlaybook, ctx, fact);
  },
};
