// One reply for several records: a hotel answers a batch request with one PDF that holds a folio per
// guest. Each record must get its own folio (its number, its total), not a reading of the whole file.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { applyToRecords } from "../../src/email/inbound/apply";
import { parseEmail } from "../../src/email/inbound/parse";
import { textSources } from "../../src/email/inbound/text";
import { toMime } from "../../src/email/outbound/mime";
import { recordStub } from "../../src/objects/folio-record/client";
import { call } from "../helpers";
import { pdfFolio } from "./helpers";

const HOTEL = { name: "Harbor Suites", phone: "+14155550777", email: "desk@harbor-suites.example" };

async function record(guest: string, check_in: string, check_out: string) {
  const r = await call("POST", "/api/records", { json: { records: [{ guest_name: guest, confirmation_number: `HS${Math.floor(Math.random() * 1e6)}`, check_in, check_out, hotel: HOTEL }] } });
  expect(r.status, r.text).toBe(201);
  return r.json.records[0].id as string;
}

const folio = (no: string, guest: string, arrival: string, departure: string, nights: string[], total: string) => [
  "Harbor Suites - Guest Folio",
  `Folio No: ${no}`,
  `Guest Name: ${guest}`,
  "Room: 508",
  `Arrival: ${arrival}    Departure: ${departure}`,
  "Date    Description    Amount (USD)",
  ...nights.map((d) => `${d}    Room Charge    180.00`),
  `Total    ${total}`,
];

describe("several folios in one document", () => {
  it("gives each record of the email the folio that is its own", async () => {
    const grace = await record("Grace Hopper", "2026-10-05", "2026-10-07");
    const alan = await record("Alan Turing", "2026-10-06", "2026-10-09");
    const pdf = await pdfFolio([
      folio("HS-7001", "Grace Hopper", "10/05/2026", "10/07/2026", ["10/05/2026", "10/06/2026"], "360.00"),
      folio("HS-7002", "Alan Turing", "10/06/2026", "10/09/2026", ["10/06/2026", "10/07/2026", "10/08/2026"], "540.00"),
    ]);
    const raw = toMime({
      messageId: `<${crypto.randomUUID()}@harbor-suites.example>`,
      from: HOTEL.email,
      to: "folios@folio.test",
      subject: "Folios",
      text: "Both folios attached.",
      headers: {},
      attachments: [{ filename: "folios.pdf", mimeType: "application/pdf", content: pdf }],
    });
    const parsed = await parseEmail(new TextEncoder().encode(raw));
    if (!parsed.ok) throw new Error("the test mail does not parse");
    const sources = await textSources(parsed.email);
    await applyToRecords(env, { inboxId: `in_test_${crypto.randomUUID().slice(0, 8)}`, rawKey: "inbox/test", email: parsed.email, sources, recordIds: [grace, alan], matchedBy: "operator" });
    const [g, a] = await Promise.all([recordStub(env, grace).getState(), recordStub(env, alan).getState()]);
    expect(g).toMatchObject({ status: "completed", folio: { folio_number: "HS-7001", guest_name: "Grace Hopper", total_amount: 360, check_out: "2026-10-07" } });
    expect(a).toMatchObject({ status: "completed", folio: { folio_number: "HS-7002", guest_name: "Alan Turing", total_amount: 540, check_out: "2026-10-09" } });
  });
});
