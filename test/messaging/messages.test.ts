// Texts over Twilio's Messages API, end to end against the REST emulator: a text is sent once however
// often the queue delivers it, its status callbacks are kept in order, inbound texts are routed (an
// expectation, late or not, the number's owner, triage), STOP and START work as Twilio's Advanced
// Opt-Out does, the do-not-call list refuses texts, and a forged signature touches nothing.
import { env, exports } from "cloudflare:workers";
import { createExecutionContext, createMessageBatch, getQueueResult, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { messageIdFor } from "../../src/engine/messaging/message";
import { ledgerStub } from "../../src/engine/messaging/stubs";
import { piiCipher } from "../../src/platform/pii-cipher";
import { twilioWebhook } from "../fakes/twilio-webhooks";
import type { TwilioRestEmulator } from "../fakes/twilio-rest";
import { api, expectError } from "../helpers";
import { installSms, ourNumber, recordReplies, text, theirNumber, thread, until } from "./helpers";

let rest: TwilioRestEmulator;
let restore: () => Promise<void>;
beforeEach(async () => {
  ({ rest, restore } = await installSms());
});
afterEach(async () => restore());

async function deliverQueue(bodies: unknown[]): Promise<void> {
  const { default: worker } = await import("../../src/worker");
  const ctx = createExecutionContext();
  const batch = createMessageBatch(
    "folio-messages-out",
    bodies.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })),
  );
  await worker.queue(batch, env);
  const result = await getQueueResult(batch, ctx);
  expect(result.retryMessages).toEqual([]);
}

const creates = async () => (await rest.log()).requests.filter((r) => r.path.endsWith("/Messages.json"));

describe("sending", () => {
  it("a text delivered three times by the queue, at once and again later, is sent once", async () => {
    const ours = ourNumber();
    const theirs = theirNumber();
    const message = await text({ from: ours, to: theirs, body: "Your table is booked for 7pm." });
    await deliverQueue([message, message, message]);
    await deliverQueue([message]);
    await deliverQueue([message]);
    const sent = await creates();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.form.get("To")).toBe(theirs);
    expect(sent[0]!.form.get("From")).toBe(ours);
    expect(sent[0]!.form.get("Body")).toBe("Your table is booked for 7pm.");
    expect(sent[0]!.form.get("StatusCallback")).toBe(`https://folio.test/twilio/sms-status/${message.message_id}`);
    const { messages } = await thread(ours, theirs).history();
    expect(messages.map((m) => [m.message_id, m.status, m.segments, m.encoding])).toEqual([[message.message_id, "queued", 1, "GSM-7"]]);
  });

  it("records each status callback, and the status moves only forward; a failure keeps its error code", async () => {
    const ours = ourNumber();
    const theirs = theirNumber();
    const first = await text({ from: ours, to: theirs, body: "first" });
    await deliverQueue([first]);
    const responses = await rest.deliverWebhooks();
    expect(responses.map((r) => r.status)).toEqual([204, 204, 204]);
    let { messages } = await thread(ours, theirs).history();
    expect(messages[0]!.status).toBe("delivered");
    expect(messages[0]!.statuses.map((s) => s.status)).toEqual(["queued", "sent", "delivered"]);

    await rest.fates({ kind: "failed", errorCode: 30008 });
    const second = await text({ from: ours, to: theirs, body: "second — with a dash, so UCS-2" });
    await deliverQueue([second]);
    // The second waits for the sender number's next slot (one a second), then goes.
    await until(creates, (c) => c.length === 2, "the second text to be sent", 5_000);
    const webhooks = await rest.takeWebhooks();
    // Twilio may deliver callbacks out of order and twice: the last word stays `failed`.
    for (const w of [...webhooks].reverse().concat(webhooks)) await (exports as unknown as { default: Fetcher }).default.fetch(w.url, { method: "POST", headers: w.headers, body: w.body });
    ({ messages } = await thread(ours, theirs).history());
    const failed = messages.find((m) => m.message_id === second.message_id)!;
    expect(failed).toMatchObject({ status: "failed", error_code: 30008, encoding: "UCS-2" });
    expect(failed.statuses.map((x) => x.status)).toEqual(["failed", "queued", "queued", "failed"]);
    const listed = await until(
      async () => (await api("GET", "/api/messages?limit=200")).json.messages as Array<{ message_id: string; status: string; theirs: string; body: string }>,
      (ms) => ms.some((m) => m.message_id === second.message_id && m.status === "failed"),
      "the read model",
    );
    expect(listed.find((m) => m.message_id === first.message_id)).toMatchObject({ status: "delivered", theirs, body: "first" });
  });

  it("POST /api/messages answers 202 with the id and queues it; bad input is a 4xx naming the field", async () => {
    const ours = ourNumber();
    expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(ours)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
    const theirs = theirNumber();
    const r = await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "Operator here." }, headers: { "idempotency-key": `k-${theirs.slice(1)}` } });
    expect(r.status, r.text).toBe(202);
    expect(r.json.message_id).toMatch(/^msg_[0-9a-f]{32}$/);
    const again = await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "Operator here." }, headers: { "idempotency-key": `k-${theirs.slice(1)}` } });
    expect(again.json.message_id).toBe(r.json.message_id);
    await until(creates, (c) => c.length === 1, "the queued text to go");

    expect(expectError(await api("POST", "/api/messages", { json: { to: "4155550100", from: ours, body: "x" } }), 400).details).toHaveProperty("to");
    expect(expectError(await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "" } }), 400).details).toHaveProperty("body");
    expect(expectError(await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "x".repeat(1601) } }), 400).details).toHaveProperty("body");
    expect(expectError(await api("POST", "/api/messages", { json: { to: theirs, from: "+14155550999", body: "x" } }), 400).details).toHaveProperty("from");
    expect(expectError(await api("POST", "/api/messages", { json: { to: theirs, body: "x" } }), 400).details).toHaveProperty("from");
    expect(expectError(await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "x", extra: 1 } }), 400).details).toBeDefined();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await creates()).toHaveLength(1);
  });
});

