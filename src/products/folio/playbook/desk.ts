// Talking to a person: introduce, put each record to them in turn, answer their questions, and turn
// each reply into an outcome for the record (contract.ts). Pure: returns steps.
import { findEmail, parseCallbackTime } from "../../../domain/understanding";
import type { Classification, PlaybookAction } from "../../../engine/playbook";
import type { RecordEvents } from "../subjects";
import type { FolioCallRecord, FolioRecordOutcome } from "./contract";
import { ev, forRecord, merge, toEach } from "./events";
import { folioNow } from "./params";
import { say, spokenEmail } from "./speech";
import { currentRecord, noted, reachedPath, unsettled, type FolioState } from "./state";
import { awaitReply, holdOn, sayIt, step, type Step, type Turn } from "./turn";
import { understandCallbackTime } from "./understanding";

const MAX_TRIES = 3;

const REDIRECT =
  /\b(?:talk|speak|get through)\s+(?:to|with)|\b(?:contact|call|reach|ask)\b[^.?!]{0,30}\b(?:billing|accounting|accounts|finance|the (?:general )?manager|the office|night audit(?:or)?|reservations|guest services)\b|\b(?:billing|accounting|accounts(?: receivable)?|finance)\s+(?:handles|does|deals with|takes care of)\b/i;

/** Call-level facts owed once a person is on the line: HumanDetected, and the IVR path that got here. */
export function personReached(t: Turn, s: FolioState, layer: string): { s: FolioState; events: RecordEvents[] } {
  const callId = t.ctx.callId;
  let next = s;
  const events: RecordEvents[] = [];
  if (s.ivr.path.length > 0 && s.ivr.reached === null) {
    const path = reachedPath(t.p, s);
    next = { ...next, ivr: { ...next.ivr, reached: path } };
    events.push(...toEach(t.ctx.recordIds, () => [ev.ivrComplete(callId, path)]));
  }
  if (!s.sent.human) {
    next = noted({ ...next, sent: { ...next.sent, human: true } }, "a person answered", layer);
    events.push(...toEach(t.ctx.recordIds, () => [ev.human(callId, layer)]));
  }
  return { s: next, events: merge(events) };
}

/** The current record put to the person: who, which stay, and where to email the folio. */
export function pitch(t: Turn, s: FolioState, first: boolean, preface: PlaybookAction[] = [], events: RecordEvents[] = []): Step {
  const r = currentRecord(t.p, s);
  if (!r) return finish(t, s, events, preface);
  const requested = s.requested.includes(r.id) ? [] : [forRecord(r.id, [ev.requested(t.ctx.callId, r.reply_to)])];
  const next: FolioState = { ...s, phase: "desk", asked: true, awaiting: null, silences: 0, requested: s.requested.includes(r.id) ? s.requested : [...s.requested, r.id] };
  return step(next, [...preface, sayIt(say.record(r, first)), sayIt(say.ask(r)), awaitReply], merge(events, requested));
}

/** The hotel heard where to send the record's folio (barge-in can cut the question off). */
function heardAsk(t: Turn, r: FolioCallRecord): boolean {
  const address = spokenEmail(r.reply_to);
  return t.ctx.transcript.some((n) => n.type === "system_utterance" && n.content.includes(address));
}

/** Introduces us to whoever is on the line now, then asks about the current record. */
export function introduce(t: Turn, s: FolioState, layer: string, again = false): Step {
  const reached = personReached(t, s, layer);
  const next: FolioState = { ...reached.s, introduced: true, tries: 0, heard: "" };
  return pitch(t, next, true, [sayIt(again ? say.reintro(t.p) : say.intro(t.p))], reached.events);
}

/** All records have an outcome: thank them and hang up. */
export function finish(t: Turn, s: FolioState, events: RecordEvents[] = [], preface: PlaybookAction[] = []): Step {
  const any = t.p.records.some((r) => s.outcomes[r.id] === "agreed" || s.outcomes[r.id] === "email_instead");
  const outcome = any ? "completed" : "settled";
  return step({ ...s, phase: "done", outcome }, [...preface, sayIt(any ? say.closing : say.closingNothing), { type: "end", outcome }], events);
}

/** The current record has its outcome: on to the next open one, or the end. */
function advance(t: Turn, s: FolioState, events: RecordEvents[], preface: PlaybookAction[]): Step {
  const open = unsettled(t.p, s);
  if (open.length === 0) return finish(t, s, events, preface);
  const index = t.p.records.indexOf(open[0]!);
  return pitch(t, { ...s, current: index, tries: 0, asked: false }, false, preface, events);
}

