// The folio playbook (issue 4, docs/architecture.md, "Records", "Calls"): an outbound call to a hotel about one or more records.
// Listen first to learn who answered; get through a menu (known path, rules, LLM, operator); leave one
// voicemail when allowed; with a person, ask for each record's folio by email and turn each reply into
// the record's outcome (contract.ts). Pure decisions: the engine says, presses, emits and hangs up.
import type { Playbook } from "../../../engine/playbook";
import { folioFactEvents, FOLIO_ONCE_PER_CALL } from "../call-facts";
import { classifyFolio } from "./classify";
import type { FolioCallSummary } from "./contract";
import { introduce, onDeskReply, personReached, pitch } from "./desk";
import { ev, toEach } from "./events";
import { leaveMessage, recording, screening, silence, voicemail } from "./gate";
import { onMenuHeard } from "./ivr";
import { outcomeOfCall, DECISIVE } from "./outcomes";
import { paramsProblem, readParams } from "./params";
import { callerOf, say, spokenEmail, spokenStay } from "./speech";
import { initialFolioState, noted, unsettled, type FolioState } from "./state";
import { holdOn, listenFirst, sayIt, step, type Ctx, type Step, type Turn } from "./turn";

/** After a greeting that could be the start of a recording: how long to wait for more. */
const GREETING_PAUSE_MS = 1_500;

function turn(ctx: Ctx): Turn | null {
  const p = readParams(ctx.params);
  return p ? { ctx, p } : null;
}

function bad(ctx: Ctx): Step {
  const why = `params do not match the folio contract: ${paramsProblem(ctx.params) ?? "?"}`;
  return step(noted({ ...ctx.state, phase: "done", outcome: "no_outcome" }, why.slice(0, 300), "rules"), [{ type: "end", outcome: "no_outcome" }]);
}

const llmCalls = (details: Record<string, unknown> | undefined) => (typeof details?.llm_calls === "number" ? details.llm_calls : 0);

