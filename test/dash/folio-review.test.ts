// Operator review that teaches (issue 11). On two real folios of one hotel (THE MADISON Hamburg's
// scans, read at test time from ../shared/fixtures/folios): the first arrives and does not validate
// against its record (the traveller left before the booked check-out), an operator reads it beside the
// document in the dashboard, saves what it says and the record completes; the hotel
// learns where its folios print each field; the second folio of the same layout is then read by rules
// and hints, with no LLM although one is configured. The same on an invented layout the rules do not
// know at all (generated PDFs), where the hints must do the work.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import worker from "../../src/worker";
import { extractFolio } from "../../src/domain/folio";
import { BUNDLED_CMAPS } from "../../src/email/inbound/cmaps";
import { pdfText } from "../../src/email/inbound/pdf-text";
import { toMime } from "../../src/email/outbound/mime";
import { recordStub } from "../../src/objects/folio-record/client";
import { FakeOpenAI } from "../fakes/openai-fake";
import { call, eventually, keyFor } from "../helpers";
import { pdfFolio } from "../email/helpers";
import { ORIGIN, signedIn, visit } from "./helpers";

// Two scans of one layout. The first is left for review: its record holds the booked check-out (the
// 18th), the folio the day the guest really left (the 15th).
const FIRST = "madison-490057.pdf";
const SECOND = "madison-492602.pdf";
const HOTEL = { name: "THE MADISON Hamburg", phone: "+4940376660", email: "info@madisonhotel.de", timezone: "Europe/Berlin", country: "DE" };

function folioPdf(name: string): Uint8Array {
  const b64 = inject("folioFixtures")[name];
  if (b64 === undefined) throw new Error(`no folio fixture ${name} in ../shared/fixtures/folios`);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

async function newStay(check_in: string, check_out: string, confirmation: string, hotel: typeof HOTEL = HOTEL, guest = "Jens Walter") {
  const r = await call("POST", "/api/records", { json: { records: [{ guest_name: guest, confirmation_number: confirmation, check_in, check_out, hotel }] } });
  expect(r.status, r.text).toBe(201);
  await eventually(async () => ((await call("GET", `/api/hotels/${encodeURIComponent(hotel.phone)}`)).status === 200 ? true : undefined));
  return { id: r.json.records[0].id as string, replyTo: r.json.records[0].reply_to as string, record: { guest_name: guest, check_in, check_out } };
}

async function hotelSends(to: string, pdf: Uint8Array, vars: Record<string, string> = {}, from = "reservations@madisonhotel.de") {
  const raw = toMime({
    messageId: `<${crypto.randomUUID()}@madisonhotel.de>`,
    from,
    to,
    subject: "Ihre Rechnung",
    text: "Anbei Ihre Rechnung.",
    headers: {},
    attachments: [{ filename: "folio.pdf", mimeType: "application/pdf", content: pdf }],
  });
  const bytes = new TextEncoder().encode(raw);
  const message = {
    from,
    to,
    raw: new Blob([bytes]).stream(),
    rawSize: bytes.byteLength,
    headers: new Headers(),
    setReject: () => {},
    forward: async () => ({}) as never,
    reply: async () => ({}) as never,
  };
  await worker.email(message as unknown as ForwardableEmailMessage, { ...env, ...vars } as Env);
}

/** The review form as a browser posts it: the fields shown, with the operator's corrections. */
function reviewForm(csrf: string, folio: Record<string, any>, fix: Record<string, string>, acceptIssues = false): string {
  const form = new URLSearchParams([["_csrf", csrf]]);
  if (acceptIssues) form.append("accept_issues", "on");
  for (const k of ["folio_number", "guest_name", "check_in", "check_out", "room_number", "currency"]) form.append(k, fix[k] ?? folio[k] ?? "");
  form.append("total_amount", fix.total_amount ?? String(folio.total_amount ?? ""));
  for (const ch of [...(folio.charges ?? []), null, null]) {
    form.append("charge_date", ch?.date ?? "");
    form.append("charge_description", ch?.description ?? "");
    form.append("charge_amount", ch ? String(ch.amount) : "");
  }
  return form.toString();
}

const post = (body: string) => ({ body, headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN } });

const nights = (from: number, n: number, month: string) =>
  Array.from({ length: n }, (_, i) => ({ date: `2019-${month}-${String(from + i).padStart(2, "0")}`, description: "Übernachtung exklusive Frühstück", amount: 110 }));

