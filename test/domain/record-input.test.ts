import { describe, expect, it } from "vitest";
import { fieldErrors, isValidIsoDate, isValidTimeZone, phoneNumber, recordInput, recordRequest, toE164 } from "../../src/domain/record-input";

function request(overrides: Record<string, unknown> = {}, hotel: Record<string, unknown> = {}) {
  return {
    guest_name: "Ada Lovelace",
    confirmation_number: "CNF1001",
    check_in: "2026-10-01",
    check_out: "2026-10-03",
    hotel: { name: "Grand Hotel", phone: "+14155550100", ...hotel },
    ...overrides,
  };
}

/** Parses with the request schema and returns `{ path: message }` errors, or null when it passed. */
function errorsOf(input: unknown, country: "US" | "GB" | "FR" = "US"): Record<string, string> | null {
  const r = recordRequest(country).safeParse(input);
  return r.success ? null : fieldErrors(r.error);
}

describe("isValidIsoDate", () => {
  it("accepts real calendar dates, including leap days", () => {
    for (const d of ["2026-01-01", "2026-12-31", "2024-02-29", "2000-02-29", "1999-06-30"]) {
      expect(isValidIsoDate(d), d).toBe(true);
    }
  });

  it("rejects impossible days and months", () => {
    for (const d of ["2026-02-29", "1900-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00", "2026-01-32"]) {
      expect(isValidIsoDate(d), d).toBe(false);
    }
  });

  it("rejects anything that is not exactly YYYY-MM-DD", () => {
    for (const d of ["2026-1-01", "2026-01-1", "26-01-01", "2026/01/01", "01/02/2026", "2026-01-01T00:00:00Z", " 2026-01-01", "2026-01-01 ", "", "20260101"]) {
      expect(isValidIsoDate(d), JSON.stringify(d)).toBe(false);
    }
  });
});

describe("toE164", () => {
  it("keeps an international number and strips formatting", () => {
    expect(toE164("+14155550100")).toBe("+14155550100");
    expect(toE164("  +1 (212) 736-5000 ")).toBe("+12127365000");
    expect(toE164("+44 20 7946 0018")).toBe("+442079460018");
  });

  it("reads a national number in the default country", () => {
    expect(toE164("(415) 555-0100", "US")).toBe("+14155550100");
    expect(toE164("020 7946 0018", "GB")).toBe("+442079460018");
    expect(toE164("01 42 68 53 00", "FR")).toBe("+33142685300");
  });

  it("ignores the default country when the number has a +", () => {
    expect(toE164("+33 1 42 68 53 00", "US")).toBe("+33142685300");
  });

  it("returns null for a national number without a country", () => {
    expect(toE164("415-555-0100")).toBeNull();
  });

  it("returns null for numbers that are not valid", () => {
    expect(toE164("12345", "US")).toBeNull();
    expect(toE164("+1 415 555 010")).toBeNull();
    expect(toE164("not a number", "US")).toBeNull();
    expect(toE164("", "US")).toBeNull();
  });
});

describe("phoneNumber schema", () => {
  it("normalizes to E.164 or fails with a message", () => {
    expect(phoneNumber("GB").parse("020 7946 0018")).toBe("+442079460018");
    const r = phoneNumber("US").safeParse("555");
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!)["(root)"]).toMatch(/valid phone number/);
  });
});

