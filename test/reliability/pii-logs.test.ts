// PII never appears in logs: records, CSV import, email out and in, triage and a real media call run
// with every console line captured at debug level; the guest names, confirmation numbers, email
// addresses and notes they used must appear in none of them.
import { env } from "cloudflare:workers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import worker from "../../src/worker";
import { recordRequest } from "../../src/domain/record-input";
import { toMime } from "../../src/email/outbound/mime";
import { createRecord, recordIdFor, recordStub } from "../../src/objects/folio-record/client";
import { synthesizeSpeech } from "../fakes/speech-synth";
import { callStub, installFakes, newCallId, untilCall } from "../call/helpers";
import { pdfFolio } from "../email/helpers";
import { api, eventually, jobDone } from "../helpers";
import { captureConsole, leaks, type Capture } from "./console-capture";

const PII = {
  guest: "Zebulon Quixwright",
  confirmation: "QZX9137PLK",
  hotelEmail: "reservations@quixotic-inn.example",
  folioEmail: "ap.quixwright@travelcorp.example",
  notes: "allergic to wombats",
  csvGuest: "Philippa Vantablack",
  csvConfirmation: "VNT55821Q",
  badGuest: "Octavia Brambleworth",
  stranger: "mystery.sender@unknown-place.example",
  strangerGuest: "Ignatius Thornbury",
  callGuest: "Marisol Featherstonehaugh",
  callConfirmation: "FTH20419X",
};

let capture: Capture;
const level = env.LOG_LEVEL;

beforeAll(() => {
  // The most talkative level: whatever any layer would log, this run logs.
  (env as { LOG_LEVEL: string }).LOG_LEVEL = "debug";
  capture = captureConsole();
});
afterAll(() => {
  capture.restore();
  (env as { LOG_LEVEL: string }).LOG_LEVEL = level;
});

async function deliver(from: string, to: string, raw: string) {
  const bytes = new TextEncoder().encode(raw);
  const message = { from, to, raw: new Blob([bytes]).stream(), rawSize: bytes.byteLength, headers: new Headers(), setReject: () => {} };
  await worker.email(message as unknown as ForwardableEmailMessage, env);
}