function settle(s: FolioState, records: readonly FolioCallRecord[], outcome: FolioRecordOutcome): FolioState {
  const outcomes = { ...s.outcomes };
  for (const r of records) outcomes[r.id] = outcome;
  return { ...s, outcomes };
}

/** The current record and every later open one (a hotel policy or a callback covers them all). */
function fromCurrent(t: Turn, s: FolioState): FolioCallRecord[] {
  return unsettled(t.p, s);
}

export interface Reply {
  text: string;
  c: Classification;
}

/** What a person's reply means for the current record. */
export async function onDeskReply(t: Turn, s0: FolioState, reply: Reply): Promise<Step> {
  const { text, c } = reply;
  const reached = personReached(t, s0, c.layer);
  let s = reached.s;
  const pre = reached.events;
  const r = currentRecord(t.p, s);
  if (!r) return finish(t, s, pre);
  const callId = t.ctx.callId;
  if (!s.introduced || !s.asked) return introduce(t, s, c.layer);

  if (s.awaiting === "email_address") return emailAnswer(t, s, reply, pre);
  if (s.awaiting === "callback_time" && (c.intent === "callback" || c.intent === "other" || c.intent === "question")) return callback(t, s, reply, pre);

  switch (c.intent) {
    case "agree": {
      // "Go ahead" said over the record's details is not yet a yes to the request: ask it (again).
      if (!heardAsk(t, r)) return step({ ...s, tries: s.tries + 1 }, [sayIt(say.ask(r)), awaitReply], pre);
      s = settle(s, [r], "agreed");
      const events = merge(pre, [forRecord(r.id, [ev.agreed(callId, r.reply_to, text)])]);
      const asksWhere = /\?\s*$/.test(text) || c.details?.rule === "asks where to send";
      return advance(t, s, events, [...(asksWhere ? [sayIt(say.address(r))] : []), sayIt(say.thanksNext)]);
    }
    case "email_instead":
      return emailInstead(t, s, reply, pre);
    case "refuse": {
      const email = typeof c.details?.email === "string" ? c.details.email : null;
      if (email) return emailInstead(t, s, reply, pre);
      const reason = String(c.details?.reason ?? "other");
      const records = fromCurrent(t, s);
      s = settle(s, records, "refused");
      const events = merge(
        pre,
        toEach(
          records.map((x) => x.id),
          () => [ev.refused(callId, reason, text), ev.escalated("refused", `${reason}: ${text}`)],
        ),
      );
      return finish(t, s, events, [sayIt(say.understood)]);
    }
    case "callback":
      return callback(t, s, reply, pre);
    case "not_found": {
      // Older states (before searched_again existed) count as not searched again.
      if (!(s.searched_again ?? []).includes(r.id)) {
        return step({ ...s, searched_again: [...(s.searched_again ?? []), r.id] }, [sayIt(say.tryConfirmation(r)), awaitReply], pre);
      }
      s = settle(s, [r], "not_found");
      const tried = ["guest name", "confirmation number", "stay dates", "last name spelled"];
      const events = merge(pre, [forRecord(r.id, [ev.escalated("not_found", text, tried)])]);
      return advance(t, s, events, [sayIt(say.noted)]);
    }
    case "hold":
      return step(noted({ ...s, phase: "hold", silences: 0 }, "on hold", c.layer), [holdOn(t.p)], pre);
    case "question":
      return answer(t, s, reply, pre);
    default: {
      if (s.tries + 1 >= MAX_TRIES) {
        s = settle(s, [r], "no_outcome");
        return advance(t, s, pre, []);
      }
      // "You need to talk to accounts receivable": ask to be put through rather than ask again.
      if (REDIRECT.test(text) && s.tries === 0) return step({ ...s, tries: 1 }, [sayIt(say.transferPlease), awaitReply], pre);
      const lineCheck = /^\s*(?:hello|hi|hey|yes)?[?!.\s]*$|are you (?:still )?there|can you hear me/i.test(text);
      return step({ ...s, tries: s.tries + 1 }, [...(lineCheck ? [sayIt("Yes, I'm here.")] : []), sayIt(say.askAgain(r)), awaitReply], pre);
    }
  }
}

async function emailInstead(t: Turn, s: FolioState, reply: Reply, pre: RecordEvents[]): Promise<Step> {
  const email = (typeof reply.c.details?.email === "string" ? reply.c.details.email : null) ?? findEmail(reply.text);
  if (!email) return step({ ...s, awaiting: "email_address" }, [sayIt(say.whichAddress), awaitReply], pre);
  return emailTo(t, s, email, pre);
}