describe("isValidTimeZone", () => {
  it("accepts IANA zones and refuses unknown or empty ones", () => {
    expect(isValidTimeZone("America/Los_Angeles")).toBe(true);
    expect(isValidTimeZone("Europe/Paris")).toBe(true);
    expect(isValidTimeZone("UTC")).toBe(true);
    expect(isValidTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });
});

describe("recordRequest", () => {
  it("accepts a complete request and normalizes phone and emails", () => {
    const r = recordRequest("US").parse(
      request({ external_id: "ext-1", folio_email: "  AP@Corp.Example ", notes: "late checkout" }, { phone: "(415) 555-0100", email: " FrontDesk@Grand.Example ", timezone: "America/Los_Angeles" }),
    );
    expect(r).toEqual({
      external_id: "ext-1",
      guest_name: "Ada Lovelace",
      confirmation_number: "CNF1001",
      check_in: "2026-10-01",
      check_out: "2026-10-03",
      hotel: { name: "Grand Hotel", phone: "+14155550100", email: "frontdesk@grand.example", timezone: "America/Los_Angeles" },
      folio_email: "ap@corp.example",
      notes: "late checkout",
    });
  });

  it("trims text fields", () => {
    const r = recordRequest("US").parse(request({ guest_name: "  Ada  ", confirmation_number: " X1 " }, { name: " Grand " }));
    expect([r.guest_name, r.confirmation_number, r.hotel.name]).toEqual(["Ada", "X1", "Grand"]);
  });

  it("reads a national number with the default country", () => {
    expect(recordRequest("GB").parse(request({}, { phone: "020 7946 0018" })).hotel.phone).toBe("+442079460018");
  });

  it("prefers hotel.country over the default country for national numbers", () => {
    const r = recordRequest("US").parse(request({}, { phone: "01 42 68 53 00", country: "FR" }));
    expect(r.hotel.phone).toBe("+33142685300");
    expect(r.hotel.country).toBe("FR");
  });

  it("reports a number that is national in another country than the one it is read in", () => {
    expect(errorsOf(request({}, { phone: "01 42 68 53 00" }), "US")).toEqual({
      "hotel.phone": expect.stringMatching(/valid phone number/),
    });
  });

  it("refuses a malformed hotel.country", () => {
    expect(errorsOf(request({}, { country: "fr" }))).toHaveProperty(["hotel.country"]);
    expect(errorsOf(request({}, { country: "FRA" }))).toHaveProperty(["hotel.country"]);
  });

  it("requires the mandatory fields", () => {
    const errors = errorsOf({ hotel: {} });
    expect(Object.keys(errors!).sort()).toEqual(["check_in", "check_out", "confirmation_number", "guest_name", "hotel.name", "hotel.phone"].sort());
  });

  it("refuses blank text after trimming", () => {
    expect(errorsOf(request({ guest_name: "   " }))).toHaveProperty(["guest_name"]);
    expect(errorsOf(request({}, { name: "" }))).toHaveProperty(["hotel.name"]);
  });

  it("enforces length limits", () => {
    expect(errorsOf(request({ confirmation_number: "x".repeat(65) }))).toHaveProperty(["confirmation_number"]);
    expect(errorsOf(request({ confirmation_number: "x".repeat(64) }))).toBeNull();
    expect(errorsOf(request({ notes: "n".repeat(2001) }))).toHaveProperty(["notes"]);
    expect(errorsOf(request({}, { phone: "+1".padEnd(41, "0") }))).toHaveProperty(["hotel.phone"]);
  });

  it("refuses dates that are not strict ISO calendar dates", () => {
    expect(errorsOf(request({ check_in: "2026-02-30" }))).toEqual({ check_in: expect.stringMatching(/YYYY-MM-DD/) });
    expect(errorsOf(request({ check_out: "10/03/2026" }))).toEqual({ check_out: expect.stringMatching(/YYYY-MM-DD/) });
  });

  it("accepts check_out equal to check_in and refuses it before", () => {
    expect(errorsOf(request({ check_in: "2026-10-03", check_out: "2026-10-03" }))).toBeNull();
    expect(errorsOf(request({ check_in: "2026-10-03", check_out: "2026-10-02" }))).toEqual({
      check_out: "check_out must not be before check_in",
    });
  });

  it("refuses unknown fields at the top level and in hotel", () => {
    expect(errorsOf(request({ guest: "x" }))).not.toBeNull();
    expect(errorsOf(request({}, { address: "1 Main St" }))).not.toBeNull();
  });

  it("refuses invalid emails and time zones", () => {
    expect(errorsOf(request({ folio_email: "not-an-email" }))).toHaveProperty(["folio_email"]);
    expect(errorsOf(request({}, { email: "desk@" }))).toHaveProperty(["hotel.email"]);
    expect(errorsOf(request({}, { timezone: "Mars/Olympus_Mons" }))).toEqual({ "hotel.timezone": "must be an IANA time zone" });
  });
});

describe("recordInput (stored form)", () => {
  const stored = {
    guest_name: "Ada",
    confirmation_number: "C1",
    check_in: "2026-10-01",
    check_out: "2026-10-03",
    hotel: { name: "Grand", phone: "+14155550100" },
  };

  it("accepts what recordRequest produces", () => {
    const normalized = recordRequest("FR").parse(request({}, { phone: "01 42 68 53 00", timezone: "Europe/Paris" }));
    expect(recordInput.safeParse(normalized).success).toBe(true);
  });

  it("requires an E.164 phone, not a national one", () => {
    expect(recordInput.safeParse(stored).success).toBe(true);
    expect(recordInput.safeParse({ ...stored, hotel: { ...stored.hotel, phone: "(415) 555-0100" } }).success).toBe(false);
    expect(recordInput.safeParse({ ...stored, hotel: { ...stored.hotel, phone: "+0155550100" } }).success).toBe(false);
  });

  it("refuses check_out before check_in and unknown fields", () => {
    expect(recordInput.safeParse({ ...stored, check_out: "2026-09-30" }).success).toBe(false);
    expect(recordInput.safeParse({ ...stored, extra: 1 }).success).toBe(false);
  });
});

describe("fieldErrors", () => {
  it("keeps the first message per path and names the root", () => {
    const r = recordRequest("US").safeParse("not an object");
    expect(Object.keys(fieldErrors(r.error!))).toEqual(["(root)"]);
  });
});
