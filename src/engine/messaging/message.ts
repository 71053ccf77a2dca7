// What the messaging channel carries (docs/architecture.md, "Messaging"): an outbound text as a product
// or an operator asks for it, and the states a text goes through. A text's id is derived from its cause
// (the product's own words for why it is sent: "offer:T-17:vendor:3"), so a cause sent twice is one text.
import { z } from "zod";
import { MAX_BODY_CHARACTERS } from "./segments";

const E164 = /^\+[1-9]\d{6,14}$/;
export const e164 = z.string().regex(E164, "must be an E.164 number, e.g. +14155550100");

/** A reply a product waits for, registered on the thread with the text that asks for it. */
export const expectationInput = z
  .object({
    /** The product's own key for what it waits about (an offer, an appointment). */
    about: z.string().min(1).max(200),
    /** Epoch ms; a reply after it is still delivered, marked late. */
    deadline_at: z.number().int().positive(),
  })
  .strict();

export const outboundMessage = z
  .object({
    message_id: z.string().regex(/^msg_[0-9a-f]{32}$/),
    from: e164,
    to: e164,
    body: z.string().min(1).max(MAX_BODY_CHARACTERS),
    /** The product that sends it, which gets the replies to its expectation. */
    product: z.string().min(1).max(64),
    cause: z.string().min(1).max(500),
    expect: expectationInput.nullable().default(null),
    /** Set only for the ledger's own confirmations (STOP's "you are unsubscribed" goes to an opted-out number). */
    confirmation: z.boolean().default(false),
  })
  .strict();

export type OutboundMessage = z.output<typeof outboundMessage>;

export async function messageIdFor(cause: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`sms:${cause}`)));
  return `msg_${Array.from(digest.subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * A text's states. Ours before the provider has it: `accepted` (stored), `paced` (waiting for the
 * sender number's next slot), `sending` (the one request in flight), `blocked` (the contact ledger said
 * no), `unknown` (the request's answer was lost: it may have gone, and it is never sent again). Then
 * Twilio's: `queued`, `sent`, `delivered`, `undelivered`, `failed`. An inbound text is `received`.
 */
export type MessageStatus = "accepted" | "paced" | "sending" | "blocked" | "unknown" | "queued" | "sent" | "delivered" | "undelivered" | "failed" | "received";

const RANK: Record<MessageStatus, number> = {
  accepted: 0,
  paced: 1,
  sending: 2,
  unknown: 3,
  queued: 4,
  sent: 5,
  delivered: 6,
  undelivered: 6,
  failed: 6,
  blocked: 6,
  received: 6,
};

const FINAL: ReadonlySet<MessageStatus> = new Set(["delivered", "undelivered", "failed", "blocked", "received"]);

export const providerStatuses = ["queued", "sending", "sent", "delivered", "undelivered", "failed", "accepted", "scheduled", "canceled", "read"] as const;

/**
 * The status after a provider's report. Callbacks can arrive out of order (`sent` after `delivered`)
 * and more than once: a status never moves back, and a final one never changes.
 */
export function advanceStatus(current: MessageStatus, reported: string): MessageStatus {
  const next = fromProvider(reported);
  if (!next || FINAL.has(current)) return current;
  return RANK[next] > RANK[current] ? next : current;
}

function fromProvider(reported: string): MessageStatus | null {
  switch (reported) {
    case "accepted":
    case "scheduled":
    case "queued":
    case "sending":
      return "queued";
    case "sent":
      return "sent";
    case "delivered":
    case "read":
      return "delivered";
    case "undelivered":
      return "undelivered";
    case "failed":
    case "canceled":
      return "failed";
    default:
      return null;
  }
}
