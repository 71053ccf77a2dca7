// Getting through a phone menu: the hotel's known path first (IVR memory), then the rules, then the LLM,
// then 0 for the operator. A menu heard again after a key press is a loop: that key is marked as tried
// there and the path is cut back to that menu. Too many presses or nothing left to try: give up and
// escalate (ivr_stuck). Pure apart from the LLM fallback.
import { chooseIvrOption, parseIvrMenu } from "../../../domain/understanding";
import type { RecordEvents } from "../subjects";
import { ev, merge, toEach } from "./events";
import { knownLevels, noted, pathString, unsettled, type FolioState, type IvrPress } from "./state";
import { IVR_WAIT_MS, step, type Step, type Turn } from "./turn";
import { understandMenu } from "./understanding";

/** Key presses on one call before we give up on the menu. */
export const MAX_PRESSES = 6;

/** A menu's identity for loop detection: its words, without case, punctuation or a leading apology. */
export function menuKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/^(?:(?:i'?m )?sorry|that (?:is|was) (?:not )?(?:a )?(?:valid|invalid) (?:option|entry|selection)|invalid (?:option|entry|selection))[^.!?]*[.!?]\s*/g, "")
    .replace(/[^a-z0-9 ]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Menus that are the same up to small wording changes (a greeting before the options, "again"). */
function sameMenu(a: string, b: string): boolean {
  if (a === b) return true;
  const wa = new Set(a.split(" "));
  const wb = new Set(b.split(" "));
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / Math.max(wa.size, wb.size) >= 0.8;
}

/** A pause this long after part of a menu means it has been read out (or is waiting for a key). */
export const MENU_PAUSE_MS = 2_000;

const STRONG = /→ (?:billing\/accounts|past stay|front desk)$/;

/**
 * Part (or all) of a menu was heard. A key that is clearly right (the hotel's known path, or billing /
 * front desk by the rules) is pressed at once, as a person would; anything less waits for the menu to
 * pause, so "for reservations press 1" is not answered before "for billing press 3" is read.
 */
export async function onMenuHeard(t: Turn, s0: FolioState, menuText: string, pre: RecordEvents[] = []): Promise<Step> {
  const options = parseIvrMenu(menuText).map((o) => `${o.digits}: ${o.description}`);
  const key = menuKey(menuText);
  const tried = s0.ivr.history.filter((h) => sameMenu(h.menu, key)).map((h) => h.digits);
  const known = knownLevels(t.p.hotel.ivr_path);
  const level = s0.ivr.path.length;
  const memory = !s0.ivr.known_failed && s0.ivr.loops === 0 && level < known.length;
  const rules = chooseIvrOption(menuText, "folio");
  const clear = rules !== null && STRONG.test(rules.reason) && !tried.includes(rules.digits);
  if (memory || clear) return onMenu(t, { ...s0, heard: "" }, menuText, options, pre);
  const callId = t.ctx.callId;
  let s: FolioState = { ...s0, phase: "ivr", heard: menuText, silences: 0 };
  const events: RecordEvents[] = [...pre];
  if (!s.sent.ivr) {
    s = { ...s, sent: { ...s.sent, ivr: true } };
    events.push(...toEach(t.ctx.recordIds, () => [ev.ivrDetected(callId, menuText, options)]));
  }
  return step(s, [{ type: "listen", ms: MENU_PAUSE_MS }], merge(events));
}

export async function onMenu(t: Turn, s0: FolioState, menuText: string, options: string[], pre: RecordEvents[] = []): Promise<Step> {
  const callId = t.ctx.callId;
  let s: FolioState = { ...s0, phase: "ivr", silences: 0, heard: "" };
  const events: RecordEvents[] = [...pre];
  if (!s.sent.ivr) {
    s = { ...s, sent: { ...s.sent, ivr: true } };
    events.push(...toEach(t.ctx.recordIds, () => [ev.ivrDetected(callId, menuText, options)]));
  }
  const key = menuKey(menuText);
  const at = s.ivr.path.findIndex((p) => sameMenu(p.menu, key));
  let path = s.ivr.path;
  let loops = s.ivr.loops;
  let knownFailed = s.ivr.known_failed;
  if (at >= 0) {
    // Back at a menu we pressed a key at: that key led nowhere useful.
    path = path.slice(0, at);
    loops++;
    if (s.ivr.history.some((h) => h.layer === "memory")) knownFailed = true;
  }
  s = { ...s, ivr: { ...s.ivr, path, loops, known_failed: knownFailed } };
  const tried = s.ivr.history.filter((h) => sameMenu(h.menu, key)).map((h) => h.digits);

  let choice: { digits: string; layer: string; reason: string } | null = null;
  const known = knownLevels(t.p.hotel.ivr_path);
  const level = path.length;
  if (!knownFailed && loops === 0 && level < known.length && !tried.includes(known[level]!)) {
    choice = { digits: known[level]!, layer: "memory", reason: "the hotel's known path" };
  }
  if (!choice) {
    const decided = await understandMenu(menuText, tried, t.ctx.brain, t.ctx.signal);
    s = { ...s, llm_calls: s.llm_calls + decided.llm_calls };
    if (decided.value) choice = { digits: decided.value.digits, layer: decided.layer, reason: decided.value.reason };
  }
  if (!choice && !tried.includes("0")) choice = { digits: "0", layer: "fallback", reason: "0 for the operator" };
  if (!choice || s.ivr.history.length >= MAX_PRESSES) {
    return giveUp(t, s, choice ? `no person after ${s.ivr.history.length} key presses` : "no option left to try", events);
  }
  const press: IvrPress = { menu: key, digits: choice.digits, layer: choice.layer };
  const newPath = [...path, press];
  // Twilio already pressed the known path's keys when the call was created: follow it, press nothing.
  const pressedByTwilio = choice.layer === "memory" && t.p.ivr_path_sent === true;
  const what = pressedByTwilio ? `${choice.digits} sent at call creation: ${choice.reason}` : `pressed ${choice.digits}: ${choice.reason}`;
  s = noted({ ...s, ivr: { ...s.ivr, history: [...s.ivr.history, press], path: newPath } }, what, choice.layer);
  const pathNow = pathString(newPath);
  events.push(...toEach(t.ctx.recordIds, () => [ev.ivrStarted(callId, pathNow, choice!.layer)]));
  const listen = { type: "listen", ms: IVR_WAIT_MS } as const;
  return step(s, pressedByTwilio ? [listen] : [{ type: "digits", digits: choice.digits }, listen], merge(events));
}

/** The menu cannot be got through: every open record escalates (ivr_stuck), and we hang up. */
export function giveUp(t: Turn, s: FolioState, reason: string, pre: RecordEvents[] = []): Step {
  const tried = s.ivr.history.map((h) => h.digits);
  const callId = t.ctx.callId;
  const open = unsettled(t.p, s);
  const outcomes = { ...s.outcomes };
  for (const r of open) outcomes[r.id] = "ivr_failed";
  const next = noted({ ...s, phase: "done", outcome: "ivr_failed", outcomes }, `gave up on the menu: ${reason}`, "rules");
  const events = merge(
    pre,
    toEach(
      open.map((r) => r.id),
      () => [ev.ivrFailed(callId, reason, tried), ev.escalated("ivr_stuck", reason, tried)],
    ),
  );
  return step(next, [{ type: "end", outcome: "ivr_failed" }], events);
}
