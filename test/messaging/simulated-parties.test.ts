// Offline texts: with no Twilio and the simulation on, a text goes to a simulated party, which is
// reported delivered and answers by its persona on the scaled clock, through the same thread as a real
// reply. The Texts dashboard page shows the thread, the triage list and the ledger.
import { env } from "cloudflare:workers";
import { createMessageBatch } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ledgerStub } from "../../src/engine/messaging/stubs";
import { setCallSessionHooks } from "../../src/objects/telephony/provider-hooks";
import { partyReply, smsPersonaFor, SMS_PERSONAS, type SmsPersona } from "../../src/simulation/sms-parties";
import { keyFor } from "../helpers";
import { signedIn, visit } from "../dash/helpers";
import { ourNumber, recordReplies, text, thread, until } from "./helpers";

function numberPlaying(persona: SmsPersona): string {
  for (let i = 0; ; i++) {
    const n = `+1628${String(7_000_000 + i * 37 + (Date.now() % 1000) * 1000).slice(0, 7)}`;
    if (smsPersonaFor(n) === persona) return n;
  }
}

async function deliverQueue(body: unknown): Promise<void> {
  const { default: worker } = await import("../../src/worker");
  await worker.queue(createMessageBatch("folio-messages-out", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body }]), env);
}

describe("simulated parties", () => {
  it("each number plays one persona, every persona is played, and only a text that asks gets an answer", () => {
    const seen = new Set(Array.from({ length: 200 }, (_, i) => smsPersonaFor(`+1628555${String(i).padStart(4, "0")}`)));
    expect([...seen].sort()).toEqual([...SMS_PERSONAS].sort());
    expect(smsPersonaFor("+16285551234")).toBe(smsPersonaFor("+16285551234"));
    expect(partyReply("agrees", "Can you come Tuesday at 9? Reply YES or NO.")?.text).toMatch(/yes/i);
    expect(partyReply("declines", "Please confirm your visit.")?.text).toMatch(/no/i);
    expect(partyReply("agrees", "Your order has shipped.")).toBeNull();
    expect(partyReply("silent", "Reply YES to confirm.")).toBeNull();
    expect(partyReply("opts_out", "Your order has shipped.")?.text).toBe("STOP");
    // Nobody answers the ledger's own confirmations, or a STOP would loop.
    expect(partyReply("opts_out", "You have successfully been unsubscribed. Reply START to resubscribe.")).toBeNull();
    expect(partyReply("slow", "Reply YES to confirm.")!.after_sim_ms).toBeGreaterThan(partyReply("agrees", "Reply YES to confirm.")!.after_sim_ms);
  });

  it("a text to a simulated party is delivered and answered, and the answer reaches the product waiting for it", async () => {
    const unhook = setCallSessionHooks({ env: { SIMULATION: "on" } });
    const offers = recordReplies("sim-offers");
    try {
      const ours = ourNumber();
      const theirs = numberPlaying("agrees");
      const message = await text({
        from: ours,
        to: theirs,
        body: "Job T-5 tomorrow 9am, reply YES to take it.",
        product: "sim-offers",
        cause: "offer:T-5",
        expect: { about: "offer:T-5", deadline_at: Date.now() + 60_000 },
      });
      await deliverQueue(message);
      await until(
        async () => offers.replies.length,
        (n) => n === 1,
        "the party's answer",
      );
      expect(offers.replies[0]).toMatchObject({ body: "Yes, that works for me.", route: { kind: "expectation", late: false } });
      const { messages } = await thread(ours, theirs).history();
      expect(messages.map((m) => [m.direction, m.status])).toEqual([
        ["out", "delivered"],
        ["in", "received"],
      ]);

      // One that opts out: its STOP reaches the ledger, which confirms once; the party does not answer that.
      const leaver = numberPlaying("opts_out");
      await deliverQueue(await text({ from: ours, to: leaver, body: "Your appointment is on Friday." }));
      await until(
        async () => (await ledgerStub(env).mayContact(leaver, "sms", null)).ok,
        (ok) => !ok,
        "the opt-out",
      );
      // The confirmation waits for the sender number's next slot (one text a second).
      const left = await until(
        async () => (await thread(ours, leaver).history()).messages.map((m) => [m.direction, m.routed ?? m.status]),
        (l) => l.length === 3 && l[2]![1] === "delivered",
        "the confirmation",
        5_000,
      );
      expect(left).toEqual([
        ["out", "delivered"],
        ["in", "ledger"],
        ["out", "delivered"],
      ]);

      // The Texts page shows both threads and the ledger's entry.
      const { b } = await signedIn(await keyFor("viewer"));
      const page = await visit(b, "GET", "/dash/messages");
      expect(page.status).toBe(200);
      expect(page.text).toContain(`data-thread="${ours}|${theirs}"`);
      expect(page.text).toContain("Yes, that works for me.");
      expect(page.text).toContain(`data-contact="${leaver}"`);
      expect(page.text).not.toContain("Send a text"); // a viewer gets no forms
    } finally {
      offers.unregister();
      unhook();
    }
  });
});