function emailTo(t: Turn, s: FolioState, email: string, pre: RecordEvents[]): Step {
  const records = fromCurrent(t, s);
  const next = settle({ ...s, awaiting: null }, records, "email_instead");
  const events = merge(
    pre,
    toEach(
      records.map((x) => x.id),
      () => [ev.emailRequested(email, "hotel_asked_for_email")],
    ),
  );
  return finish(t, next, events, [sayIt(`Perfect, we'll send the request to ${spokenEmail(email)}.`)]);
}

/** The answer to "what address should we write to?". */
function emailAnswer(t: Turn, s: FolioState, reply: Reply, pre: RecordEvents[]): Step {
  const email = (typeof reply.c.details?.email === "string" ? reply.c.details.email : null) ?? findEmail(reply.text);
  if (email) return emailTo(t, s, email, pre);
  const records = fromCurrent(t, s);
  const callId = t.ctx.callId;
  const said = reply.text;
  const hotelEmail = t.p.hotel.email;
  const next = settle({ ...s, awaiting: null }, records, "refused");
  const events = merge(
    pre,
    toEach(
      records.map((x) => x.id),
      () => [
        ev.refused(callId, "email_us", said),
        hotelEmail ? ev.emailRequested(hotelEmail, "hotel_asked_for_email") : ev.escalated("refused", `asked for an email request without an address: ${said}`),
      ],
    ),
  );
  return finish(t, next, events, [sayIt(hotelEmail ? "Thank you, we'll email the hotel." : say.understood)]);
}

async function callback(t: Turn, s: FolioState, reply: Reply, pre: RecordEvents[]): Promise<Step> {
  const now = folioNow(t.p, t.ctx.now);
  const when = await understandCallbackTime(reply.text, now, t.p.hotel.timezone, t.ctx.brain, t.ctx.signal);
  let next: FolioState = { ...s, llm_calls: s.llm_calls + when.llm_calls };
  let at = when.value?.at ?? null;
  if (!at && s.awaiting !== "callback_time") {
    return step(noted({ ...next, awaiting: "callback_time" }, "callback without a time", when.layer), [sayIt(say.whenCallBack), awaitReply], pre);
  }
  let layer: string = when.layer;
  if (!at) {
    // They would not name a time: the next morning, clear of the checkout rush.
    at = parseCallbackTime("tomorrow at 10 am", now, t.p.hotel.timezone)?.at ?? new Date(now.getTime() + 24 * 3600_000);
    layer = "default";
  }
  const records = fromCurrent(t, next);
  next = noted(settle({ ...next, awaiting: null }, records, "callback"), `callback at ${at.toISOString()}`, layer);
  const callId = t.ctx.callId;
  const events = merge(
    pre,
    toEach(
      records.map((x) => x.id),
      () => [ev.callbackRequested(callId, reply.text), ev.callbackScheduled(callId, at!, reply.text)],
    ),
  );
  return step({ ...next, phase: "done", outcome: "callback" }, [sayIt(say.callbackClosing(at, now, t.p.hotel.timezone)), { type: "end", outcome: "callback" }], events);
}

/** Their question, answered from what we know (the Brain only for what we do not), then the request again. */
function answer(t: Turn, s: FolioState, reply: Reply, pre: RecordEvents[]): Step {
  const r = currentRecord(t.p, s)!;
  const about = String(reply.c.details?.about ?? "other");
  const known: Record<string, string> = {
    name: say.name(r),
    confirmation: say.confirmation(r),
    dates: say.dates(r),
    caller: say.who(t.p),
    email: say.address(r),
  };
  const tries = s.tries + 1;
  if (tries > MAX_TRIES + 1) return advance(t, settle(s, [r], "no_outcome"), pre, []);
  const next = { ...s, tries };
  const line = known[about];
  if (line) return step(noted(next, `answered a question about ${about}`, "rules"), [sayIt(line), sayIt(say.ask(r)), awaitReply], pre);
  // "How can I help you?" and the like: the request again is the answer.
  if (/\bhow (?:can|may) (?:i|we) (?:help|assist)|what can (?:i|we) do for you|what is (?:this|it) (?:about|regarding)/i.test(reply.text)) {
    return pitch(t, next, true, [], pre);
  }
  if (!t.ctx.brain) return step(noted(next, "question without an answer", "rules"), [sayIt(say.askAgain(r)), awaitReply], pre);
  return step(
    noted({ ...next, llm_calls: next.llm_calls + 1 }, "question answered by the brain", "llm"),
    [
      {
        type: "respond",
        instruction: `Answer the hotel's last question in one or two short sentences, using only the facts above. Then ask again whether they can email the folio for ${r.guest_name} to ${spokenEmail(r.reply_to)}.`,
      },
      awaitReply,
    ],
    pre,
  );
}
