// How a product or an operator sends a text (docs/architecture.md, "Messaging"): checked here, so bad
// input is refused before anything is queued, then put on the messages-out queue. The queue's consumer
// hands it to the thread, which sends it once however often the queue delivers it.
import { checkSmsBody } from "./segments";
import { e164, messageIdFor, type OutboundMessage } from "./message";

export interface TextRequest {
  from: string;
  to: string;
  body: string;
  product: string;
  /** Why it is sent, in the product's words; one cause is one text. */
  cause: string;
  expect?: { about: string; deadline_at: number } | null;
}

export type TextCheck = { ok: true; message: OutboundMessage } | { ok: false; field: "to" | "from" | "body"; message: string };

export async function checkText(request: TextRequest): Promise<TextCheck> {
  if (!e164.safeParse(request.to).success) return { ok: false, field: "to", message: "must be an E.164 number, e.g. +14155550100" };
  if (!e164.safeParse(request.from).success) return { ok: false, field: "from", message: "must be one of our numbers, in E.164" };
  const body = checkSmsBody(request.body);
  if (!body.ok) return { ok: false, field: "body", message: body.message };
  return {
    ok: true,
    message: {
      message_id: await messageIdFor(`${request.product}:${request.cause}`),
      from: request.from,
      to: request.to,
      body: request.body,
      product: request.product,
      cause: request.cause,
      expect: request.expect ?? null,
      confirmation: false,
    },
  };
}

/** Queues a checked text; the id answers before it is sent. */
export async function queueText(queue: Queue, message: OutboundMessage): Promise<string> {
  await queue.send(message, { contentType: "json" });
  return message.message_id;
}
