// Messaging figures, inside workerd, through the real path (issue 13):
// - sms_inbound_to_product_ms: a signed POST /twilio/sms through the worker → the thread (the ledger's
//   keyword check, routing, the outbox) → the product's reply handler, for a reply to an expectation.
// - sms_send_overhead_ms: a text handed to the messages-out consumer → the thread (stored, the ledger,
//   the sender's pacer) → the provider's HTTP request, with the provider answering at once in-isolate.
// Each text goes to a new contact (a new thread, as in a campaign) from one of 20 sender numbers, each
// used again only after its pacing interval, so the pacer (warm, as a sender's is) never holds one back.
import { env } from "cloudflare:workers";
import { createMessageBatch } from "cloudflare:test";
import { it } from "vitest";
import { checkText } from "../src/engine/messaging/outbox";
import { threadStub } from "../src/engine/messaging/stubs";
import { replyHandlers } from "../src/objects/reply-handlers";
import { setCallSessionHooks } from "../src/objects/telephony/provider-hooks";
import { TwilioRestClient } from "../src/providers/twilio/rest";
import { twilioWebhook } from "../test/fakes/twilio-webhooks";

const N = 200;

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

const number = (prefix: string, i: number) => `+1${prefix}${String(2_000_000 + i).padStart(7, "0")}`;

it("messaging", async () => {
  let providerAt = 0;
  const unhook = setCallSessionHooks({
    twilio: () =>
      new TwilioRestClient({
        accountSid: "AC00000000000000000000000000000000",
        authToken: "bench",
        fetch: async () => {
          providerAt = performance.now();
          return Response.json({ sid: `SM${crypto.randomUUID().replaceAll("-", "")}`, status: "queued" }, { status: 201 });
        },
      }),
  });
  const handled = new Map<string, number>();
  const unregister = replyHandlers.register("bench", async (_env, reply) => {
    handled.set(reply.theirs, performance.now());
  });
  try {
    const { default: worker } = await import("../src/worker");
    const send: number[] = [];
    const SENDERS = 20;
    const lastUse = new Map<number, number>();
    for (let i = 0; i < N + 10; i++) {
      const sender = i % SENDERS;
      const wait = (lastUse.get(sender) ?? -Infinity) + 1_050 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      lastUse.set(sender, Date.now());
      const checked = await checkText({
        from: number("415", sender),
        to: number("628", i),
        body: "Job T-17 tomorrow at 9: reply YES to take it.",
        product: "bench",
        cause: `offer:${i}`,
        expect: { about: `offer:${i}`, deadline_at: Date.now() + 3_600_000 },
      });
      if (!checked.ok) throw new Error(checked.message);
      const batch = createMessageBatch("folio-messages-out", [{ id: `b${i}`, timestamp: new Date(), attempts: 1, body: checked.message }]);
      const t0 = performance.now();
      await worker.queue(batch, env);
      if (i >= 10) send.push(providerAt - t0); // the first ones warm the objects' code
    }
    const inbound: number[] = [];
    for (let i = 0; i < N + 10; i++) {
      const params = { MessageSid: `SM${crypto.randomUUID().replaceAll("-", "")}`, From: number("628", i), To: number("415", i % 20), Body: "YES" };
      const t0 = performance.now();
      const r = await twilioWebhook("/twilio/sms", params);
      if (r.status !== 200) throw new Error(`inbound ${i}: ${r.status}`);
      const at = handled.get(params.From);
      if (at === undefined) throw new Error(`reply ${i} did not reach the product`);
      if (i >= 10) inbound.push(at - t0);
    }
    const fig = (xs: number[], target: number) => ({ p50: Number(pct(xs, 0.5).toFixed(2)), p95: Number(pct(xs, 0.95).toFixed(2)), n: xs.length, target_p50: target });
    console.log(`BENCH ${JSON.stringify({ sms_inbound_to_product_ms: fig(inbound, 20), sms_send_overhead_ms: fig(send, 10) })}`);
    // Keep the threads honest: the last one holds its text and the reply.
    const last = await threadStub(env, { ours: number("415", (N + 9) % 20), theirs: number("628", N + 9) }).history();
    if (last.messages.length !== 2) throw new Error(`thread holds ${last.messages.length} texts`);
  } finally {
    unregister();
    unhook();
  }
});