describe("PII never in logs", () => {
  it("records, import, email and a call log nothing personal", async () => {
    // Records: create, read, list, events, a refused one, cancel.
    const created = await api("POST", "/api/records", {
      json: {
        records: [
          {
            external_id: `pii-${crypto.randomUUID()}`,
            guest_name: PII.guest,
            confirmation_number: PII.confirmation,
            check_in: "2026-10-01",
            check_out: "2026-10-03",
            hotel: { name: "Quixotic Inn", phone: "+14155550161", email: PII.hotelEmail },
            folio_email: PII.folioEmail,
            notes: PII.notes,
          },
        ],
      },
    });
    expect(created.status, created.text).toBe(201);
    const { id, reply_to } = created.json.records[0];
    expect((await api("GET", `/api/records/${id}`)).text).toContain(PII.guest);
    expect((await api("GET", `/api/records/${id}/events`)).text).toContain(PII.confirmation);
    expect((await api("GET", "/api/records?limit=5")).status).toBe(200);
    const bad = await api("POST", "/api/records", { json: { records: [{ guest_name: PII.badGuest, confirmation_number: PII.confirmation, check_in: "2026-13-01" }] } });
    expect(bad.status).toBe(400);

    // CSV import with one good and one bad line.
    const csv = `guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone,hotel_email\n${PII.csvGuest},${PII.csvConfirmation},2026-10-01,2026-10-02,Quixotic Inn,+14155550161,${PII.hotelEmail}\n${PII.badGuest},${PII.csvConfirmation}B,2026-10-05,2026-10-01,Quixotic Inn,+14155550161,not-an-email\n`;
    const imported = await api("POST", "/api/records/import", { body: csv, headers: { "content-type": "text/csv" } });
    expect(imported.status, imported.text).toBe(202);
    await jobDone(imported.json.job_id);

    // Email out: a request through the email-out queue to the local outbox.
    const stub = recordStub(env, id);
    const s = await stub.getState();
    await stub.append([{ event_type: "EmailRequested", data: { to: PII.hotelEmail } }], s!.sequence, { actor: "test" });
    await eventually(async () => ((await stub.getEvents()).some((e) => e.event_type === "EmailSent") ? true : undefined));

    // Email in: the hotel's reply with a PDF folio, and mail nobody can place (triage).
    const folio = await pdfFolio([[`Guest Name: ${PII.guest}`, `Confirmation: ${PII.confirmation}`, "Arrival: 01/10/2026 Departure: 03/10/2026", "Total 100.00"]]);
    await deliver(
      PII.hotelEmail,
      reply_to,
      toMime({
        messageId: `<${crypto.randomUUID()}@quixotic-inn.example>`,
        from: PII.hotelEmail,
        to: reply_to,
        subject: `Folio for ${PII.guest}`,
        text: `Folio for ${PII.guest}, confirmation ${PII.confirmation}.`,
        headers: {},
        attachments: [{ filename: "folio.pdf", mimeType: "application/pdf", content: folio }],
      }),
    );
    await deliver(
      PII.stranger,
      "accounts@folio.test",
      toMime({
        messageId: `<${crypto.randomUUID()}@unknown-place.example>`,
        from: PII.stranger,
        to: "accounts@folio.test",
        subject: `About ${PII.strangerGuest}`,
        text: `Guest ${PII.strangerGuest} stayed with us.`,
        headers: {},
        attachments: [],
      }),
    );
    expect((await api("GET", "/api/inbox?status=unmatched")).text).toContain(PII.stranger);

    // A call through /twilio/media: the agent says the guest's name and number, the hotel repeats them.
    const fakes = await installFakes({ transcript: `Yes, ${PII.callGuest}, confirmation ${PII.callConfirmation}, we will email it.`, chat: { text: `Hello, calling about ${PII.callGuest}.` } });
    try {
      const callId = newCallId();
      const recordId = await recordIdFor();
      const input = recordRequest("US").parse({
        guest_name: PII.callGuest,
        confirmation_number: PII.callConfirmation,
        check_in: "2026-10-01",
        check_out: "2026-10-03",
        hotel: { name: "Quixotic Inn", phone: "+14155550161", email: PII.hotelEmail },
      });
      await createRecord(env, input, { recordId, actor: "test", inboundDomain: "folio.test" });
      const rs = await recordStub(env, recordId).getState();
      await recordStub(env, recordId).append([{ event_type: "CallInitiated", data: { call_id: callId, to: "+14155550161", attempt: 1 } }], rs!.sequence, { actor: "test" });
      await callStub(callId).prepare(callId, {
        record_ids: [recordId],
        params: { question: `Could you email the folio for ${PII.callGuest}, confirmation ${PII.callConfirmation}?`, email: PII.folioEmail },
      });
      const emu = await fakes.connect({ callId });
      await untilCall(callId, (x) => (x.transcript?.nodes ?? []).filter((n) => n.type === "system_utterance").length >= 2, 20_000, "the question");
      await emu.say(synthesizeSpeech("Yes we will email it"));
      const done = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 20_000, "the end of the call");
      expect(JSON.stringify(done.transcript)).toContain(PII.callGuest);
    } finally {
      await fakes.restore();
    }

    // The logs: plenty was logged (at debug, from routes, objects and queues), none of it personal.
    const lines = capture.lines;
    expect(lines.filter((l) => l.includes('"msg":"request"')).length).toBeGreaterThan(5);
    expect(lines.some((l) => /"service":"(folio-record|email-in|email-out|call-session)"/.test(l))).toBe(true);
    expect(leaks(lines, Object.values(PII))).toEqual([]);
  });

  it("the scan finds a leak when there is one", () => {
    const c = captureConsole();
    try {
      console.log(JSON.stringify({ msg: "oops", who: PII.guest.toUpperCase() }));
      console.warn("sent to", PII.folioEmail);
    } finally {
      c.restore();
    }
    expect(leaks(c.lines, Object.values(PII)).map((l) => l.needle)).toEqual([PII.guest, PII.folioEmail]);
  });
});