describe("receiving", () => {
  it("a reply goes to the oldest open expectation, the next to the next, and a late one is delivered as late", async () => {
    const ours = ourNumber();
    const theirs = theirNumber();
    const offers = recordReplies("dispatch-test");
    try {
      const soon = Date.now() + 60_000;
      await deliverQueue([
        await text({ from: ours, to: theirs, body: "Job T-17: reply YES to take it.", product: "dispatch-test", cause: "offer:T-17", expect: { about: "offer:T-17", deadline_at: soon } }),
      ]);
      await new Promise((r) => setTimeout(r, 5));
      await deliverQueue([
        await text({ from: ours, to: theirs, body: "Job T-18: reply YES to take it.", product: "dispatch-test", cause: "offer:T-18", expect: { about: "offer:T-18", deadline_at: Date.now() - 1 } }),
      ]);
      await rest.inboundSms({ from: theirs, to: ours, body: "YES" });
      await rest.inboundSms({ from: theirs, to: ours, body: "yes to that one too" });
      expect((await rest.deliverWebhooks()).map((r) => r.status).filter((s) => s !== 204)).toEqual([200, 200]);
      expect(offers.replies.map((r) => [r.body, r.route.kind === "expectation" ? r.route.expectation.about : null, r.route.kind === "expectation" && r.route.late])).toEqual([
        ["YES", "offer:T-17", false],
        ["yes to that one too", "offer:T-18", true],
      ]);
    } finally {
      offers.unregister();
    }
  });

  it("an expectation registered without a text (the question was asked on a call) takes the next reply", async () => {
    const ours = ourNumber();
    const theirs = theirNumber();
    const visits = recordReplies("visits-test");
    try {
      await thread(ours, theirs).expect({ ours, theirs }, { id: "visit-42", product: "visits-test", about: "visit:42", deadline_at: Date.now() + 60_000 });
      await thread(ours, theirs).expect({ ours, theirs }, { id: "visit-42", product: "visits-test", about: "visit:42", deadline_at: Date.now() + 60_000 });
      await rest.inboundSms({ from: theirs, to: ours, body: "Thursday works" });
      await rest.inboundSms({ from: theirs, to: ours, body: "and Friday too" });
      await rest.deliverWebhooks();
      expect(visits.replies.map((r) => r.body)).toEqual(["Thursday works"]); // the second: no open expectation, no owner
      expect((await thread(ours, theirs).history()).messages.map((m) => m.routed)).toEqual(["expectation:visit-42", "triage"]);
    } finally {
      visits.unregister();
    }
  });

  it("with nothing expected, a reply goes to the product owning our number; else to triage", async () => {
    const owned = ourNumber();
    expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(owned)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
    const unowned = ourNumber();
    const theirs = theirNumber();
    const folio = recordReplies("folio");
    try {
      await rest.inboundSms({ from: theirs, to: owned, body: "Is my booking still on?" });
      await rest.inboundSms({ from: theirs, to: unowned, body: "Who is this?" });
      await rest.deliverWebhooks();
      expect(folio.replies.map((r) => [r.body, r.route])).toEqual([["Is my booking still on?", { kind: "owner", product: "folio" }]]);
      const triage = await until(
        async () => (await api("GET", "/api/messages?routed=triage&limit=200")).json.messages as Array<{ body: string; ours: string }>,
        (ms) => ms.some((m) => m.ours === unowned),
        "triage",
      );
      expect(triage.find((m) => m.ours === unowned)).toMatchObject({ body: "Who is this?", routed: "triage", direction: "in" });
    } finally {
      folio.unregister();
    }
  });

  it("a product that fails takes the reply later; Twilio redelivering the webhook doubles nothing", async () => {
    const ours = ourNumber();
    expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(ours)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
    const theirs = theirNumber();
    const folio = recordReplies("folio");
    folio.state.failures = 1;
    try {
      const sid = await rest.inboundSms({ from: theirs, to: ours, body: "Running late" });
      await rest.inboundSms({ from: theirs, to: ours, body: "Running late", messageSid: sid });
      expect((await rest.deliverWebhooks()).map((r) => r.status)).toEqual([200, 200]);
      await until(
        async () => folio.replies.length,
        (n) => n === 1,
        "the retried delivery",
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(folio.replies).toHaveLength(1);
      expect((await thread(ours, theirs).history()).messages.filter((m) => m.direction === "in")).toHaveLength(1);
    } finally {
      folio.unregister();
    }
  });

  it("a text left half-way by an instance that died is routed when Twilio delivers it again", async () => {
    const ours = ourNumber();
    expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(ours)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
    const theirs = theirNumber();
    const folio = recordReplies("folio");
    try {
      const sid = await rest.inboundSms({ from: theirs, to: ours, body: "Half way" });
      const [webhook] = await rest.takeWebhooks();
      // The first delivery stored the text and died before the ledger answered: the row, unrouted.
      const id = await messageIdFor(`in:${ours}:${theirs}:${sid}`);
      const sealed = await (await piiCipher(env)).seal("Half way");
      await runInDurableObject(thread(ours, theirs), async (_instance, state) => {
        await thread(ours, theirs).history(); // the object's tables exist
        state.storage.sql.exec(
          "INSERT INTO messages (message_id, direction, provider_sid, status, segments, encoding, body_sealed, late, created_at, updated_at) VALUES (?, 'in', ?, 'received', 1, 'GSM-7', ?, 0, ?, ?)",
          id,
          sid,
          sealed,
          Date.now(),
          Date.now(),
        );
      });
      const r = await (exports as unknown as { default: Fetcher }).default.fetch(webhook!.url, { method: "POST", headers: webhook!.headers, body: webhook!.body });
      expect(r.status).toBe(200);
      expect(folio.replies.map((x) => [x.message_id, x.body])).toEqual([[id, "Half way"]]);
    } finally {
      folio.unregister();
    }
  });

  it("200 texts at once to 20 threads: each stored once, each handed to its product once", async () => {
    const ours = ourNumber();
    expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(ours)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
    const contacts = Array.from({ length: 20 }, () => theirNumber());
    const folio = recordReplies("folio");
    try {
      const sids = await Promise.all(contacts.flatMap((theirs, t) => Array.from({ length: 10 }, (_, i) => rest.inboundSms({ from: theirs, to: ours, body: `thread ${t} text ${i}` }))));
      expect(new Set(sids).size).toBe(200);
      const webhooks = await rest.takeWebhooks();
      // Twilio retries some: 40 of them arrive twice, all at once.
      const all = [...webhooks, ...webhooks.slice(0, 40)];
      const statuses = await Promise.all(all.map((w) => (exports as unknown as { default: Fetcher }).default.fetch(w.url, { method: "POST", headers: w.headers, body: w.body }).then((r) => r.status)));
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
      expect(folio.replies).toHaveLength(200);
      expect(new Set(folio.replies.map((r) => r.message_id)).size).toBe(200);
      for (const [t, theirs] of contacts.entries()) {
        const inbound = (await thread(ours, theirs).history()).messages.filter((m) => m.direction === "in");
        expect(inbound.map((m) => m.body).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `thread ${t} text ${i}`).sort());
      }
    } finally {
      folio.unregister();
    }
  });
});

