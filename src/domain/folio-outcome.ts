// What an email's folio texts mean for one record: the best extraction among its sources, and the
// event that says how it went (docs/architecture.md, "Email"): complete and valid, partial (operator review), or none.
import type { FolioLayerNote, NewEvent } from "./events";
import type { FolioExtraction } from "./folio";
import type { FolioLayer } from "./folio/types";

export interface SourcedExtraction {
  /** Where the text came from: an R2 attachment key, or "body". */
  source: string;
  extraction: FolioExtraction;
}

function found(e: FolioExtraction): number {
  const f = e.fields;
  return [f.folio_number, f.guest_name, f.check_in, f.check_out, f.room_number, f.currency, f.total_amount].filter((v) => v !== null).length + Math.min(f.charges.length, 5);
}

/** The source that reads most like this record's folio: fewest issues, then most fields. */
export function bestExtraction(candidates: readonly SourcedExtraction[]): SourcedExtraction | null {
  let best: SourcedExtraction | null = null;
  for (const c of candidates) {
    if (found(c.extraction) === 0) continue;
    if (!best || c.extraction.issues.length < best.extraction.issues.length || (c.extraction.issues.length === best.extraction.issues.length && found(c.extraction) > found(best.extraction))) best = c;
  }
  return best;
}

/** Which layer decided each field that has a value: its evidence, else the rules. */
export function fieldLayers(e: FolioExtraction): Record<string, FolioLayer> {
  const out: Record<string, FolioLayer> = {};
  for (const [k, v] of Object.entries(e.fields)) {
    if (v === null || v === "" || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = e.evidence?.[k as keyof typeof e.fields]?.layer ?? "rules";
  }
  return out;
}

export function folioOutcome(candidates: readonly SourcedExtraction[], imageOnly: readonly string[], extra: { llm?: FolioLayerNote; scanSource?: string } = {}): NewEvent {
  const best = bestExtraction(candidates);
  const llm = extra.llm ? { llm: extra.llm } : {};
  if (!best || (best.extraction.fields.total_amount === null && best.extraction.fields.charges.length === 0 && best.extraction.fields.folio_number === null)) {
    return imageOnly.length
      ? {
          event_type: "ExtractionFailed",
          data: { reason: `image-only PDF (${imageOnly.join(", ")}): no text to read; an operator must read it`, image_only: true, ...(extra.scanSource ? { source: extra.scanSource } : {}), ...llm },
        }
      : { event_type: "ExtractionFailed", data: { reason: "no folio found in the email or its attachments", ...llm } };
  }
  const folio = { ...best.extraction.fields, source: best.source };
  const layers = fieldLayers(best.extraction);
  return best.extraction.issues.length === 0
    ? { event_type: "FolioExtracted", data: { folio, source: best.source, layers, ...llm } }
    : { event_type: "PartialExtractionComplete", data: { folio, issues: best.extraction.issues, source: best.source, layers, ...llm } };
}
