// What a thread needs from outside it (docs/architecture.md, "Messaging"), as interfaces the shell fills
// in (src/objects/message-thread.ts): the contact ledger, the sender number's pacer, the SMS provider,
// the products' reply handlers and the read model. The engine names no binding.
import type { Channel, ContactDecision, KeywordReply } from "./contact-ledger";
import type { Expectation } from "./reply-routing";

export interface ContactLedgerPort {
  /** Whether `theirs` may be reached on the channel; `ours` is remembered as one of its threads. */
  mayContact(theirs: string, channel: Channel, ours: string): Promise<ContactDecision>;
  /** An inbound text's effect on its sender (STOP, START, HELP), once per provider message id. */
  inbound(theirs: string, ours: string, body: string, providerSid: string): Promise<{ consumed: boolean; reply: KeywordReply | null }>;
}

export interface PacerPort {
  /** The time this sender number may send its next text (epoch ms). */
  reserve(ours: string): Promise<number>;
}

export type SmsSendResult =
  | { ok: true; provider_sid: string; status: string }
  /** The provider refused it (bad number, unsubscribed recipient): final. */
  | { ok: false; kind: "refused"; error_code: number | null; message: string }
  /** Not accepted, safe to try again later (Twilio's 429). */
  | { ok: false; kind: "busy"; retry_after_ms: number | null }
  /** No answer: it may or may not have gone, so it is never sent again. */
  | { ok: false; kind: "unknown"; message: string };

export interface SmsProvider {
  send(input: { message_id: string; from: string; to: string; body: string }): Promise<SmsSendResult>;
}

/** What a product's handler gets: one inbound text and where it was routed. Delivered at least once. */
export interface Reply {
  message_id: string;
  ours: string;
  theirs: string;
  body: string;
  received_at: number;
  route: { kind: "expectation"; expectation: Expectation; late: boolean } | { kind: "owner"; product: string };
}

export interface ReplyHandlersPort {
  /** Hands the reply to its product; false when this worker runs no such product. */
  deliver(product: string, reply: Reply): Promise<boolean>;
}