describe("the contact ledger", () => {
  it("STOP opts out with one confirmation, texts are then refused; START opts back in with one", async () => {
    const ours = ourNumber();
    expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(ours)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
    const theirs = theirNumber();
    const folio = recordReplies("folio");
    try {
      await rest.inboundSms({ from: theirs, to: ours, body: "Stop" });
      await rest.inboundSms({ from: theirs, to: ours, body: "STOP!" });
      await rest.deliverWebhooks();
      let sent = await until(creates, (c) => c.length >= 1, "the confirmation");
      await new Promise((r) => setTimeout(r, 1_300));
      sent = await creates();
      expect(sent.map((r) => r.form.get("Body"))).toEqual([expect.stringContaining("unsubscribed")]);
      expect(folio.replies).toEqual([]); // the ledger's keywords go to no product

      const refused = expectError(await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "Hi again" } }), 409, "contact_blocked");
      expect(refused.details).toHaveProperty("to");
      const queued = await text({ from: ours, to: theirs, body: "A product's text" });
      await deliverQueue([queued]);
      expect((await thread(ours, theirs).history()).messages.find((m) => m.message_id === queued.message_id)).toMatchObject({ status: "blocked", detail: expect.stringContaining("opted_out") });

      await rest.inboundSms({ from: theirs, to: ours, body: "start" });
      await rest.deliverWebhooks();
      await until(creates, (c) => c.length === 2, "the opt-in confirmation", 5_000);
      expect((await creates())[1]!.form.get("Body")).toContain("re-subscribed");
      expect((await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "Welcome back" } })).status).toBe(202);
      const contact = (await api("GET", `/api/contacts/${encodeURIComponent(theirs)}`)).json;
      expect(contact.events.map((e: { kind: string }) => e.kind)).toEqual(["opted_out", "opted_in"]);
      expect(contact.threads).toEqual([ours]);
    } finally {
      folio.unregister();
    }
  });

  it("YES from a number that never opted out is an answer for the product, not an opt-in", async () => {
    const ours = ourNumber();
    const theirs = theirNumber();
    const offers = recordReplies("dispatch-yes");
    try {
      await deliverQueue([await text({ from: ours, to: theirs, product: "dispatch-yes", cause: "offer:9", expect: { about: "offer:9", deadline_at: Date.now() + 60_000 } })]);
      await rest.inboundSms({ from: theirs, to: ours, body: "Yes." });
      await rest.deliverWebhooks();
      expect(offers.replies.map((r) => r.body)).toEqual(["Yes."]);
      expect(await creates()).toHaveLength(1); // no confirmation text
    } finally {
      offers.unregister();
    }
  });

  it("a number on the do-not-call list is refused texts, with the reason and actor recorded; taking it off allows them", async () => {
    const ours = ourNumber();
    expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(ours)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
    const theirs = theirNumber();
    const put = await api("PUT", `/api/contacts/${encodeURIComponent(theirs)}/dnd`, { json: { reason: "asked by phone not to be contacted" } });
    expect(put.status, put.text).toBe(200);
    expect(put.json.do_not_contact).toMatchObject({ reason: "asked by phone not to be contacted", actor: expect.stringMatching(/^key:/) });
    expect(expectError(await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "x" } }), 409, "contact_blocked").details.to).toContain("do_not_contact");
    expect((await ledgerStub(env).mayContact(theirs, "call", null)).ok).toBe(false);
    const listed = (await api("GET", "/api/contacts")).json.contacts as Array<{ phone: string }>;
    expect(listed.map((c) => c.phone)).toContain(theirs);
    expect((await api("DELETE", `/api/contacts/${encodeURIComponent(theirs)}/dnd`)).status).toBe(200);
    expect(expectError(await api("DELETE", `/api/contacts/${encodeURIComponent(theirs)}/dnd`), 404));
    expect((await api("POST", "/api/messages", { json: { to: theirs, from: ours, body: "x" } })).status).toBe(202);
    expect(expectError(await api("PUT", `/api/contacts/${encodeURIComponent(theirs)}/dnd`, { json: { reason: "" } }), 400).details).toHaveProperty("reason");
    expect(expectError(await api("PUT", "/api/contacts/4155550100/dnd", { json: { reason: "x" } }), 400).details).toHaveProperty("e164");
  });

  it("a CSV import puts every line on the list, or none when a line is bad", async () => {
    const [a, b] = [theirNumber(), theirNumber()];
    const bad = await api("POST", "/api/contacts/dnd/import", { body: `phone,reason\n${a},complaint\nnot-a-number,x\n`, headers: { "content-type": "text/csv" } });
    expect(expectError(bad, 400).details.rejected).toEqual([{ line: 3, errors: { phone: "not a phone number" } }]);
    expect((await ledgerStub(env).mayContact(a, "sms", null)).ok).toBe(true);
    const ok = await api("POST", "/api/contacts/dnd/import", { body: `phone,reason\n${a},complaint\n"${b}","legal hold, do not text"\n`, headers: { "content-type": "text/csv" } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json.imported).toBe(2);
    expect(await ledgerStub(env).mayContact(b, "sms", null)).toEqual({ ok: false, reason: "do_not_contact", detail: "legal hold, do not text" });
    expect(expectError(await api("POST", "/api/contacts/dnd/import", { body: "number,why\n", headers: { "content-type": "text/csv" } }), 400));
  });
});

describe("webhook signatures", () => {
  it("a forged or missing signature is a 403 and nothing is recorded", async () => {
    const ours = ourNumber();
    const theirs = theirNumber();
    const params = { MessageSid: `SM${"f".repeat(32)}`, From: theirs, To: ours, Body: "STOP" };
    expect((await twilioWebhook("/twilio/sms", params, { signature: "bm90IGEgc2lnbmF0dXJl" })).status).toBe(403);
    expect((await twilioWebhook("/twilio/sms", params, { signature: null })).status).toBe(403);
    expect((await twilioWebhook("/twilio/sms", params, { authToken: "another-token" })).status).toBe(403);
    expect((await twilioWebhook("/twilio/sms-status", { MessageSid: `SM${"f".repeat(32)}`, MessageStatus: "delivered", From: ours, To: theirs }, { signature: "x" })).status).toBe(403);
    expect((await ledgerStub(env).mayContact(theirs, "sms", null)).ok).toBe(true);
    expect((await thread(ours, theirs).history()).messages).toEqual([]);
    // Signed but malformed: a 400 naming the field.
    const r = await twilioWebhook("/twilio/sms", { ...params, From: "not-a-number" });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { details: { field: string } } }).error.details.field).toBe("From");
  });
});
