// Scripted personas for the call engine's own tests (the text leg, barge-in, hang-up): each is a small
// script of what the far end says to the agent's question, whether an IVR wants keys first, whether
// someone talks over the agent or hangs up. The simulation's nine hotel personas are in src/products/folio/simulated-hotels.ts.
// Pure data and one pure step function, so the carrier object stays a thin shell.

export interface Persona {
  name: string;
  /** An IVR answers first and wants these keys before anyone listens. */
  menuDigits?: string;
  /** What the IVR says to speech (it cannot understand any). */
  menuPrompt?: string;
  /** The reply to the agent's question. */
  answer: string;
  /** Talks over the agent's first line instead of listening to it. */
  interrupt?: string;
  /** Hangs up instead of answering. */
  hangUp?: boolean;
}

export const PERSONAS: Record<string, Persona> = {
  refuses: { name: "refuses", answer: "I am sorry, we cannot do that. The guest has to request the folio." },
  callback: { name: "callback", answer: "The manager handles folios. Please call back tomorrow at ten." },
  scripted_ivr: {
    name: "scripted_ivr",
    menuDigits: "2",
    menuPrompt: "For reservations press 1. For the front desk press 2.",
    answer: "Front desk here. Sure, we can email it.",
  },
  interrupts: { name: "interrupts", interrupt: "Hello? Who is this?", answer: "Okay, yes, we can send it." },
  hangs_up: { name: "hangs_up", answer: "", hangUp: true },
};

export interface PersonaState {
  digits: string;
  interrupted: boolean;
  answered: boolean;
}

export type PersonaMove = { type: "ack"; id: string } | { type: "say"; text: string } | { type: "hangup" };

export type Heard = { kind: "line"; id: string; text: string } | { kind: "digits"; id: string; digits: string };

/** What the persona does about one thing it heard. */
export function personaStep(p: Persona, s: PersonaState, heard: Heard): PersonaMove[] {
  if (heard.kind === "digits") {
    s.digits += heard.digits.replace(/w/g, "");
    return [{ type: "ack", id: heard.id }];
  }
  const menuDone = !p.menuDigits || s.digits.endsWith(p.menuDigits);
  if (!menuDone) return [{ type: "ack", id: heard.id }, ...(p.menuPrompt ? [{ type: "say" as const, text: p.menuPrompt }] : [])];
  if (p.interrupt && !s.interrupted) {
    s.interrupted = true;
    return [{ type: "say", text: p.interrupt }]; // talks over it: the line is never acknowledged
  }
  const moves: PersonaMove[] = [{ type: "ack", id: heard.id }];
  if (!s.answered && heard.text.trim().endsWith("?")) {
    if (p.hangUp) return [...moves, { type: "hangup" }];
    s.answered = true;
    moves.push({ type: "say", text: p.answer });
  }
  return moves;
}
