// The LLM layer of folio extraction (docs/architecture.md, "Email": deterministic rules first, LLM structured output
// second) on Chat Completions: the folio's text, or for a scan with no text layer the PDF itself as a
// `file` content part (base64 data URL), answered with `response_format: json_schema, strict: true`.
//
// The answer is checked here only for shape (JSON, the schema); whether it is right is for the
// domain's validation (sums, stay, name), the same as for the rules. The record's guest and stay are
// deliberately not in the prompt: a model told what to find tends to find it, and validation against
// the record would then prove nothing.
import { folioAnswerSchema } from "../../domain/folio/fill";
import { ProviderError } from "../voice";
import { bytesToBase64 } from "./base64";
import { OpenAIHttp, type OpenAIClientOptions, type RequestOptions } from "./http";
import { strictJsonSchema } from "./json-schema";

export const FOLIO_READER_DEFAULT_MODEL = "gpt-4.1-mini";
/** Longest text sent; a folio is a page or two, the rest of a long mail is noise and cost. */
const MAX_TEXT_CHARS = 24_000;
/** OpenAI takes files up to 32 MB per request; a scanned folio is far smaller. */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;

export type FolioDocument = { kind: "text"; text: string } | { kind: "pdf"; filename: string; bytes: Uint8Array };

export interface FolioReader {
  /** Which model read it, for the event's evidence. */
  readonly model: string;
  /** The fields as the model reads them: shaped like folioAnswerSchema, not yet validated against the record. */
  read(doc: FolioDocument, options?: RequestOptions): Promise<unknown>;
}

const INSTRUCTIONS = [
  "You read hotel folios (the itemized bill of a stay) and answer with their fields, exactly as the document prints them.",
  "A field the document does not show is null; never guess or compute one the document does not print.",
  "Dates are YYYY-MM-DD; read numeric dates in the order the document uses (most European folios print day first).",
  "charges are the debit lines (room nights, taxes, food and drink, fees), with allowances and discounts as negative amounts.",
  "Payments (cards, cash, deposits, transfers) are not charges. total_amount is the total of the charges, not the balance due.",
].join(" ");

const fail = (kind: "protocol" | "invalid_output" | "refusal", message: string, cause?: unknown) =>
  new ProviderError("openai", "folio", kind, message, {}, cause === undefined ? undefined : { cause });

export class OpenAIFolioReader implements FolioReader {
  private readonly http: OpenAIHttp;
  readonly model: string;

  constructor(options: OpenAIClientOptions & { model?: string }) {
    this.http = new OpenAIHttp(options);
    this.model = options.model ?? FOLIO_READER_DEFAULT_MODEL;
  }

  async read(doc: FolioDocument, options: RequestOptions = {}): Promise<unknown> {
    if (doc.kind === "pdf" && doc.bytes.byteLength > MAX_PDF_BYTES) throw fail("invalid_output", `the PDF is larger than ${MAX_PDF_BYTES} bytes`);
    const content =
      doc.kind === "text"
        ? `The folio's text:\n\n${doc.text.slice(0, MAX_TEXT_CHARS)}`
        : [
            { type: "text", text: "The folio is the attached PDF (a scan)." },
            { type: "file", file: { filename: doc.filename, file_data: `data:application/pdf;base64,${bytesToBase64(doc.bytes)}` } },
          ];
    const body = {
      model: this.model,
      temperature: 0,
      messages: [
        { role: "system", content: INSTRUCTIONS },
        { role: "user", content },
      ],
      response_format: { type: "json_schema", json_schema: { name: "folio_fields", schema: strictJsonSchema(folioAnswerSchema), strict: true } },
    };
    const answer = (await this.http.json("folio", "/chat/completions", body, options)) as ChatCompletion;
    const choice = answer?.choices?.[0];
    if (!choice?.message) throw fail("protocol", "completion has no message");
    if (choice.message.refusal) throw fail("refusal", "the model refused to read the folio");
    if (choice.finish_reason === "length") throw fail("invalid_output", "structured output was cut off (finish_reason length)");
    if (typeof choice.message.content !== "string") throw fail("invalid_output", "structured output has no content");
    let json: unknown;
    try {
      json = JSON.parse(choice.message.content);
    } catch (cause) {
      throw fail("invalid_output", "structured output is not valid JSON", cause);
    }
    const parsed = folioAnswerSchema.safeParse(json);
    if (!parsed.success) throw fail("invalid_output", "structured output does not match the folio schema", parsed.error);
    return parsed.data;
  }
}

/** The folio reader when OPENAI_API_KEY is set (OPENAI_FOLIO_MODEL, else the default); null otherwise. */
export function folioReaderFromEnv(vars: Record<string, unknown>, options: Partial<OpenAIClientOptions> = {}): FolioReader | null {
  const str = (name: string) => (typeof vars[name] === "string" && (vars[name] as string).trim() !== "" ? (vars[name] as string).trim() : undefined);
  const apiKey = str("OPENAI_API_KEY");
  if (!apiKey) return null;
  return new OpenAIFolioReader({ timeoutMs: 30_000, ...options, apiKey, baseUrl: str("OPENAI_BASE_URL"), model: str("OPENAI_FOLIO_MODEL") });
}

interface ChatCompletion {
  choices?: Array<{ message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }>;
}
