import { describe, expect, it } from "vitest";
import { CsvReader } from "../../src/domain/csv";
import { CSV_HEADER, csvRowToRequest, requiredCsvColumns } from "../../src/domain/csv-records";
import { recordRequest } from "../../src/domain/record-input";

const header = [...CSV_HEADER];
const us = recordRequest("US");

function row(values: Partial<Record<(typeof CSV_HEADER)[number], string>>): string[] {
  const full: Record<string, string> = {
    external_id: "ext-1",
    guest_name: "Ada Lovelace",
    confirmation_number: "CNF1001",
    check_in: "2026-10-01",
    check_out: "2026-10-03",
    hotel_name: "Grand Hotel",
    hotel_phone: "+14155550100",
    hotel_email: "desk@grand.example",
    hotel_timezone: "America/Los_Angeles",
    ...values,
  };
  return header.map((h) => full[h]!);
}

describe("csvRowToRequest", () => {
  it("maps a full row to a normalized record input", () => {
    expect(csvRowToRequest(header, row({ hotel_phone: "(415) 555-0100", hotel_email: " Desk@Grand.Example " }), us)).toEqual({
      ok: true,
      input: {
        external_id: "ext-1",
        guest_name: "Ada Lovelace",
        confirmation_number: "CNF1001",
        check_in: "2026-10-01",
        check_out: "2026-10-03",
        hotel: { name: "Grand Hotel", phone: "+14155550100", email: "desk@grand.example", timezone: "America/Los_Angeles" },
      },
    });
  });

  it("trims cells and treats empty optional cells as absent", () => {
    const r = csvRowToRequest(header, row({ external_id: "  ", hotel_email: "", hotel_timezone: " ", guest_name: "  Ada " }), us);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.guest_name).toBe("Ada");
    expect(r.input.external_id).toBeUndefined();
    expect(r.input.hotel.email).toBeUndefined();
    expect(r.input.hotel.timezone).toBeUndefined();
  });

  it("works with columns in any order and optional columns missing", () => {
    const h = ["hotel_phone", "check_out", "check_in", "guest_name", "hotel_name", "confirmation_number"];
    const r = csvRowToRequest(h, ["020 7946 0018", "2026-10-03", "2026-10-01", "Ada", "Savoy", "C9"], recordRequest("GB"));
    expect(r).toEqual({
      ok: true,
      input: {
        guest_name: "Ada",
        confirmation_number: "C9",
        check_in: "2026-10-01",
        check_out: "2026-10-03",
        hotel: { name: "Savoy", phone: "+442079460018" },
      },
    });
  });

  it("reports a wrong field count as a row error", () => {
    expect(csvRowToRequest(header, ["only", "two"], us)).toEqual({ ok: false, errors: { row: "expected 9 fields, found 2" } });
    expect(csvRowToRequest(header, [...row({}), "extra"], us)).toEqual({ ok: false, errors: { row: "expected 9 fields, found 10" } });
  });

  it("names errors by CSV column, not by JSON path", () => {
    const r = csvRowToRequest(header, row({ hotel_name: "", hotel_email: "nope", hotel_timezone: "Nowhere/Town" }), us);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(["hotel_email", "hotel_name", "hotel_timezone"]);
    expect(JSON.stringify(r.errors)).not.toContain("hotel.");
  });

  it("reports a bad phone under hotel_phone", () => {
    expect(csvRowToRequest(header, row({ hotel_phone: "12345" }), us)).toEqual({
      ok: false,
      errors: { hotel_phone: expect.stringMatching(/valid phone number/) },
    });
    expect(csvRowToRequest(header, row({ hotel_phone: "" }), us)).toEqual({
      ok: false,
      errors: { hotel_phone: expect.any(String) },
    });
  });

  it("reports each missing required column value under its own name", () => {
    const r = csvRowToRequest(header, row({ guest_name: "", confirmation_number: "", check_in: "", check_out: "", hotel_name: "" }), us);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(Object.keys(r.errors).sort()).toEqual(["check_in", "check_out", "confirmation_number", "guest_name", "hotel_name"]);
  });

  it("reports bad dates and a check_out before check_in", () => {
    expect(csvRowToRequest(header, row({ check_in: "2026-02-30" }), us)).toEqual({
      ok: false,
      errors: { check_in: expect.stringMatching(/YYYY-MM-DD/) },
    });
    expect(csvRowToRequest(header, row({ check_in: "2026-10-05", check_out: "2026-10-04" }), us)).toEqual({
      ok: false,
      errors: { check_out: "check_out must not be before check_in" },
    });
  });

  it("every required column is in the header", () => {
    for (const c of requiredCsvColumns) expect(CSV_HEADER).toContain(c);
  });

  it("reads a row with quoted commas straight from CsvReader", () => {
    const reader = new CsvReader();
    const text = `${CSV_HEADER.join(",")}\r\n,"Lovelace, Ada","C""1",2026-10-01,2026-10-03,"The Grand, SF",+14155550100,,\r\n`;
    const [head, line] = [...reader.push(text), ...reader.end()];
    if (!head || !("fields" in head) || !line || !("fields" in line)) throw new Error("expected two records");
    const r = csvRowToRequest(head.fields, line.fields, us);
    expect(r.ok && r.input.guest_name).toBe("Lovelace, Ada");
    expect(r.ok && r.input.confirmation_number).toBe('C"1');
    expect(r.ok && r.input.hotel.name).toBe("The Grand, SF");
  });
});
