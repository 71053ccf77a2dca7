// The LLM layer of folio extraction against the fake OpenAI server (a real local HTTP server speaking
// Chat Completions with structured output and file input): the reader itself, then the email
// pipeline with it (rules → hints → LLM → validation), each test with its own API key and scenario.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../../src/worker";
import { toMime } from "../../src/email/outbound/mime";
import { readFolioLayers } from "../../src/email/inbound/folio-layers";
import { recordStub } from "../../src/objects/folio-record/client";
import { folioReaderFromEnv, OpenAIFolioReader } from "../../src/providers/openai/folio-reader";
import { ProviderError } from "../../src/providers/voice";
import { FakeOpenAI } from "../fakes/openai-fake";
import { call, eventually } from "../helpers";
import { imageOnlyPdf, pdfFolio } from "./helpers";

const answer = {
  folio_number: "K-5102",
  guest_name: "Ines Berger",
  check_in: "2026-10-01",
  check_out: "2026-10-03",
  room_number: "12",
  currency: "EUR",
  charges: [
    { date: "2026-10-01", description: "Zimmer", amount: 95 },
    { date: null, description: "Zimmer", amount: 95 },
  ],
  total_amount: 190,
};

// A layout the rules do not fully read: the folio number sits at a label they do not know.
const folioText = [
  "Hotel Sonnenhof",
  "Beleg-Kennung K-5102",
  "Guest Name: Ines Berger",
  "Room: 12",
  "Arrival: 01.10.2026    Departure: 03.10.2026",
  "01.10.2026    Zimmer    95.00",
  "02.10.2026    Zimmer    95.00",
  "Total    190.00 EUR",
];

const reader = (fake: FakeOpenAI, extra: Record<string, unknown> = {}) => new OpenAIFolioReader({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, retries: 0, ...extra });
const record = { guest_name: "Ines Berger", check_in: "2026-10-01", check_out: "2026-10-03" };

async function providerError(p: Promise<unknown>): Promise<ProviderError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ProviderError);
  return err as ProviderError;
}

