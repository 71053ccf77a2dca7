// The simulation's nine hotel personas (docs/architecture.md, "Running offline", issue 4 §6), played by the SimulatedCarrier over the
// text leg. Each is a small front desk that listens to what the agent actually says: it answers a
// question (a line ending in "?") according to who it is and how many times this hotel has been called,
// presses through its own menu, puts the caller on hold, or is a voicemail box. Pure: the carrier
// object carries the moves out (timers, the socket, AMD and status reports to the call session).

export const HOTEL_PERSONAS = [
  "ivr_then_agrees",
  "agrees",
  "callback_then_agrees",
  "voicemail_then_agrees",
  "refuses_authorization_form",
  "not_found",
  "no_answer",
  "asks_for_email",
  "long_hold_then_agrees",
] as const;
export type HotelPersonaName = (typeof HOTEL_PERSONAS)[number];

export function isHotelPersona(name: string): name is HotelPersonaName {
  return (HOTEL_PERSONAS as readonly string[]).includes(name);
}

/** How long the long-hold persona keeps the caller waiting (real time; short, so tests stay quick). */
export const LONG_HOLD_MS = 3_000;
/** A voicemail greeting ends, then Twilio's async AMD reports the beep after about this long. */
export const BEEP_AFTER_MS = 300;

export type Disposition = "agree" | "callback" | "refuse_auth" | "not_found" | "ask_email" | "hold_then_agree";
export type Stage = "menu" | "desk" | "hold" | "voicemail";

export interface HotelState {
  persona: HotelPersonaName;
  /** This hotel's call count, this call included (1 = the first call). */
  call_no: number;
  hotel_name: string;
  stage: Stage;
  disposition: Disposition;
  /** Keys pressed at the menu so far. */
  digits: string;
  /** Folios agreed to on this call (the first agreement sounds different from "that one too"). */
  answered: number;
  /** "Not found" answers given on this call (the agent may try the confirmation number again). */
  searches: number;
}

export type HotelMove =
  /** The line was heard (the agent's side waits for this, like a media mark). */
  | { type: "ack"; id: string }
  /** The hotel speaks, after `delay_ms`; `stage` changes once it has spoken. */
  | { type: "say"; text: string; delay_ms?: number; stage?: Stage }
  /** Async AMD's verdict reaches the call session (Twilio's /twilio/amd). */
  | { type: "amd"; answered_by: string; delay_ms?: number }
  /** Never answered: the call session hears Twilio's "no-answer" status. */
  | { type: "no_answer" };

const DESK_GREETING = (s: HotelState) => `Thank you for calling ${s.hotel_name}, this is Dana at the front desk. How can I help you?`;
const MENU = (s: HotelState) => `Thank you for calling ${s.hotel_name}. For reservations, press 1. For the front desk, press 2. For the restaurant, press 3. To hear these options again, press 9.`;

/** billing@<hotel>.example: where asks_for_email wants the request. */
export function hotelEmailFor(hotelName: string): string {
  const slug =
    hotelName
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "hotel";
  return `billing@${slug}.example`;
}

function dispositionFor(p: HotelPersonaName, callNo: number): Disposition {
  switch (p) {
    case "callback_then_agrees":
      return callNo === 1 ? "callback" : "agree";
    case "refuses_authorization_form":
      return "refuse_auth";
    case "not_found":
      return "not_found";
    case "asks_for_email":
      return "ask_email";
    case "long_hold_then_agrees":
      return "hold_then_agree";
    default:
      return "agree";
  }
}

/** The hotel picks up (or does not): its state and first moves. */
export function hotelAnswers(persona: HotelPersonaName, callNo: number, hotelName: string): { state: HotelState; moves: HotelMove[] } {
  const base: HotelState = { persona, call_no: callNo, hotel_name: hotelName, stage: "desk", disposition: dispositionFor(persona, callNo), digits: "", answered: 0, searches: 0 };
  if (persona === "no_answer") return { state: base, moves: [{ type: "no_answer" }] };
  if (persona === "voicemail_then_agrees" && callNo === 1) {
    const state: HotelState = { ...base, stage: "voicemail" };
    return {
      state,
      moves: [
        { type: "say", text: `Hi, you've reached the front desk at ${hotelName}. We can't take your call right now. Please leave a message after the tone.` },
        { type: "amd", answered_by: "machine_end_beep", delay_ms: BEEP_AFTER_MS },
      ],
    };
  }
  if (persona === "ivr_then_agrees") {
    const state: HotelState = { ...base, stage: "menu" };
    return { state, moves: [{ type: "say", text: MENU(state) }] };
  }
  return { state: base, moves: [{ type: "say", text: DESK_GREETING(base) }] };
}

