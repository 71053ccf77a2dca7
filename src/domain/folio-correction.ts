// An operator's correction of a received folio (issue 11): the fields as the operator reads them
// beside the document, checked by the same validation as every extraction layer, and the event that
// records before and after. Pure: the route reads the record and appends what this decides.
import { z } from "zod";
import type { NewEvent } from "./events";
import { REQUIRED_FIELDS, validateFolio, type FolioFieldName, type FolioFields, type FolioRecordRef } from "./folio";
import { folioFieldsSchema } from "./folio/fill";

/** What an operator may send: any of the fields (null clears one), and whether to accept remaining issues. */
export const folioCorrectionRequest = z
  .object({
    fields: folioFieldsSchema.partial().strict(),
    /** Save even though validation still has something to say (a name spelled differently, say). */
    accept_issues: z.boolean().optional(),
  })
  .strict();
export type FolioCorrectionRequest = z.infer<typeof folioCorrectionRequest>;

const FIELD_NAMES = Object.keys(folioFieldsSchema.shape) as FolioFieldName[];

/** The record's folio (state.folio) as fields: what is not there is empty. */
export function folioFieldsOf(folio: Record<string, unknown> | null): FolioFields {
  const f = folio ?? {};
  const parsed = folioFieldsSchema.partial().safeParse(Object.fromEntries(FIELD_NAMES.filter((k) => f[k] !== undefined).map((k) => [k, f[k]])));
  const known = parsed.success ? parsed.data : {};
  return { folio_number: null, guest_name: null, check_in: null, check_out: null, room_number: null, currency: null, charges: [], total_amount: null, ...known };
}

export type CorrectionDecision = { ok: true; event: NewEvent<"FolioCorrected">; fields: FolioFields; issues: string[] } | { ok: false; code: "missing_fields" | "folio_invalid"; issues: string[] };

export function decideCorrection(current: Record<string, unknown> | null, source: string | null, request: FolioCorrectionRequest, record: FolioRecordRef, actor: string): CorrectionDecision {
  const before = folioFieldsOf(current);
  const fields: FolioFields = { ...before, ...request.fields } as FolioFields;
  const issues = validateFolio(fields, record);
  const missing = issues.filter((i) => REQUIRED_FIELDS.some((f) => i === `missing:${f}`));
  // A folio without its required fields is not a folio, whatever the operator accepts.
  if (missing.length) return { ok: false, code: "missing_fields", issues: missing };
  if (issues.length && !request.accept_issues) return { ok: false, code: "folio_invalid", issues };
  const changed = FIELD_NAMES.filter((k) => JSON.stringify(fields[k]) !== JSON.stringify(before[k]));
  const after = { ...fields, ...(source ? { source } : {}) };
  return {
    ok: true,
    fields,
    issues,
    event: {
      event_type: "FolioCorrected",
      data: { actor, before: current, after, changed, issues, layers: Object.fromEntries(changed.map((k) => [k, "operator" as const])) },
    },
  };
}