export const folioPlaybook: Playbook<FolioState> = {
  name: "folio",
  tools: [],
  oncePerCall: FOLIO_ONCE_PER_CALL,

  initialState: () => initialFolioState(),

  systemPrompt(ctx) {
    const p = readParams(ctx.params);
    if (!p) return "You are a polite assistant on a phone call. Keep it short.";
    const c = callerOf(p);
    const records = p.records
      .map((r) => `- ${r.guest_name}, confirmation ${r.confirmation_number || "(none)"}, stay ${spokenStay(r.check_in, r.check_out)}; folio to ${spokenEmail(r.reply_to)}`)
      .join("\n");
    return [
      `You are ${c.agent}, calling ${p.hotel.name} for ${c.company}. You ask the front desk to email the itemized folio (the guest's bill) for these stays:`,
      records,
      "Speak in short, plain, friendly sentences, as on the phone. Never invent facts, promise payment, or give card details. If asked something you do not know, say the travel team will follow up by email.",
    ].join("\n");
  },

  opening(ctx) {
    const t = turn(ctx);
    if (!t) return bad(ctx);
    const callId = ctx.callId;
    const s: FolioState = { ...ctx.state, sent: { ...ctx.state.sent, connected: true } };
    const connected = toEach(ctx.recordIds, () => [ev.connected(callId, ctx.answeredBy)]);
    const amd = ctx.answeredBy ?? "";
    if (amd.startsWith("machine_end")) return voicemail(t, s, "amd", true, connected);
    if (amd === "fax") return step({ ...s, phase: "done", outcome: "no_outcome" }, [{ type: "end", outcome: "fax" }], connected);
    return step(s, [listenFirst(t.p)], connected);
  },

  classify(text, ctx) {
    return classifyFolio(text, ctx, readParams(ctx.params));
  },

  async onReply(ctx, { text, classification: c }) {
    const t = turn(ctx);
    if (!t) return bad(ctx);
    const s: FolioState = { ...ctx.state, llm_calls: ctx.state.llm_calls + llmCalls(c.details) };
    if (s.phase === "done") return step(s, []);
    switch (c.intent) {
      case "ivr_menu":
        return onMenuHeard(t, s, s.heard ? `${s.heard} ${text}` : text);
      case "ivr_message":
        return recording(t, s, text, c.layer);
      case "voicemail":
        return voicemail(t, s, c.layer, (ctx.answeredBy ?? "").startsWith("machine_end"));
      case "screening":
        return screening(t, s, c.layer);
      case "intercept": {
        // Nobody will ever answer this number: end now; the records stay with the retry policy.
        const done = noted({ ...s, phase: "done", outcome: "no_outcome" }, "number not in service", c.layer);
        return step(done, [{ type: "end", outcome: "not_in_service" }]);
      }
      case "human": {
        // A few words with nothing personal in them ("Harbor Hotel.") may be a recording that goes on:
        // wait a moment for the rest before speaking.
        const ambiguous = c.details?.rule === "no machine cue" && !/\?\s*$/.test(text) && !s.heard && (s.phase === "listening" || s.phase === "ivr");
        if (ambiguous) return step({ ...s, heard: text }, [{ type: "listen", ms: GREETING_PAUSE_MS }]);
        // Someone new on the line (first answer, after a menu or screener, or back from hold).
        return introduce(t, s, c.layer, s.phase === "hold" || s.introduced);
      }
      case "hold": {
        if (s.phase === "hold") return step(s, [holdOn(t.p)]);
        if (s.phase === "desk") return onDeskReply(t, s, { text, c });
        // Put on hold before we said anything: a person answered; wait for whoever comes back.
        const reached = personReached(t, s, c.layer);
        return step(noted({ ...reached.s, phase: "hold", silences: 0 }, "on hold before we spoke", c.layer), [holdOn(t.p)], reached.events);
      }
      default:
        return onDeskReply(t, { ...s, phase: "desk" }, { text, c });
    }
  },

  onSilence(ctx) {
    const t = turn(ctx);
    if (!t) return bad(ctx);
    return silence(t, ctx.state, ctx.transcript);
  },

  onAnsweredBy(ctx, answeredBy) {
    const t = turn(ctx);
    if (!t) return null;
    const s = ctx.state;
    if (s.phase === "done") return null;
    // A person answered us (a reply after we first spoke): AMD's machine verdict is then a mistake.
    const firstSaid = ctx.transcript.findIndex((n) => n.type === "system_utterance" && n.content !== "");
    const heardPerson = firstSaid >= 0 && ctx.transcript.slice(firstSaid).some((n) => n.type === "hotel_response") && (s.phase === "desk" || s.phase === "hold");
    if (answeredBy === "human") {
      // AMD often calls a phone menu "human": the menu we are in outweighs it.
      if (s.sent.human || s.phase === "ivr" || s.phase === "screening") return { state: noted(s, "amd: human", "amd"), actions: [] };
      const next = noted({ ...s, sent: { ...s.sent, human: true } }, "amd: human", "amd");
      return step(
        next,
        [],
        toEach(ctx.recordIds, () => [ev.human(ctx.callId, "amd")]),
      );
    }
    if (answeredBy === "fax") return step(noted({ ...s, phase: "done", outcome: "no_outcome" }, "amd: fax", "amd"), [{ type: "end", outcome: "fax" }]);
    if (!answeredBy.startsWith("machine")) return null;
    // A menu is a machine too, and a person who already answered us outweighs AMD's guess.
    if (s.phase === "ivr" || s.phase === "screening" || heardPerson) return { state: noted(s, `amd: ${answeredBy} (ignored)`, "amd"), actions: [] };
    if (answeredBy === "machine_start") return { state: noted(s, "amd: machine_start", "amd"), actions: [] };
    return voicemail(t, s, "amd", true);
  },

  onResume(ctx) {
    const t = turn(ctx);
    if (!t) return bad(ctx);
    const s = { ...ctx.state, silences: 0 };
    switch (s.phase) {
      case "done":
        return step(s, [{ type: "end", outcome: s.outcome ?? "no_outcome" }]);
      case "listening":
        return step(s, [listenFirst(t.p)]);
      case "ivr":
      case "screening":
        return step(s, [{ type: "listen", ms: 8_000 }]);
      case "hold":
        return step(s, [holdOn(t.p)]);
      case "voicemail":
        return t.p.leave_voicemail ? leaveMessage(t, s) : step({ ...s, phase: "done", outcome: "voicemail" }, [{ type: "end", outcome: "voicemail" }]);
      case "desk":
        if (unsettled(t.p, s).length === 0) return step({ ...s, phase: "done", outcome: "completed" }, [sayIt(say.closing), { type: "end", outcome: "completed" }]);
        if (!s.introduced) return introduce(t, s, "resume");
        return pitch(t, s, true, [sayIt("Sorry, I think we were cut off.")]);
    }
  },

  remaining(ctx) {
    const s = ctx.state;
    return ctx.recordIds.filter((id) => !DECISIVE.has(s.outcomes[id] ?? ""));
  },

  wrapUp(ctx) {
    const s = ctx.state;
    const outcomes = { ...s.outcomes };
    for (const id of ctx.recordIds) if (!DECISIVE.has(outcomes[id] ?? "")) outcomes[id] = "max_duration";
    const talking = s.phase === "desk" || s.phase === "hold";
    return step({ ...s, phase: "done", outcome: "max_duration", outcomes }, [...(talking ? [sayIt(say.wrapUp)] : []), { type: "end", outcome: "max_duration" }]);
  },

  outcomeFor(ctx, recordId, callOutcome) {
    return ctx.state.outcomes[recordId] ?? outcomeOfCall(callOutcome);
  },

  eventsForFact(ctx, fact) {
    return folioFactEvents(folioPlaybook, ctx, fact);
  },

  summary(ctx): FolioCallSummary & Record<string, unknown> {
    const s = ctx.state;
    const out: FolioCallSummary & Record<string, unknown> = { llm_calls: s.llm_calls };
    if (s.ivr.reached !== null) out.ivr_path = s.ivr.reached;
    // A person answered directly; unless the known path was sent at creation (it may have done its work unheard).
    else if (s.sent.human && s.ivr.history.length === 0 && s.phase !== "listening" && !readParams(ctx.params)?.ivr_path_sent) out.ivr_path = null;
    else if (s.ivr.known_failed) out.ivr_path = null; // the stored path no longer works
    return out;
  },
};