describe("OpenAIFolioReader", () => {
  it("asks for strict structured output over the text and answers the schema's fields", async () => {
    const fake = await FakeOpenAI.create({ chat: { content: JSON.stringify(answer) } });
    const got = await reader(fake).read({ kind: "text", text: folioText.join("\n") });
    expect(got).toEqual(answer);
    const [body] = (await fake.log()).chatBodies;
    expect(body!.response_format).toMatchObject({ type: "json_schema", json_schema: { name: "folio_fields", strict: true } });
    expect(body!.response_format.json_schema.schema.required).toEqual(expect.arrayContaining(["folio_number", "charges", "total_amount"]));
    expect(body!.messages.at(-1)!.content).toContain("Beleg-Kennung K-5102");
    // The record's guest and stay are not given away: validation against them must mean something.
    expect(JSON.stringify(body!.messages[0])).not.toContain("Ines");
    await fake.dispose();
  });

  it("sends a scan as a file content part: a base64 PDF data URL with its file name", async () => {
    const fake = await FakeOpenAI.create({ chat: { content: JSON.stringify(answer) } });
    const pdf = await imageOnlyPdf(1);
    await reader(fake).read({ kind: "pdf", filename: "scan.pdf", bytes: pdf });
    const [body] = (await fake.log()).chatBodies;
    const parts = body!.messages.at(-1)!.content as Array<Record<string, any>>;
    const file = parts.find((p) => p.type === "file")!.file;
    expect(file.filename).toBe("scan.pdf");
    expect(file.file_data.startsWith("data:application/pdf;base64,")).toBe(true);
    expect(atob(file.file_data.slice("data:application/pdf;base64,".length)).startsWith("%PDF-")).toBe(true);
    await fake.dispose();
  });

  it("a malformed answer (not JSON, or not the schema) is invalid_output", async () => {
    const fake = await FakeOpenAI.create({
      chat: [{ content: '{"folio_number": "K-1", ' }, { content: JSON.stringify({ ...answer, charges: "none" }) }, { content: JSON.stringify(answer), finishReason: "length" }],
    });
    for (let i = 0; i < 3; i++) expect((await providerError(reader(fake).read({ kind: "text", text: "x" }))).kind).toBe("invalid_output");
    await fake.dispose();
  });

  it("a refusal is a refusal, without the model's words", async () => {
    const fake = await FakeOpenAI.create({ chat: { refusal: "I cannot read documents about Ines Berger." } });
    const err = await providerError(reader(fake).read({ kind: "text", text: "x" }));
    expect(err.kind).toBe("refusal");
    expect(err.message).not.toContain("Ines");
    await fake.dispose();
  });

  it("gives up at its deadline when the server never answers", async () => {
    const fake = await FakeOpenAI.create({});
    await fake.fail("chat", { kind: "timeout" });
    const started = Date.now();
    const err = await providerError(reader(fake, { timeoutMs: 300 }).read({ kind: "text", text: "x" }));
    expect(err.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
    await eventually(async () => ((await fake.log()).aborted.includes("chat") ? true : undefined));
    await fake.dispose();
  });

  it("exists only when OPENAI_API_KEY is set", () => {
    expect(folioReaderFromEnv({ OPENAI_BASE_URL: "http://x/v1" })).toBeNull();
    expect(folioReaderFromEnv({ OPENAI_API_KEY: " " })).toBeNull();
    expect(folioReaderFromEnv({ OPENAI_API_KEY: "sk-1", OPENAI_FOLIO_MODEL: "gpt-4.1" })!.model).toBe("gpt-4.1");
  });
});

describe("readFolioLayers", () => {
  const sources = [{ source: "attachments/x/0-folio.pdf", text: folioText.join("\n") }];

  it("fills what the rules missed with the LLM's answer, validated, and names the layer of each field", async () => {
    const fake = await FakeOpenAI.create({ chat: { content: JSON.stringify(answer) } });
    const r = await readFolioLayers({ sources, scans: [], record, hints: [], reader: reader(fake) });
    const read = r.candidates[0]!.extraction;
    expect(read.issues).toEqual([]);
    expect(read.fields.folio_number).toBe("K-5102");
    expect(read.evidence?.folio_number).toMatchObject({ layer: "llm", source: "llm:gpt-4.1-mini" });
    expect(r.llm).toMatchObject({ asked: true, taken: expect.arrayContaining(["folio_number"]) });
    await fake.dispose();
  });

  it("an answer that fails validation is not trusted: the issues stay", async () => {
    const fake = await FakeOpenAI.create({ chat: { content: JSON.stringify({ ...answer, folio_number: "K-5102", check_in: "2026-11-20", check_out: "2026-11-22" }) } });
    // No stay dates printed: the rules leave them empty, the model makes some up.
    const text = folioText.filter((l) => !l.startsWith("Arrival")).join("\n");
    const r = await readFolioLayers({ sources: [{ source: "body", text }], scans: [], record, hints: [], reader: reader(fake) });
    const read = r.candidates[0]!.extraction;
    expect(read.fields.check_in).toBe("2026-11-20");
    expect(read.issues).toEqual(expect.arrayContaining([expect.stringMatching(/^dates_mismatch: check_in/)]));
    await fake.dispose();
  });

  it("a refusal or a timeout leaves the rules' reading standing, with the error noted", async () => {
    const fake = await FakeOpenAI.create({ chat: { refusal: "no" } });
    const rules = await readFolioLayers({ sources, scans: [], record, hints: [], reader: null });
    const refused = await readFolioLayers({ sources, scans: [], record, hints: [], reader: reader(fake) });
    expect(refused.candidates).toEqual(rules.candidates);
    expect(refused.llm).toMatchObject({ asked: true, taken: [], error: expect.stringMatching(/refused/) });
    await fake.fail("chat", { kind: "timeout" });
    const late = await readFolioLayers({ sources, scans: [], record, hints: [], reader: reader(fake, { timeoutMs: 300 }) });
    expect(late.candidates).toEqual(rules.candidates);
    expect(late.llm).toMatchObject({ asked: true, error: expect.stringMatching(/did not answer/) });
    await fake.dispose();
  });
});

describe("the email pipeline with the LLM layer", () => {
  let n = 0;
  async function newRecord() {
    n++;
    const phone = `+1415555${String(700 + n).padStart(4, "0")}`;
    const domain = `llm${n}-${crypto.randomUUID().slice(0, 6)}.example`;
    const r = await call("POST", "/api/records", {
      json: {
        records: [
          { guest_name: "Ines Berger", confirmation_number: `LL${5000 + n}Q`, check_in: "2026-10-01", check_out: "2026-10-03", hotel: { name: `Hotel LLM ${n}`, phone, email: `desk@${domain}` } },
        ],
      },
    });
    expect(r.status, r.text).toBe(201);
    await eventually(async () => ((await call("GET", `/api/hotels/${encodeURIComponent(phone)}`)).status === 200 ? true : undefined));
    return { id: r.json.records[0].id as string, replyTo: r.json.records[0].reply_to as string, domain, phone };
  }

  async function deliver(to: string, from: string, pdf: Uint8Array, vars: Record<string, string>) {
    const raw = toMime({
      messageId: `<${crypto.randomUUID()}@mail.example>`,
      from,
      to,
      subject: "Folio",
      text: "Attached.",
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

  it("an image-only PDF is read by the model from the file; its validated answer completes the record", async () => {
    const fake = await FakeOpenAI.create({ chat: { content: JSON.stringify(answer) } });
    const r = await newRecord();
    await deliver(r.replyTo, `desk@${r.domain}`, await imageOnlyPdf(1), { OPENAI_API_KEY: fake.apiKey });
    const state = await recordStub(env, r.id).getState();
    expect(state!.status).toBe("completed");
    expect(state!.folio).toMatchObject({ folio_number: "K-5102", total_amount: 190 });
    const extracted = (await recordStub(env, r.id).getEvents()).find((e) => e.event_type === "FolioExtracted")!;
    expect(extracted.data).toMatchObject({ layers: { folio_number: "llm", guest_name: "llm", total_amount: "llm" }, llm: { model: "gpt-4.1-mini" } });
    expect((await fake.log()).chatBodies[0]!.messages.at(-1)!.content.some((p: { type: string }) => p.type === "file")).toBe(true);
    await fake.dispose();
  });

  it("a text folio the rules leave incomplete is finished by the model, and the hotel learns its layout", async () => {
    const fake = await FakeOpenAI.create({ chat: { content: JSON.stringify(answer) } });
    const r = await newRecord();
    await deliver(r.replyTo, `desk@${r.domain}`, await pdfFolio([folioText]), { OPENAI_API_KEY: fake.apiKey });
    const extracted = (await recordStub(env, r.id).getEvents()).find((e) => e.event_type === "FolioExtracted")!;
    expect(extracted.data).toMatchObject({ layers: { folio_number: "llm", total_amount: "rules" } });
    const hotel = await call("GET", `/api/hotels/${encodeURIComponent(r.phone)}`);
    expect(hotel.json.folio_hints).toEqual(expect.arrayContaining([{ field: "folio_number", side: "before", label: "beleg kennung" }]));
    await fake.dispose();
  });

  it("a model that times out or refuses leaves the record for review, never completed on its word", async () => {
    const fake = await FakeOpenAI.create({ chat: { refusal: "no" } });
    const r = await newRecord();
    await deliver(r.replyTo, `desk@${r.domain}`, await imageOnlyPdf(1), { OPENAI_API_KEY: fake.apiKey });
    const failed = (await recordStub(env, r.id).getEvents()).find((e) => e.event_type === "ExtractionFailed")!;
    expect(failed.data).toMatchObject({ image_only: true, llm: { error: expect.stringMatching(/refused/) } });
    expect((await recordStub(env, r.id).getState())!.status).toBe("received");
    await fake.dispose();
  });
});
