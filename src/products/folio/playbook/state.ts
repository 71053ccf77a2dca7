// The folio playbook's state: persisted by the engine after every step, so a dropped stream resumes
// from here. Plain JSON only.
import type { FolioCallParams, FolioCallRecord, FolioRecordOutcome } from "./contract";

export type FolioPhase =
  /** Connected; listening to find out who answered. */
  | "listening"
  /** A phone menu or its recordings. */
  | "ivr"
  /** An automated screener asked who we are; waiting to be put through. */
  | "screening"
  /** Talking to a person about the records. */
  | "desk"
  /** On hold or being transferred: silent until someone speaks. */
  | "hold"
  /** A voicemail greeting: waiting for the beep. */
  | "voicemail"
  | "done";

export interface IvrPress {
  /** The menu the key was pressed at (normalised text). */
  menu: string;
  digits: string;
  layer: string;
}

export interface Decision {
  what: string;
  layer: string;
}

export interface FolioState {
  phase: FolioPhase;
  /** Call-level events already sent (each goes to every record once). */
  sent: { connected: boolean; human: boolean; ivr: boolean; voicemail: boolean; voicemail_left: boolean };
  ivr: {
    /** Every key pressed, in order. */
    history: IvrPress[];
    /** The presses that led to where we are now (a loop back to a menu cuts it there). */
    path: IvrPress[];
    /** The path that reached a person, once one did. */
    reached: string | null;
    /** The hotel's known path led nowhere this time. */
    known_failed: boolean;
    loops: number;
  };
  /** Index into params.records of the record under discussion. */
  current: number;
  /** The person on the line has heard who we are. */
  introduced: boolean;
  /** The current record has been put to the person on the line. */
  asked: boolean;
  /** Unclear replies, re-asks and "not found" retries on the current record. */
  tries: number;
  /**
   * What a machine or an unclear voice has said since we last acted, while we wait to hear the rest: a
   * menu read out in pieces (speech recognition ends an utterance at every pause), or a greeting that
   * may be the start of a recording.
   */
  heard: string;
  /** A follow-up question we asked and are waiting on. */
  awaiting: "email_address" | "callback_time" | null;
  /** Records that have had FolioRequested. */
  requested: string[];
  /** Records the hotel could not find once, for which we offered the confirmation number again. */
  searched_again: string[];
  outcomes: Record<string, FolioRecordOutcome>;
  /** Consecutive silences (listen timeouts) in the current phase. */
  silences: number;
  /** LLM calls the understanding layer made on this call (for "LLM calls per completed folio"). */
  llm_calls: number;
  /** Recent decisions and the layer that made each (newest last). */
  decisions: Decision[];
  /** The call's outcome once it is decided. */
  outcome: string | null;
}

export function initialFolioState(): FolioState {
  return {
    phase: "listening",
    sent: { connected: false, human: false, ivr: false, voicemail: false, voicemail_left: false },
    ivr: { history: [], path: [], reached: null, known_failed: false, loops: 0 },
    current: 0,
    introduced: false,
    asked: false,
    tries: 0,
    heard: "",
    awaiting: null,
    requested: [],
    searched_again: [],
    outcomes: {},
    silences: 0,
    llm_calls: 0,
    decisions: [],
    outcome: null,
  };
}

const MAX_DECISIONS = 40;

/** A copy of `s` with a decision noted (bounded: the newest are kept). */
export function noted(s: FolioState, what: string, layer: string): FolioState {
  return { ...s, decisions: [...s.decisions, { what, layer }].slice(-MAX_DECISIONS) };
}

/** Records the conversation has not reached an outcome for yet, in call order. */
export function unsettled(p: FolioCallParams, s: FolioState): FolioCallRecord[] {
  return p.records.filter((r) => s.outcomes[r.id] === undefined);
}

export function currentRecord(p: FolioCallParams, s: FolioState): FolioCallRecord | null {
  return p.records[s.current] ?? null;
}

/** The keys of the path as HotelLine stores it: one group per menu, "w" (a half-second wait) between. */
export function pathString(presses: readonly IvrPress[]): string {
  return presses.map((p) => p.digits).join("w");
}

/**
 * The path that reached a person, as the hotel's ivr_path. With the known path sent at call creation
 * (and not found wanting), Twilio pressed all of it whatever menus the stream heard go by: the known
 * levels, then any keys pressed in-band after them.
 */
export function reachedPath(p: FolioCallParams, s: FolioState): string {
  if (!p.ivr_path_sent || s.ivr.known_failed) return pathString(s.ivr.path);
  const known = knownLevels(p.hotel.ivr_path);
  return [...known, ...s.ivr.path.slice(known.length).map((x) => x.digits)].join("w");
}

/** The known path's key groups, one per menu level. */
export function knownLevels(ivrPath: string | null): string[] {
  return (ivrPath ?? "")
    .split(/w+/i)
    .map((x) => x.replace(/[^0-9*#]/g, ""))
    .filter((x) => x !== "");
}
