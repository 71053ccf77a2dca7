// How an email's folio is read for one record, layer by layer (docs/architecture.md, "Email", issue 11): the rules over
// every text source, then the hotel's layout hints, then, only when a reader (an LLM) is configured
// and the best reading is still incomplete, the LLM over that text, or over the PDF itself when the
// folio is a scan with no text. Every layer's result passes the same validation; which layer decided
// each field travels in the extraction's evidence, into the folio event.
import { extractFolio, type FolioExtraction, type FolioRecordRef } from "../../domain/folio";
import { applyFolioAnswer } from "../../domain/folio/fill";
import { applyLayoutHints, type LayoutHint } from "../../domain/folio/hints";
import { bestExtraction, type SourcedExtraction } from "../../domain/folio-outcome";
import type { FolioDocument, FolioReader } from "../../providers/openai/folio-reader";

export interface ScannedPdf {
  /** Where it is kept (its R2 key), as a SourcedExtraction names it. */
  source: string;
  filename: string;
  bytes: Uint8Array;
}

export interface LayeredReading {
  candidates: SourcedExtraction[];
  /** What the LLM layer did: not asked (no reader, or nothing left to read), answered, or failed. */
  llm: { asked: false } | { asked: true; model: string; source: string; taken: string[]; error?: string };
  /** The text the best reading came from, for learning the layout when it validated. */
  text: string | null;
}

/** Rules, then hints, for each text source. Pure. */
export function readByRules(sources: readonly { source: string; text: string }[], record: FolioRecordRef, hints: readonly LayoutHint[] | null | undefined): SourcedExtraction[] {
  return sources.map((s) => ({ source: s.source, extraction: applyLayoutHints(s.text, extractFolio(s.text, record), hints, record) }));
}

const EMPTY: FolioExtraction = {
  fields: { folio_number: null, guest_name: null, check_in: null, check_out: null, room_number: null, currency: null, charges: [], total_amount: null },
  issues: ["missing:folio_number", "missing:guest_name", "missing:check_in", "missing:check_out", "missing:total_amount"],
};

export async function readFolioLayers(input: {
  sources: readonly { source: string; text: string }[];
  scans: readonly ScannedPdf[];
  record: FolioRecordRef;
  hints: readonly LayoutHint[] | null | undefined;
  reader: FolioReader | null;
}): Promise<LayeredReading> {
  const candidates = readByRules(input.sources, input.record, input.hints);
  const best = bestExtraction(candidates);
  const textOf = (source: string) => input.sources.find((s) => s.source === source)?.text ?? null;
  if (best && best.extraction.issues.length === 0) return { candidates, llm: { asked: false }, text: textOf(best.source) };
  if (!input.reader) return { candidates, llm: { asked: false }, text: best ? textOf(best.source) : null };

  // The LLM reads the best text, or the first scan when no text held a folio.
  const scan = best ? null : input.scans[0];
  if (!best && !scan) return { candidates, llm: { asked: false }, text: null };
  const source = best ? best.source : scan!.source;
  const doc: FolioDocument = best ? { kind: "text", text: textOf(best.source)! } : { kind: "pdf", filename: scan!.filename, bytes: scan!.bytes };
  const base = best?.extraction ?? EMPTY;
  try {
    const answer = await input.reader.read(doc);
    const read = applyFolioAnswer(base, answer, input.record, `llm:${input.reader.model}`);
    const { taken, ...extraction } = read;
    const others = candidates.filter((c) => c.source !== source);
    return { candidates: [...others, { source, extraction }], llm: { asked: true, model: input.reader.model, source, taken }, text: best ? textOf(source) : null };
  } catch (err) {
    // The reader's errors name what went wrong with the call (timeout, refusal, bad JSON), never the folio.
    const error = (err instanceof Error ? err.message : String(err)).slice(0, 200);
    return { candidates, llm: { asked: true, model: input.reader.model, source, taken: [], error }, text: best ? textOf(source) : null };
  }
}
