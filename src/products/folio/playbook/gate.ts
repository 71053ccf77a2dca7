// Before the conversation: who answered (a menu, voicemail, a screener, a person), decided from the
// transcript by rules and from async AMD, within a time limit (silence: speak first, as to a person).
// Also voicemail itself: one short message when the call may leave one, then hang up.
import type { RecordEvents } from "../subjects";
import type { ToonNode } from "../../../engine/transcript";
import { onMenu } from "./ivr";
import type { FolioRecordOutcome } from "./contract";
import { introduce } from "./desk";
import { ev, merge, toEach } from "./events";
import { noted, unsettled, type FolioState } from "./state";
import { say } from "./speech";
import { BEEP_WAIT_MS, IVR_WAIT_MS, SCREENING_WAIT_MS, sayIt, step, type Step, type Turn } from "./turn";

/** Silences after which a menu or screener that went quiet is treated as someone listening. */
const QUIET_MENU_SILENCES = 2;

function settleOpen(t: Turn, s: FolioState, outcome: FolioRecordOutcome): FolioState {
  const outcomes = { ...s.outcomes };
  for (const r of unsettled(t.p, s)) outcomes[r.id] = outcome;
  return { ...s, outcomes };
}

/** Voicemail answered: note it; leave the message now (the beep came) or after a short wait for it. */
export function voicemail(t: Turn, s0: FolioState, layer: string, beep: boolean, pre: RecordEvents[] = []): Step {
  const callId = t.ctx.callId;
  let s: FolioState = noted({ ...s0, phase: "voicemail", silences: 0 }, beep ? "voicemail beep" : "voicemail greeting", layer);
  const events: RecordEvents[] = [...pre];
  if (!s.sent.voicemail) {
    s = { ...s, sent: { ...s.sent, voicemail: true } };
    events.push(...toEach(t.ctx.recordIds, () => [ev.voicemailDetected(callId)]));
  }
  if (!t.p.leave_voicemail) {
    const done = settleOpen(t, { ...s, phase: "done", outcome: "voicemail" }, "voicemail");
    return step(done, [{ type: "end", outcome: "voicemail" }], merge(events));
  }
  if (!beep) return step(s, [{ type: "listen", ms: BEEP_WAIT_MS }], merge(events));
  return leaveMessage(t, s, merge(events));
}

export function leaveMessage(t: Turn, s0: FolioState, pre: RecordEvents[] = []): Step {
  if (s0.sent.voicemail_left) return step({ ...s0, phase: "done", outcome: "voicemail" }, [{ type: "end", outcome: "voicemail" }], pre);
  const message = say.voicemail(t.p);
  const callId = t.ctx.callId;
  const s = settleOpen(t, { ...s0, phase: "done", outcome: "voicemail", sent: { ...s0.sent, voicemail_left: true } }, "voicemail");
  const events = merge(
    pre,
    toEach(t.ctx.recordIds, () => [ev.voicemailLeft(callId, message)]),
  );
  return step(s, [sayIt(message), { type: "end", outcome: "voicemail" }], events);
}

/** A screener wants our name and reason: say them, then wait to be put through. */
export function screening(t: Turn, s: FolioState, layer: string): Step {
  const again = s.phase === "screening";
  return step(noted({ ...s, phase: "screening", silences: 0 }, "call screening", layer), [...(again && s.silences > 1 ? [] : [sayIt(say.screening(t.p))]), { type: "listen", ms: SCREENING_WAIT_MS }]);
}

/** A recording with no keys ("please hold while we connect you"): keep listening. */
export function recording(t: Turn, s0: FolioState, text: string, layer: string): Step {
  const callId = t.ctx.callId;
  let s: FolioState = noted({ ...s0, phase: s0.phase === "hold" ? "hold" : "ivr", silences: 0 }, "a recording", layer);
  const events: RecordEvents[] = [];
  if (!s.sent.ivr && s.phase === "ivr") {
    s = { ...s, sent: { ...s.sent, ivr: true } };
    events.push(...toEach(t.ctx.recordIds, () => [ev.ivrDetected(callId, text, [])]));
  }
  return step(s, [{ type: "listen", ms: IVR_WAIT_MS }], events);
}

/** Nobody spoke for the whole of a listen, by phase. */
export async function silence(t: Turn, s0: FolioState, transcript: readonly ToonNode[]): Promise<Step | null> {
  const s = { ...s0, silences: s0.silences + 1 };
  switch (s.phase) {
    case "listening":
      // Someone said a few words and then waited for us; or the time limit for listening first ran out.
      if (s.heard) return introduce(t, noted(s, "a greeting, then a pause", "rules"), "rules");
      return introduce(t, noted(s, "nobody spoke first", "timeout"), "timeout");
    case "ivr": {
      if (s.heard) return onMenu(t, s, s.heard, []); // the menu has been read out: choose now
      // A recording that offered nothing to press ("dial your party's extension now") and then waited:
      // the operator is the usual way through, tried once before speaking to the silence.
      const last = [...transcript].reverse().find((n) => n.type === "hotel_response" || n.type === "dtmf_sent");
      if (s.silences === 1 && last?.type === "hotel_response" && s.ivr.history.length === 0) return onMenu(t, s, last.content, []);
      if (s.silences < QUIET_MENU_SILENCES) return step(s, [{ type: "listen", ms: IVR_WAIT_MS }]);
      return introduce(t, noted(s, "the line went quiet after the menu", "timeout"), "timeout");
    }
    case "screening":
      if (s.silences < QUIET_MENU_SILENCES) return step(s, [{ type: "listen", ms: IVR_WAIT_MS }]);
      return introduce(t, noted(s, "the line went quiet after the menu", "timeout"), "timeout");
    case "voicemail":
      return leaveMessage(t, s);
    case "hold":
      if (s.silences > 3) return giveUpOnSilence(t, s);
      return step(s, [sayIt(say.stillThere), { type: "listen", ms: IVR_WAIT_MS * 2 }]);
    case "desk":
      if (s.silences > 2) return giveUpOnSilence(t, s);
      return step(s, [sayIt(say.stillThere), { type: "listen", ms: IVR_WAIT_MS }]);
    case "done":
      return null;
  }
}

function giveUpOnSilence(t: Turn, s: FolioState): Step {
  const done = noted(settleOpen(t, { ...s, phase: "done", outcome: "no_outcome" }, "no_outcome"), "nobody on the line", "timeout");
  return step(done, [sayIt(say.closingNothing), { type: "end", outcome: "no_outcome" }]);
}
