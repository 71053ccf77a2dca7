// What every step builder works with: the call's context, its params (already checked) and the state.
import type { PlaybookAction, PlaybookContext, PlaybookStep } from "../../../engine/playbook";
import type { RecordEvents } from "../subjects";
import type { FolioCallParams } from "./contract";
import { HOLD_MS, LISTEN_FIRST_MS } from "./params";
import type { FolioState } from "./state";

export type Ctx = PlaybookContext<FolioState>;
export type Step = PlaybookStep<FolioState>;

export interface Turn {
  ctx: Ctx;
  p: FolioCallParams;
}

/** How long to wait for an answer to a question we asked. */
export const REPLY_WAIT_MS = 10_000;
/** After a key press: how long a menu may take to go on. */
export const IVR_WAIT_MS = 8_000;
/** A voicemail greeting ended: how long to wait for the beep (AMD) before speaking anyway. */
export const BEEP_WAIT_MS = 2_000;
/** An automated screener: how long it may take to put us through. */
export const SCREENING_WAIT_MS = 15_000;

export const listenFirst = (p: FolioCallParams): PlaybookAction => ({ type: "listen", ms: p.listen_first_ms ?? LISTEN_FIRST_MS });
export const holdOn = (p: FolioCallParams): PlaybookAction => ({ type: "listen", ms: p.hold_ms ?? HOLD_MS });
export const awaitReply: PlaybookAction = { type: "listen", ms: REPLY_WAIT_MS };

export function step(state: FolioState, actions: PlaybookAction[], events: RecordEvents[] = []): Step {
  return { state, actions, ...(events.length > 0 ? { events } : {}) };
}

export const sayIt = (text: string): PlaybookAction => ({ type: "say", text });