export type Heard = { kind: "line"; id: string; text: string } | { kind: "digits"; id: string; digits: string };

/** What the hotel does about one thing it heard. Mutates `s` (the carrier's per-call state). */
export function hotelHears(s: HotelState, heard: Heard): HotelMove[] {
  const ack: HotelMove = { type: "ack", id: heard.id };
  if (heard.kind === "digits") return [ack, ...pressed(s, heard.digits.replace(/w/gi, ""))];
  switch (s.stage) {
    case "voicemail":
    case "hold":
      return [ack]; // recording the message; hold music
    case "menu":
      // A menu understands keys only: a question spoken to it gets the menu again.
      return heard.text.trim().endsWith("?") ? [ack, { type: "say", text: `Sorry, I didn't get that. ${MENU(s)}` }] : [ack];
    case "desk":
      return [ack, ...deskReply(s, heard.text)];
  }
}

function pressed(s: HotelState, digits: string): HotelMove[] {
  if (s.stage !== "menu") return [];
  s.digits += digits;
  const key = digits.at(-1) ?? "";
  if (key === "2" || key === "0") {
    s.stage = "desk";
    return [{ type: "say", text: "Front desk, this is Dana speaking. How can I help you?", delay_ms: 150 }];
  }
  if (key === "9") return [{ type: "say", text: MENU(s), delay_ms: 100 }];
  return [{ type: "say", text: `Sorry, that option is not available right now. ${MENU(s)}`, delay_ms: 100 }];
}

/** Asking for a folio (or the next one in a batch): mentions the folio or emailing something. */
function isRequest(text: string): boolean {
  return /\b(?:folio|invoice|bill|receipt)s?\b|\bemail\b|\bsend\b/i.test(text);
}

function deskReply(s: HotelState, text: string): HotelMove[] {
  const t = text.trim();
  if (!t.endsWith("?")) return []; // the agent is still talking: listen
  if (/are you (?:still )?there|can you hear me/i.test(t)) return [{ type: "say", text: "Yes, I'm here." }];
  if (/\btry (?:the|a) confirmation number|\bcould you try\b/i.test(t) && s.disposition === "not_found") {
    s.searches++;
    return [{ type: "say", text: "No, I'm sorry, there's nothing under that number either." }];
  }
  if (!isRequest(t)) return [{ type: "say", text: "Sorry, could you say that again?" }];
  switch (s.disposition) {
    case "agree":
      s.answered++;
      return [{ type: "say", text: s.answered === 1 ? "Sure, I can email that over to you today." : "Yes, that one too, no problem. I'll send it." }];
    case "callback":
      return [{ type: "say", text: "Oh, the person who does our folios is out right now. Could you call back at 2:30 this afternoon?" }];
    case "refuse_auth":
      return [{ type: "say", text: "I'm sorry, we can't release a folio without a signed credit card authorization form from the guest." }];
    case "not_found":
      s.searches++;
      return [{ type: "say", text: "Hmm, I don't see any reservation under that name or confirmation number." }];
    case "ask_email":
      return [{ type: "say", text: `We don't do that over the phone. Email ${hotelEmailFor(s.hotel_name)} and we'll send it.` }];
    case "hold_then_agree":
      // Put on hold; a colleague picks up after a while, hears the request from the start, and agrees.
      s.disposition = "agree";
      return [
        { type: "say", text: "Let me check with our accounting office. Please hold.", stage: "hold" },
        { type: "say", text: "Hi, sorry about the wait, this is Marco in accounting. How can I help you?", delay_ms: LONG_HOLD_MS, stage: "desk" },
      ];
  }
}
