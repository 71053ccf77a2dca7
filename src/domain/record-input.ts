// What a folio request looks like when it enters the system (docs/architecture.md, "Records"), and how it is normalized:
// phones to E.164 (the batching key), strict ISO dates, IANA zones. Pure: used by the API, the CSV
// import and the event catalog alike, so a record is valid the same way whichever door it came in by.
import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import { z } from "zod";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export const isoDate = z.string().refine(isValidIsoDate, { message: "must be a calendar date as YYYY-MM-DD" });
export const isoDateTime = z.string().datetime({ offset: true });

// Building an Intl formatter costs far more than the rest of a record's validation, and an import
// repeats the same few zones and hotel phones on every line: remember the answers (bounded).
function memo<T>(fn: (key: string) => T, max = 10_000): (key: string) => T {
  const seen = new Map<string, T>();
  return (key) => {
    let v = seen.get(key);
    if (v === undefined && !seen.has(key)) {
      v = fn(key);
      if (seen.size >= max) seen.clear();
      seen.set(key, v);
    }
    return v as T;
  };
}

export const isValidTimeZone = memo((zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return zone.length > 0;
  } catch {
    return false;
  }
});

export const timeZone = z.string().max(64).refine(isValidTimeZone, { message: "must be an IANA time zone" });
export const countryCode = z
  .string()
  .regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 country code")
  .transform((c) => c as CountryCode);

/** E.164 or null. A number without a leading + is read in `defaultCountry`. */
const e164 = memo((key: string): string | null => {
  const [country, raw] = [key.slice(0, 2), key.slice(3)];
  const parsed = parsePhoneNumberFromString(raw, country === "--" ? undefined : (country as CountryCode));
  return parsed?.isValid() ? parsed.number : null;
});

export function toE164(raw: string, defaultCountry?: CountryCode): string | null {
  return e164(`${defaultCountry ?? "--"}:${raw.trim()}`);
}

export const phoneNumber = (defaultCountry?: CountryCode) =>
  z
    .string()
    .max(40)
    .transform((raw, ctx) => {
      const e164 = toE164(raw, defaultCountry);
      if (!e164) {
        ctx.addIssue({ code: "custom", message: "must be a valid phone number (E.164, or national with a country)" });
        return z.NEVER;
      }
      return e164;
    });

const text = (max: number) => z.string().trim().min(1).max(max);

const email = z.string().trim().toLowerCase().email().max(254);

export const hotelInput = z
  .object({
    name: text(200),
    phone: z.string().regex(/^\+[1-9]\d{6,14}$/, "must be E.164"),
    email: email.optional(),
    timezone: timeZone.optional(),
    country: countryCode.optional(),
  })
  .strict();

/** Every field but the hotel: the same whether the record is stored or still a request. */
const recordFields = {
  external_id: text(128).optional(),
  guest_name: text(200),
  confirmation_number: text(64),
  check_in: isoDate,
  check_out: isoDate,
  folio_email: email.optional(),
  notes: z.string().max(2000).optional(),
};

/** The stored, normalized record input: the form every record's RecordCreated carries. */
export const recordInput = z
  .object({ ...recordFields, hotel: hotelInput })
  .strict()
  .refine((r) => r.check_out >= r.check_in, { message: "check_out must not be before check_in", path: ["check_out"] });
export type RecordInput = z.infer<typeof recordInput>;

/**
 * The request shape: like the stored input, but the hotel phone may be in any common format and is
 * normalized here. `defaultCountry` reads national numbers (hotel.country wins when given).
 */
export function recordRequest(defaultCountry: CountryCode) {
  return z
    .object({ ...recordFields, hotel: hotelInput.extend({ phone: z.string().max(40) }) })
    .strict()
    .transform((r, ctx): RecordInput => {
      const phone = toE164(r.hotel.phone, r.hotel.country ?? defaultCountry);
      if (!phone) {
        ctx.addIssue({ code: "custom", path: ["hotel", "phone"], message: "must be a valid phone number (E.164, or national with hotel.country)" });
        return z.NEVER;
      }
      if (r.check_out < r.check_in) {
        ctx.addIssue({ code: "custom", path: ["check_out"], message: "check_out must not be before check_in" });
        return z.NEVER;
      }
      return { ...r, hotel: { ...r.hotel, phone } };
    });
}

/** Field errors in the API's `details` shape: `{ path: message }`, one entry per field. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    // An unknown field is named itself, not by its parent object.
    const paths = issue.code === "unrecognized_keys" ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
    for (const path of paths) {
      const key = path.join(".") || "(root)";
      out[key] ??= issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
    }
  }
  return out;
}
