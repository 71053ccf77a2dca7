// Shared by the messaging tests: an account at the Twilio REST emulator laid over the worker's secrets
// (the threads send through it), a unique pair of numbers per test, and a product's reply handler that
// records what it is handed.
import { env } from "cloudflare:workers";
import type { OutboundMessage } from "../../src/engine/messaging/message";
import { checkText, type TextRequest } from "../../src/engine/messaging/outbox";
import type { Reply } from "../../src/engine/messaging/ports";
import { threadStub } from "../../src/engine/messaging/stubs";
import { replyHandlers } from "../../src/objects/reply-handlers";
import { setCallSessionHooks } from "../../src/objects/telephony/provider-hooks";
import { TwilioRestEmulator } from "../fakes/twilio-rest";

export const OUR_NUMBER = "+14155550100";

export async function installSms(): Promise<{ rest: TwilioRestEmulator; restore: () => Promise<void> }> {
  const rest = await TwilioRestEmulator.create();
  const unhook = setCallSessionHooks({ env: { TWILIO_ACCOUNT_SID: rest.accountSid } });
  return {
    rest,
    async restore() {
      unhook();
      await rest.dispose();
    },
  };
}

let n = 0;
/** A number no other test texts: +1 628 5xx xxxx. */
export function theirNumber(): string {
  n++;
  return `+1628${String(5_000_000 + (((Date.now() % 1_000_000) * 7 + n * 104_729) % 4_999_999)).padStart(7, "0")}`;
}

/** Our side of a pair unique to a test (threads and the pacer are per number). */
export function ourNumber(): string {
  n++;
  return `+1415${String(2_000_000 + (((Date.now() % 1_000_000) * 13 + n * 7_919) % 999_999)).padStart(7, "0")}`;
}

export async function text(request: Partial<TextRequest> & Pick<TextRequest, "to">): Promise<OutboundMessage> {
  const checked = await checkText({ from: OUR_NUMBER, body: "Hello from Folio", product: "test", cause: crypto.randomUUID(), ...request });
  if (!checked.ok) throw new Error(`${checked.field}: ${checked.message}`);
  return checked.message;
}

export function thread(ours: string, theirs: string) {
  return threadStub(env, { ours, theirs });
}

/** A product's reply handler for the test's lifetime; `fail` makes its next calls throw. */
export function recordReplies(product: string) {
  const replies: Reply[] = [];
  const state = { failures: 0 };
  const unregister = replyHandlers.register(product, async (_env, reply) => {
    if (state.failures > 0) {
      state.failures--;
      throw new Error("the product is down");
    }
    replies.push(reply);
  });
  return { replies, state, unregister };
}

export async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v).slice(0, 1000)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
