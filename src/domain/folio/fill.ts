// The seam for a second layer (an LLM with structured output) to fill what the rules missed.
// The domain stays pure: the filler is passed in (or its answer handed over), its output is checked
// against the schema field by field, and it may only fill fields the rules left empty or that failed
// validation. Validation then runs again: the answer is never trusted beyond it. The fields it
// decided carry evidence layer "llm".
import { z } from "zod";
import { isIsoDate } from "./dates";
import { fieldsToRevisit } from "./hints";
import { validateFolio } from "./validate";
import type { FieldEvidence, FolioExtraction, FolioFieldName, FolioFields, FolioRecordRef } from "./types";

const isoDate = z.string().refine(isIsoDate, "must be an ISO date (YYYY-MM-DD)");

/** The folio fields as structured output: the schema an LLM answers in. */
export const folioFieldsSchema = z.object({
  folio_number: z.string().trim().min(1).max(64).nullable(),
  guest_name: z.string().trim().min(1).max(200).nullable(),
  check_in: isoDate.nullable(),
  check_out: isoDate.nullable(),
  room_number: z.string().trim().min(1).max(16).nullable(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, "must be an ISO 4217 code")
    .nullable(),
  charges: z.array(z.object({ date: isoDate.optional(), description: z.string().trim().min(1).max(200), amount: z.number().finite() })),
  total_amount: z.number().finite().nullable(),
});

/**
 * The same fields as OpenAI structured output sees them. Strict mode wants every key present, so a
 * charge without a date says `date: null`, and the checks (ISO dates, codes) are applied afterwards
 * by `folioFieldsSchema`, field by field, so one bad field does not sink the others.
 */
export const folioAnswerSchema = z.object({
  folio_number: z.string().nullable().describe("the folio or invoice number as printed"),
  guest_name: z.string().nullable().describe("the guest's name as printed, without title"),
  check_in: z.string().nullable().describe("arrival date, YYYY-MM-DD"),
  check_out: z.string().nullable().describe("departure date, YYYY-MM-DD"),
  room_number: z.string().nullable(),
  currency: z.string().nullable().describe("ISO 4217 code, e.g. EUR"),
  charges: z
    .array(z.object({ date: z.string().nullable().describe("YYYY-MM-DD"), description: z.string(), amount: z.number() }))
    .describe("debit lines (room, taxes, food, fees) and allowances as negative amounts; never payments"),
  total_amount: z.number().nullable().describe("the total of the charges, not the balance left after payments"),
});

function withoutNullDates(charges: unknown): unknown {
  if (!Array.isArray(charges)) return charges;
  return charges.map((c) => (c && typeof c === "object" && (c as { date?: unknown }).date === null ? { ...c, date: undefined } : c));
}

/**
 * An LLM's answer laid over what the rules (and hints) read: it fills the missing fields and
 * replaces the ones that failed validation (the charges too, when they did not sum to the total),
 * then the same validation runs again. An answer that leaves more issues than before is not taken.
 */
export function applyFolioAnswer(extraction: FolioExtraction, answer: unknown, record: FolioRecordRef | undefined, source: string): FolioExtraction & { taken: FolioFieldName[] } {
  const revisit = fieldsToRevisit(extraction.issues);
  if (extraction.issues.some((i) => i.startsWith("total_mismatch"))) revisit.add("charges");
  const { fields, filled } = mergeFolioFields(extraction.fields, answer, revisit);
  const changed = filled.filter((k) => JSON.stringify(fields[k]) !== JSON.stringify(extraction.fields[k]));
  if (!changed.length) return { ...extraction, taken: [] };
  const issues = validateFolio(fields, record);
  if (issues.length > extraction.issues.length) return { ...extraction, taken: [] };
  const evidence: Partial<Record<FolioFieldName, FieldEvidence>> = { ...extraction.evidence };
  for (const k of changed) evidence[k] = { layer: "llm", confidence: 0.6, source };
  return { fields, issues, evidence, taken: changed };
}

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

/**
 * Fills the empty fields from `fill`, field by field, and the fields in `replace` too (those that
 * failed validation); a field that does not fit the schema is dropped.
 */
export function mergeFolioFields(fields: FolioFields, fill: unknown, replace: Iterable<FolioFieldName> = []): { fields: FolioFields; filled: FolioFieldName[] } {
  const out: FolioFields = { ...fields };
  const filled: FolioFieldName[] = [];
  if (!fill || typeof fill !== "object") return { fields: out, filled };
  const given = fill as Record<string, unknown>;
  for (const key of new Set([...missingFolioFields(fields), ...replace])) {
    if (given[key] === undefined || given[key] === null) continue;
    const parsed = folioFieldsSchema.shape[key].safeParse(key === "charges" ? withoutNullDates(given[key]) : given[key]);
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
