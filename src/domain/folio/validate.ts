// Validation (docs/architecture.md, "Email"): required fields, line items against the total (±0.01), the stay against
// the record (±1 day), and the guest's name against the record's, fuzzily.
import { daysBetween } from "./dates";
import { namesMatch } from "./names";
import { sameAmount, sum } from "./totals";
import { REQUIRED_FIELDS, type FolioFields, type FolioRecordRef } from "./types";

export function validateFolio(fields: FolioFields, record?: FolioRecordRef): string[] {
  const issues: string[] = [];
  for (const f of REQUIRED_FIELDS) if (fields[f] === null || fields[f] === "") issues.push(`missing:${f}`);

  if (fields.charges.length && fields.total_amount !== null) {
    const items = sum(fields.charges);
    if (!sameAmount(items, fields.total_amount)) {
      issues.push(`total_mismatch: items sum to ${items.toFixed(2)}, total is ${fields.total_amount.toFixed(2)}`);
    }
  }

  const { check_in, check_out } = fields;
  if (check_in && check_out && check_out < check_in) issues.push(`dates_invalid: check_out ${check_out} is before check_in ${check_in}`);
  if (record) {
    if (check_in && Math.abs(daysBetween(record.check_in, check_in)) > 1) {
      issues.push(`dates_mismatch: check_in ${check_in}, record has ${record.check_in}`);
    }
    if (check_out && Math.abs(daysBetween(record.check_out, check_out)) > 1) {
      issues.push(`dates_mismatch: check_out ${check_out}, record has ${record.check_out}`);
    }
    if (fields.guest_name && !namesMatch(fields.guest_name, record.guest_name)) {
      issues.push(`guest_name_mismatch: folio has "${fields.guest_name}", record has "${record.guest_name}"`);
    }
  }
  return issues;
}
