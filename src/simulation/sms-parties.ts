// The people at the other end of a simulated text (docs/architecture.md, "Running offline"): each
// number plays one persona, chosen from its digits so a number always behaves the same, and answers a
// text that asks for an answer after a delay on the simulation's scaled clock. Pure: the simulated
// carrier keeps the texts and the timers.
export const SMS_PERSONAS = ["agrees", "declines", "asks", "opts_out", "silent", "slow"] as const;
export type SmsPersona = (typeof SMS_PERSONAS)[number];

export function smsPersonaFor(phone: string): SmsPersona {
  const digits = phone.replace(/\D/g, "");
  const sum = [...digits.slice(-4)].reduce((s, d) => s + Number(d), 0);
  return SMS_PERSONAS[sum % SMS_PERSONAS.length]!;
}

export interface PartyReply {
  text: string;
  /** Simulated time before the reply is sent. */
  after_sim_ms: number;
}

const MINUTE = 60_000;

/** A text invites an answer when it asks something or says how to reply. */
const INVITES_ANSWER = /\?|\breply\b|\brespond\b|\bconfirm\b|\b(yes|no)\b/i;
/** The contact ledger's own confirmations get no answer, as a person would not answer them either. */
const LEDGER_TEXT = /\b(unsubscribed|re-subscribed|reply stop to unsubscribe)\b/i;

export function partyReply(persona: SmsPersona, body: string): PartyReply | null {
  if (LEDGER_TEXT.test(body)) return null;
  if (persona === "opts_out") return { text: "STOP", after_sim_ms: 1 * MINUTE };
  if (!INVITES_ANSWER.test(body)) return null;
  switch (persona) {
    case "agrees":
      return { text: "Yes, that works for me.", after_sim_ms: 2 * MINUTE };
    case "declines":
      return { text: "No sorry, I can't.", after_sim_ms: 5 * MINUTE };
    case "asks":
      return { text: "Who is this and what is it about?", after_sim_ms: 3 * MINUTE };
    case "slow":
      return { text: "yes", after_sim_ms: 45 * MINUTE };
    case "silent":
      return null;
  }
}
