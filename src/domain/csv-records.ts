// The import's CSV format: one folio request per line, columns named as in the header below.
import type { z } from "zod";
import { fieldErrors, type RecordInput, type recordRequest } from "./record-input";

export const CSV_HEADER = ["external_id", "guest_name", "confirmation_number", "check_in", "check_out", "hotel_name", "hotel_phone", "hotel_email", "hotel_timezone"] as const;
export const requiredCsvColumns = ["guest_name", "confirmation_number", "check_in", "check_out", "hotel_name", "hotel_phone"];
export const MAX_IMPORT_ROWS = 100_000;

/** Maps JSON paths back to the CSV column a user would recognize. */
const columnOf: Record<string, string> = {
  "hotel.name": "hotel_name",
  "hotel.phone": "hotel_phone",
  "hotel.email": "hotel_email",
  "hotel.timezone": "hotel_timezone",
};

export function csvRowToRequest(
  header: readonly string[],
  fields: readonly string[],
  schema: ReturnType<typeof recordRequest>,
): { ok: true; input: RecordInput } | { ok: false; errors: Record<string, string> } {
  if (fields.length !== header.length) {
    return { ok: false, errors: { row: `expected ${header.length} fields, found ${fields.length}` } };
  }
  const col = (name: string) => {
    const i = header.indexOf(name);
    const v = i < 0 ? "" : fields[i]!.trim();
    return v === "" ? undefined : v;
  };
  const candidate = {
    external_id: col("external_id"),
    guest_name: col("guest_name") ?? "",
    confirmation_number: col("confirmation_number") ?? "",
    check_in: col("check_in") ?? "",
    check_out: col("check_out") ?? "",
    hotel: {
      name: col("hotel_name") ?? "",
      phone: col("hotel_phone") ?? "",
      email: col("hotel_email"),
      timezone: col("hotel_timezone"),
    },
  };
  const parsed = (schema as z.ZodType<RecordInput>).safeParse(candidate);
  if (parsed.success) return { ok: true, input: parsed.data };
  const errors: Record<string, string> = {};
  for (const [path, message] of Object.entries(fieldErrors(parsed.error))) errors[columnOf[path] ?? path] = message;
  return { ok: false, errors };
}
