// The email channel end to end in workerd: records ask for folios by email (email-out queue, local
// outbox), hotels' replies arrive through the Email Worker handler, are correlated by each route,
// extracted and validated, and reach the record's log; triage, bounces and duplicates.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker";
import { deliverEmail } from "../../src/email/outbound/deliver";
import { toMime } from "../../src/email/outbound/mime";
import { recordStub } from "../../src/objects/folio-record/client";
import { call, eventually } from "../helpers";
import { fixtureBytes, fixtureNames, imageOnlyPdf, pdfFolio } from "./helpers";

let n = 0;
async function newRecord(guest: string) {
  n++;
  const domain = `hotel${n}-${crypto.randomUUID().slice(0, 6)}.example`;
  const r = await call("POST", "/api/records", {
    json: {
      records: [
        {
          guest_name: guest,
          confirmation_number: `GH${4000 + n}X`,
          check_in: "2026-10-01",
          check_out: "2026-10-03",
          hotel: { name: `Hotel ${n}`, phone: `+1415555${String(200 + n).padStart(4, "0")}`, email: `frontdesk@${domain}` },
        },
      ],
    },
  });
  expect(r.status, r.text).toBe(201);
  const { id, reply_to } = r.json.records[0];
  // The hotel becomes known (scheduling queue → HotelLine → D1): route 4 needs its email domain.
  await eventually(async () => ((await call("GET", `/api/hotels/+1415555${String(200 + n).padStart(4, "0")}`)).status === 200 ? true : undefined));
  return { id, replyTo: reply_to as string, domain, confirmation: `GH${4000 + n}X`, guest };
}

function folioLines(guest: string, total = "425.50") {
  return [
    "Grand Hotel - Guest Folio",
    "Folio No: F-20931",
    `Guest Name: ${guest}`,
    "Room: 412",
    "Arrival: 01/10/2026    Departure: 03/10/2026",
    "Date    Description    Amount (USD)",
    "01/10/2026    Room Charge    200.00",
    "02/10/2026    Room Charge    200.00",
    "02/10/2026    Breakfast    25.50",
    `Total    ${total}`,
  ];
}

async function deliver(raw: string | Uint8Array, to: string, from = "frontdesk@hotel.example") {
  const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
  let rejected: string | null = null;
  const message = {
    from,
    to,
    raw: new Blob([bytes]).stream(),
    rawSize: bytes.byteLength,
    headers: new Headers(),
    setReject: (reason: string) => void (rejected = reason),
    forward: async () => ({}) as never,
    reply: async () => ({}) as never,
  };
  await worker.email(message as unknown as ForwardableEmailMessage, env);
  return { rejected };
}

async function reply(opts: { to: string; from: string; subject: string; text: string; pdf?: Uint8Array; headers?: Record<string, string> }) {
  return toMime({
    messageId: `<${crypto.randomUUID()}@mail.hotel.example>`,
    from: opts.from,
    to: opts.to,
    subject: opts.subject,
    text: opts.text,
    headers: opts.headers ?? {},
    attachments: opts.pdf ? [{ filename: "folio.pdf", mimeType: "application/pdf", content: opts.pdf }] : [],
  });
}

const events = async (id: string) => (await recordStub(env, id).getEvents()).map((e) => e.event_type);

