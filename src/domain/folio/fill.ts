// The seam for a second layer (an LLM with structured output) to fill what the rules missed.
// The domain stays pure: the filler is passed in, its output is checked against the schema, and it
// may only fill fields the rules left empty. The caller logs `filled` as the layer that decided them.
import { z } from "zod";
import { isIsoDate } from "./dates";
import type { FolioExtraction, FolioFieldName, FolioFields, FolioRecordRef } from "./types";

const isoDate = z.string().refine(isIsoDate, "must be an ISO date (YYYY-MM-DD)");

/** The folio fields as structured output: the schema an LLM answers in. */
export const folioFieldsSchema = z.object({
  folio_number: z.string().trim().min(1).max(64).nullable(),
  guest_name: z.string().trim().min(1).max(200).nullable(),
  check_in: isoDate.nullable(),
  check_out: isoDate.nullable(),
  room_number: z.string().trim().min(1).max(16).nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code").nullable(),
  charges: z.array(z.object({ date: isoDate.optional(), description: z.string().trim().min(1).max(200), amount: z.number().finite() })),
  total_amount: z.number().finite().nullable(),
});

export interface FolioFillRequest {
  text: string;
  fields: FolioFields;
  missing: FolioFieldName[];
  record?: FolioRecordRef | undefined;
}

/** Answers with some of the fields (anything else is ignored), e.g. an LLM's structured output. */
export type FolioFieldFiller = (request: FolioFillRequest) => Promise<unknown>;

/** Fields the rules left empty: null, or no charges. */
export function missingFolioFields(fields: FolioFields): FolioFieldName[] {
  return (Object.keys(fields) as FolioFieldName[]).filter((k) => (k === "charges" ? fields.charges.length === 0 : fields[k] === null));
}

/** Fills the empty fields from `fill`, field by field; a field that does not fit the schema is dropped. */
export function mergeFolioFields(fields: FolioFields, fill: unknown): { fields: FolioFields; filled: FolioFieldName[] } {
  const out: FolioFields = { ...fields };
  const filled: FolioFieldName[] = [];
  if (!fill || typeof fill !== "object") return { fields: out, filled };
  const given = fill as Record<string, unknown>;
  for (const key of missingFolioFields(fields)) {
    if (given[key] === undefined || given[key] === null) continue;
    const parsed = folioFieldsSchema.shape[key].safeParse(given[key]);
    if (!parsed.success) continue;
    if (key === "charges" && (parsed.data as FolioFields["charges"]).length === 0) continue;
    (out as unknown as Record<string, unknown>)[key] = parsed.data;
    filled.push(key);
  }
  return { fields: out, filled };
}

/**
 * Rules first, then the filler for what is missing, then validation again. Without a filler, or
 * with nothing missing, it is `extract` as is. A filler that throws leaves the rules' result
 * standing, with its error in `fill_error` for the caller to log.
 */
export async function extractWithFiller(
  extract: (text: string, record?: FolioRecordRef) => FolioExtraction,
  validate: (fields: FolioFields, record?: FolioRecordRef) => string[],
  text: string,
  record: FolioRecordRef | undefined,
  filler: FolioFieldFiller | undefined,
): Promise<FolioExtraction & { filled: FolioFieldName[]; fill_error?: string }> {
  const first = extract(text, record);
  const missing = missingFolioFields(first.fields);
  if (!filler || !missing.length) return { ...first, filled: [] };
  let answer: unknown;
  try {
    answer = await filler({ text, fields: first.fields, missing, record });
  } catch (err) {
    return { ...first, filled: [], fill_error: err instanceof Error ? err.message : String(err) };
  }
  const { fields, filled } = mergeFolioFields(first.fields, answer);
  return { fields, issues: validate(fields, record), filled };
}
