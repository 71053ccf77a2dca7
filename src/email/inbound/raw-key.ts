// Where an inbound raw message is kept in R2. Keyed by a hash of its Message-ID, so the same message
// delivered twice (relays retry, hotels resend) lands on the same key and the worker can tell it
// has seen it: the first step of idempotent delivery. Without a Message-ID, the bytes are hashed.
import { normalizeMessageId } from "../addresses";

async function sha256Hex(data: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** `inbox/<sha256>.eml`; the hash keeps sender-chosen text out of the key. */
export async function inboundRawKey(messageId: string | null, raw: Uint8Array): Promise<string> {
  const id = normalizeMessageId(messageId);
  const hash = await sha256Hex(id ? new TextEncoder().encode(`mid:${id}`) : raw);
  return `inbox/${hash}.eml`;
}