describe("operator review that teaches", () => {
  it("a correction in the dashboard completes the record; the hotel's next folio is read by rules and hints, with no LLM", async ({ annotate }) => {
    // 1. The first folio does not validate, so the record waits for review.
    const first = await newStay("2019-02-10", "2019-02-18", "4KQ7Z2");
    await hotelSends(first.replyTo, folioPdf(FIRST));
    let state = (await recordStub(env, first.id).getState())!;
    expect(state.status).toBe("received");
    expect(state.folio_issues.length).toBeGreaterThan(0);

    // 2. The review page shows the document beside editable fields and the issues.
    const { b, csrf } = await signedIn(await keyFor("operator"));
    const page = await visit(b, "GET", `/dash/records/${first.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('data-testid="folio-review"');
    expect(page.text).toContain(`src="/dash/records/${first.id}/folio/document"`);
    expect(page.text).toContain('name="folio_number"');
    expect(page.text).toContain(state.folio_issues[0]!.split(":")[0]);
    const doc = await visit(b, "GET", `/dash/records/${first.id}/folio/document`);
    expect(doc.status).toBe(302);
    const link = new URL(doc.location!);
    expect(link.searchParams.get("inline")).toBe("1");
    const file = await call("GET", link.pathname + link.search, { key: null });
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toMatch(/^inline;/);

    // Viewers may look but not save; a post without the session's token is refused; bad input is a 4xx.
    const viewer = await signedIn(await keyFor("viewer"));
    expect((await visit(viewer.b, "GET", `/dash/records/${first.id}`)).text).not.toContain('data-testid="folio-review"');
    expect((await visit(viewer.b, "POST", `/dash/records/${first.id}/folio`, post(reviewForm(viewer.csrf, state.folio!, {})))).status).toBe(403);
    expect((await visit(b, "POST", `/dash/records/${first.id}/folio`, post(reviewForm("wrong", state.folio!, {})))).status).toBe(403);
    expect((await call("POST", `/api/records/${first.id}/folio`, { key: await keyFor("viewer"), json: { fields: { folio_number: "490057" } } })).status).toBe(403);
    expect((await call("POST", `/api/records/${first.id}/folio`, { json: { fields: { check_in: "10.02.19" } } })).status).toBe(400);
    expect((await call("POST", `/api/records/${first.id}/folio`, { json: { fields: {}, extra: 1 } })).status).toBe(400);
    const invalid = await call("POST", `/api/records/${first.id}/folio`, { json: { fields: { total_amount: 1 } } });
    expect(invalid.status).toBe(422);
    expect((await recordStub(env, first.id).getState())!.status).toBe("received");

    // 3. The operator reads the document, enters what it says and saves it although the stay still
    // differs from the booking (that is what happened).
    const truth = {
      folio_number: "490057",
      guest_name: "Jens Walter",
      check_in: "2019-02-10",
      check_out: "2019-02-15",
      room_number: "336",
      currency: "EUR",
      total_amount: 550,
      charges: nights(10, 5, "02"),
    };
    expect((await visit(b, "POST", `/dash/records/${first.id}/folio`, post(reviewForm(csrf, truth, {})))).status).toBe(303);
    expect((await recordStub(env, first.id).getState())!.status).toBe("received"); // not without accepting the issue
    const saved = await visit(b, "POST", `/dash/records/${first.id}/folio`, post(reviewForm(csrf, truth, {}, true)));
    expect(saved.status).toBe(303);
    expect(new URL(saved.location!, ORIGIN).searchParams.get("msg")).toMatch(/record completed/);
    state = (await recordStub(env, first.id).getState())!;
    expect(state.status).toBe("completed");
    expect(state.folio).toMatchObject({ ...truth, source: expect.stringMatching(/^attachments\//) });
    const corrected = (await recordStub(env, first.id).getEvents()).find((e) => e.event_type === "FolioCorrected")!;
    expect(corrected.data).toMatchObject({ after: { total_amount: 550, check_out: "2019-02-15" }, issues: [expect.stringMatching(/^dates_mismatch: check_out 2019-02-15/)] });
    expect(corrected.data.before).not.toBeNull();
    expect(corrected.data.actor).toMatch(/\S/);
    expect((await call("POST", `/api/records/${first.id}/folio`, { json: { fields: { folio_number: "1" } } })).status).toBe(409);

    // 4. The hotel now knows where its folios print the fields (labels, no values), and shows it.
    const hotel = (await call("GET", `/api/hotels/${encodeURIComponent(HOTEL.phone)}`)).json;
    expect(hotel.folio_hints).toEqual(
      expect.arrayContaining([
        { field: "folio_number", side: "before", label: "rechnungs nr" },
        { field: "guest_name", side: "before", label: "gastname" },
      ]),
    );
    expect(JSON.stringify(hotel.folio_hints)).not.toMatch(/walter|490057/i);
    const hotelPage = await visit(b, "GET", `/dash/hotels/${encodeURIComponent(HOTEL.phone)}`);
    expect(hotelPage.status).toBe(200);
    expect(hotelPage.text).toContain("“rechnungs nr”");

    // 5. The second folio of the same layout, with an LLM configured that must not be needed.
    const second = await newStay("2019-03-03", "2019-03-08", "7RW2M9");
    const text = await pdfText(folioPdf(SECOND), BUNDLED_CMAPS);
    const rulesAlone = extractFolio(text.kind === "text" ? text.text : "", second.record);
    if (rulesAlone.issues.length === 0) await annotate("the rules alone already read the second folio completely: the hints had nothing to add here (see the invented layout below)");
    const fake = await FakeOpenAI.create({ chat: { content: "{}" } });
    await hotelSends(second.replyTo, folioPdf(SECOND), { OPENAI_API_KEY: fake.apiKey });
    const after = (await recordStub(env, second.id).getState())!;
    expect(after.status).toBe("completed");
    expect(after.folio).toMatchObject({ folio_number: "492602", check_in: "2019-03-03", check_out: "2019-03-08", total_amount: 550 });
    const extracted = (await recordStub(env, second.id).getEvents()).find((e) => e.event_type === "FolioExtracted")!;
    expect(Object.values(extracted.data.layers ?? {}).every((l) => l === "rules" || l === "hints")).toBe(true);
    if (rulesAlone.issues.length) expect(Object.values(extracted.data.layers ?? {})).toContain("hints");
    expect(extracted.data.llm).toBeUndefined();
    expect(await fake.count("chat")).toBe(0);
    await fake.dispose();
  });

  it("on a layout the rules do not know, the correction's hints read the next folio completely", async () => {
    const hotel = { name: "Hotel Sonnenhof", phone: "+4989555010", email: "rezeption@sonnenhof.example", timezone: "Europe/Berlin", country: "DE" };
    const layout = (o: { id: string; from: string; to: string; nights: number }) => [
      "Hotel Sonnenhof",
      "Kassenbeleg",
      `Beleg-Kennung ${o.id}`,
      "Gast: Frau Ines Berger",
      `Beginn ${o.from}`,
      `Ende ${o.to}`,
      ...Array.from({ length: o.nights }, () => "Zimmer    95.00"),
      `Total    ${(o.nights * 95).toFixed(2)} EUR`,
    ];
    const first = await newStay("2026-02-03", "2026-02-05", "SH4471", hotel, "Ines Berger");
    await hotelSends(first.replyTo, await pdfFolio([layout({ id: "K-4471", from: "03.02.26", to: "05.02.26", nights: 2 })]), {}, "rezeption@sonnenhof.example");
    const state = (await recordStub(env, first.id).getState())!;
    expect(state.status).toBe("received");
    const { b, csrf } = await signedIn(await keyFor("operator"));
    const fix = { folio_number: "K-4471", guest_name: "Ines Berger", check_in: "2026-02-03", check_out: "2026-02-05", currency: "EUR", total_amount: "190" };
    expect((await visit(b, "POST", `/dash/records/${first.id}/folio`, post(reviewForm(csrf, state.folio!, fix)))).status).toBe(303);
    expect((await recordStub(env, first.id).getState())!.status).toBe("completed");

    const second = await newStay("2026-03-10", "2026-03-13", "SH5102", hotel, "Ines Berger");
    const pdf = await pdfFolio([layout({ id: "K-5102", from: "10.03.26", to: "13.03.26", nights: 3 })]);
    const text = await pdfText(pdf, BUNDLED_CMAPS);
    expect(extractFolio(text.kind === "text" ? text.text : "", second.record).issues.length).toBeGreaterThan(0); // the premise
    const fake = await FakeOpenAI.create({ chat: { content: "{}" } });
    await hotelSends(second.replyTo, pdf, { OPENAI_API_KEY: fake.apiKey }, "rezeption@sonnenhof.example");
    const after = (await recordStub(env, second.id).getState())!;
    expect(after.status).toBe("completed");
    expect(after.folio).toMatchObject({ folio_number: "K-5102", check_in: "2026-03-10", check_out: "2026-03-13", total_amount: 285 });
    const extracted = (await recordStub(env, second.id).getEvents()).find((e) => e.event_type === "FolioExtracted")!;
    expect(extracted.data.layers).toMatchObject({ folio_number: "hints" });
    expect(await fake.count("chat")).toBe(0);
    await fake.dispose();
  });
});
