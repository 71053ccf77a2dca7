// How the worker's parts and the products reach the messaging objects: a thread per pair of numbers, a
// pacer per sender number, one contact ledger for the deployment (docs/architecture.md, "Messaging").
import type { ContactDecision } from "./contact-ledger";
import type { ThreadPair } from "./thread";

export const threadStub = (env: Env, pair: ThreadPair) => env.MESSAGE_THREAD.get(env.MESSAGE_THREAD.idFromName(`${pair.ours}|${pair.theirs}`));
export const pacerStub = (env: Env, ours: string) => env.SENDER_PACER.get(env.SENDER_PACER.idFromName(ours));
export const ledgerStub = (env: Env) => env.CONTACT_LEDGER.get(env.CONTACT_LEDGER.idFromName("ledger"));

/** What a line asks before it dials (src/engine/line/dialler.ts). */
export interface ContactCheck {
  mayCall(phone: string): Promise<ContactDecision>;
}

export const ledgerContactCheck = (env: Env): ContactCheck => ({ mayCall: (phone) => ledgerStub(env).mayContact(phone, "call", null) });