describe("email channel", () => {
  it("a token reply with a valid PDF folio completes the record, and the attachment is served", async () => {
    const r = await newRecord("Grace Hopper");
    const raw = await reply({ to: r.replyTo, from: `frontdesk@${r.domain}`, subject: "Your folio", text: "Please find the folio attached.", pdf: await pdfFolio([folioLines("Grace Hopper")]) });
    await deliver(raw, r.replyTo, `frontdesk@${r.domain}`);
    const state = await recordStub(env, r.id).getState();
    expect(state!.status).toBe("completed");
    expect(state!.folio).toMatchObject({ folio_number: "F-20931", total_amount: 425.5, currency: "USD", check_in: "2026-10-01" });
    const received = (await recordStub(env, r.id).getEvents()).find((e) => e.event_type === "EmailResponseReceived");
    expect(received!.data).toMatchObject({ matched_by: "token" });
    const api = await call("GET", `/api/records/${r.id}`);
    expect(api.json.folio.total_amount).toBe(425.5);
    const file = await call("GET", `/api/records/${r.id}/folio/attachment`);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.text.startsWith("%PDF-")).toBe(true);
  });

  it("an invalid folio (items do not sum) is partial: received, with the issue listed", async () => {
    const r = await newRecord("Alan Turing");
    const raw = await reply({ to: r.replyTo, from: `billing@${r.domain}`, subject: "Folio", text: "Attached.", pdf: await pdfFolio([folioLines("Alan Turing", "999.00")]) });
    await deliver(raw, r.replyTo);
    const state = await recordStub(env, r.id).getState();
    expect(state!.status).toBe("received");
    expect(state!.folio_issues.some((i) => i.startsWith("total_mismatch"))).toBe(true);
    expect(await events(r.id)).toContain("PartialExtractionComplete");
  });

  it("an image-only PDF fails extraction and says so", async () => {
    const r = await newRecord("Katherine Johnson");
    await deliver(await reply({ to: r.replyTo, from: `x@${r.domain}`, subject: "Folio", text: "Scan attached.", pdf: await imageOnlyPdf(2) }), r.replyTo);
    const failed = (await recordStub(env, r.id).getEvents()).find((e) => e.event_type === "ExtractionFailed");
    expect(failed!.data).toMatchObject({ image_only: true });
    expect((await recordStub(env, r.id).getState())!.status).toBe("received");
  });

  it("delivering the same Message-ID twice is idempotent", async () => {
    const r = await newRecord("Mary Jackson");
    const raw = await reply({ to: r.replyTo, from: `x@${r.domain}`, subject: "Folio", text: "Attached.", pdf: await pdfFolio([folioLines("Mary Jackson")]) });
    await deliver(raw, r.replyTo);
    const first = await events(r.id);
    const second = await deliver(raw, r.replyTo);
    expect(second.rejected).toBeNull();
    expect(await events(r.id)).toEqual(first);
    const rows = await env.DB.prepare("SELECT COUNT(*) AS c FROM inbox WHERE message_id = (SELECT message_id FROM inbox ORDER BY received_at DESC LIMIT 1)").first<{ c: number }>();
    expect(rows!.c).toBe(1);
  });

  it("correlates by subject reference, by thread, and by confirmation number among the sender's domain", async () => {
    // The request goes out first: email-out queue → local outbox, with its Message-ID stored.
    const r = await newRecord("Dorothy Vaughan");
    const stub = recordStub(env, r.id);
    const state = await stub.getState();
    await stub.append([{ event_type: "EmailRequested", data: { to: `frontdesk@${r.domain}` } }], state!.sequence, { actor: "test" });
    const sent = await eventually(async () => (await stub.getEvents()).find((e) => e.event_type === "EmailSent"));
    const messageId = (sent.data as { message_id: string }).message_id;
    const outbox = await call("GET", "/api/outbox");
    const mail = outbox.json.messages.find((m: { message_id: string }) => m.message_id === messageId);
    expect(mail).toMatchObject({ to_address: `frontdesk@${r.domain}`, reply_to: r.replyTo });

    // Thread: a reply to our Message-ID, sent to a plain address (no token).
    await deliver(
      await reply({ to: "accounts@folio.test", from: `y@${r.domain}`, subject: "Re: request", text: "Here you go (no attachment yet).", headers: { "In-Reply-To": messageId } }),
      "accounts@folio.test",
    );
    expect((await stub.getEvents()).find((e) => e.event_type === "EmailResponseReceived")!.data).toMatchObject({ matched_by: "thread" });

    // Subject: the reference in the subject, nothing else.
    const s = await newRecord("Ada Byron");
    const token = s.replyTo.slice("folios+".length, s.replyTo.indexOf("@"));
    await deliver(await reply({ to: "accounts@folio.test", from: "someone@elsewhere.example", subject: `Folio [REF-${token.toUpperCase()}]`, text: "See subject." }), "accounts@folio.test");
    expect((await recordStub(env, s.id).getEvents()).find((e) => e.event_type === "EmailResponseReceived")!.data).toMatchObject({ matched_by: "subject" });

    // Confirmation number, from the hotel's own domain.
    const c = await newRecord("Edith Clarke");
    await deliver(await reply({ to: "accounts@folio.test", from: `night@${c.domain}`, subject: "folio", text: `Folio for confirmation ${c.confirmation} attached.` }), "accounts@folio.test");
    expect((await recordStub(env, c.id).getEvents()).find((e) => e.event_type === "EmailResponseReceived")!.data).toMatchObject({ matched_by: "confirmation_number" });
  });

  it("a folio wait that runs out sends a reminder threaded under the request", async () => {
    const r = await newRecord("Margaret Hamilton");
    const stub = recordStub(env, r.id);
    await stub.append([{ event_type: "EmailRequested", data: { to: `frontdesk@${r.domain}` } }], (await stub.getState())!.sequence, { actor: "test" });
    const sent = await eventually(async () => (await stub.getEvents()).find((e) => e.event_type === "EmailSent"));
    // The hotel also agreed on the phone, a day ago: the folio wait runs from then and has run out.
    const longAgo = new Date(Date.now() - 25 * 3600_000).toISOString();
    await stub.append([{ event_type: "FolioAgreed", data: { call_id: "CA-earlier" }, timestamp: longAgo }], (await stub.getState())!.sequence, { actor: "test" });
    await runDurableObjectAlarm(env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(r.id)));
    const reminder = await eventually(async () => (await stub.getEvents()).find((e) => e.event_type === "ReminderSent"));
    expect(reminder.data).toMatchObject({ reminder: 1 });
    const outbox = (await call("GET", "/api/outbox")).json.messages.filter((m: { record_ids: string[] }) => m.record_ids.includes(r.id));
    expect(outbox.map((m: { reminder: number }) => m.reminder).sort()).toEqual([0, 1]);
    const raw = await env.BLOBS.get(outbox.find((m: { reminder: number }) => m.reminder === 1).r2_key);
    expect(await raw!.text()).toContain(`In-Reply-To: ${(sent.data as { message_id: string }).message_id}`);
  });

  it("in simulation a simulated hotel answers the request with a PDF folio, and the record completes", async () => {
    const r = await newRecord("Barbara Liskov");
    const stub = recordStub(env, r.id);
    await stub.append([{ event_type: "EmailRequested", data: { to: `frontdesk@${r.domain}` } }], (await stub.getState())!.sequence, { actor: "test" });
    // The queue's own delivery runs with simulation off (test settings); this one runs with it on.
    await deliverEmail({ ...env, SIMULATION: "on" } as Env, { type: "email_request", record_id: r.id });
    const state = await eventually(async () => {
      const s = await stub.getState();
      return s!.status === "completed" ? s : undefined;
    });
    expect(state!.folio).toMatchObject({ guest_name: "Barbara Liskov", check_in: "2026-10-01", check_out: "2026-10-03", total_amount: 423.36 });
    expect(state!.folio!.source).toMatch(/^attachments\//);
  });

  it("unmatched mail goes to triage, and an operator can assign it", async () => {
    const r = await newRecord("Hedy Lamarr");
    await deliver(
      await reply({ to: "accounts@folio.test", from: "stranger@nowhere.example", subject: "hello", text: "A folio for someone.", pdf: await pdfFolio([folioLines("Hedy Lamarr")]) }),
      "accounts@folio.test",
      "stranger@nowhere.example",
    );
    const triage = await call("GET", "/api/inbox?status=unmatched");
    const msg = triage.json.messages.find((m: { subject: string; from: string }) => m.from === "stranger@nowhere.example");
    expect(msg).toBeDefined();
    const assigned = await call("POST", `/api/inbox/${msg.id}/assign`, { json: { record_id: r.id } });
    expect(assigned.status, assigned.text).toBe(200);
    expect((await recordStub(env, r.id).getState())!.status).toBe("completed");
    expect((await call("POST", `/api/inbox/${msg.id}/assign`, { json: { record_id: r.id } })).status).toBe(409);
  });

  it("auto-replies are not folios; bounces fail the send and escalate", async () => {
    const r = await newRecord("Radia Perlman");
    await deliver(await reply({ to: r.replyTo, from: `x@${r.domain}`, subject: "Automatic reply: out of office", text: "I am away.", headers: { "Auto-Submitted": "auto-replied" } }), r.replyTo);
    expect(await events(r.id)).not.toContain("EmailResponseReceived");

    const stub = recordStub(env, r.id);
    await stub.append([{ event_type: "EmailRequested", data: { to: `frontdesk@${r.domain}` } }], (await stub.getState())!.sequence, { actor: "test" });
    const sent = await eventually(async () => (await stub.getEvents()).find((e) => e.event_type === "EmailSent"));
    const original = (sent.data as { message_id: string }).message_id;
    const dsn = [
      "From: MAILER-DAEMON@mx.example",
      "To: folios@folio.test",
      "Subject: Undelivered Mail Returned to Sender",
      `Message-ID: <${crypto.randomUUID()}@mx.example>`,
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
      "",
      "--b1",
      "Content-Type: text/plain",
      "",
      "The mail could not be delivered.",
      "--b1",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.example",
      "",
      `Final-Recipient: rfc822; frontdesk@${r.domain}`,
      "Action: failed",
      "Status: 5.1.1",
      "--b1",
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: ${original}`,
      `To: frontdesk@${r.domain}`,
      "--b1--",
      "",
    ].join("\r\n");
    await deliver(dsn, "folios@folio.test", "MAILER-DAEMON@mx.example");
    const state = await stub.getState();
    expect(state!.status).toBe("escalated");
    expect(state!.escalation!.reason).toBe("email_bounced");
    expect(await events(r.id)).toContain("EmailSendFailed");
  });

  it("takes every shared real message, the hostile one included, without a crash; oversize mail is refused", async () => {
    for (const name of fixtureNames()) {
      const result = await deliver(fixtureBytes(name), "accounts@folio.test");
      expect(result.rejected, name).toBeNull();
    }
    const statuses = (await env.DB.prepare("SELECT status FROM inbox").all<{ status: string }>()).results.map((r) => r.status);
    expect(statuses).not.toContain("received"); // every message reached a final status
    const huge = {
      from: "a@b.example",
      to: "x@folio.test",
      raw: new Blob([]).stream(),
      rawSize: 26 * 1024 * 1024,
      headers: new Headers(),
      forward: async () => ({}),
      reply: async () => ({}),
    } as Record<string, unknown>;
    let reason = "";
    huge.setReject = (r: string) => void (reason = r);
    await worker.email(huge as unknown as ForwardableEmailMessage, env);
    expect(reason).toMatch(/too large/);
  });
});
