// Layout memory (src/domain/folio/hints.ts): learning where a hotel prints each field from a folio
// whose fields are known, and reading the next folio of the same layout at those places.
import { describe, expect, it } from "vitest";
import { extractFolio } from "../../src/domain/folio";
import { applyLayoutHints, fieldsToRevisit, folioHints, learnLayoutHints, mergeLayoutHints } from "../../src/domain/folio/hints";

// An invented layout whose labels the rules do not know: "Beleg-Kennung" for the folio number, the
// stay dates with their labels after them, as some PDF text layers run them together.
function folio(o: { id: string; guest: string; from: string; to: string; nights: number }) {
  return [
    "Hotel Sonnenhof",
    "Kassenbeleg",
    `Beleg-Kennung ${o.id}`,
    `Gast: Frau ${o.guest}`,
    `${o.from}Beginn`,
    `${o.to}Ende`,
    ...Array.from({ length: o.nights }, () => "Zimmer    95.00"),
    `Total    ${(o.nights * 95).toFixed(2)} EUR`,
  ].join("\n");
}

const first = { id: "K-4471", guest: "Ines Berger", from: "03.02.26", to: "05.02.26", nights: 2 };
const firstRecord = { guest_name: "Ines Berger", check_in: "2026-02-03", check_out: "2026-02-05" };
const known = { folio_number: "K-4471", guest_name: "Ines Berger", check_in: "2026-02-03", check_out: "2026-02-05", total_amount: 190 };

describe("learnLayoutHints", () => {
  it("remembers the label next to each known value, on either side, and the date order", () => {
    const hints = learnLayoutHints(folio(first), known, firstRecord);
    expect(hints).toEqual(
      expect.arrayContaining([
        { field: "folio_number", side: "before", label: "beleg kennung" },
        { field: "guest_name", side: "before", label: "gast" },
        { field: "check_in", side: "after", label: "beginn", date_order: "DMY" },
        { field: "check_out", side: "after", label: "ende", date_order: "DMY" },
        { field: "total_amount", side: "before", label: "total" },
      ]),
    );
    expect(folioHints.safeParse(hints).success).toBe(true);
  });

  it("keeps no value and no word of the guest's name in a label", () => {
    const text = "Rechnung 8812\nIrma Ostrowski Zimmer 14\nAnreise 01.03.26\nAbreise 02.03.26\nSumme 80,00";
    const hints = learnLayoutHints(text, { room_number: "14", guest_name: "Irma Ostrowski" }, { guest_name: "Irma Ostrowski", check_in: "2026-03-01", check_out: "2026-03-02" });
    const labels = JSON.stringify(hints);
    expect(labels).not.toMatch(/irma|ostrowski|8812/i);
    expect(hints.find((h) => h.field === "room_number")).toEqual({ field: "room_number", side: "before", label: "zimmer" });
  });

  it("does not learn a label whose first occurrence holds another value", () => {
    // "Nr" first labels a customer number, so it cannot point at the folio number.
    const text = "Kunden Nr 5512\nNr 9090\nTotal 10.00";
    const hints = learnLayoutHints(text, { folio_number: "9090" });
    expect(hints.find((h) => h.field === "folio_number")?.label).not.toBe("nr");
  });
});

describe("applyLayoutHints", () => {
  const hints = learnLayoutHints(folio(first), known, firstRecord);
  const second = { id: "K-5102", guest: "Ines Berger", from: "10.03.26", to: "13.03.26", nights: 3 };
  const record = { guest_name: "Ines Berger", check_in: "2026-03-10", check_out: "2026-03-13" };

  it("reads what the rules missed at the hinted labels, marked as the hints' decisions", () => {
    const rules = extractFolio(folio(second), record);
    expect(rules.issues.length).toBeGreaterThan(0); // the premise: the rules alone do not finish it
    const read = applyLayoutHints(folio(second), rules, hints, record);
    expect(read.issues).toEqual([]);
    expect(read.fields).toMatchObject({ folio_number: "K-5102", check_in: "2026-03-10", check_out: "2026-03-13", total_amount: 285 });
    for (const f of fieldsToRevisit(rules.issues)) expect(read.evidence?.[f]?.layer).toBe("hints");
  });

  it("replaces a field that failed validation, but never makes validation worse", () => {
    const rules = extractFolio(folio(second), record);
    const wrong = { ...rules, fields: { ...rules.fields, total_amount: 1 }, issues: [...rules.issues, "total_mismatch: items sum to 285.00, total is 1.00"] };
    expect(applyLayoutHints(folio(second), wrong, hints, record).fields.total_amount).toBe(285);
    // A hint that reads a date outside the stay is not taken.
    const off = applyLayoutHints(folio({ ...second, from: "01.01.26" }), rules, hints, record);
    expect(off.fields.check_in).not.toBe("2026-01-01");
  });

  it("changes nothing without hints or when the rules already passed", () => {
    const rules = extractFolio(folio(second), record);
    expect(applyLayoutHints(folio(second), rules, [], record)).toBe(rules);
    const done = { ...rules, issues: [] };
    expect(applyLayoutHints(folio(second), done, hints, record)).toBe(done);
  });
});

describe("mergeLayoutHints", () => {
  it("a newly learned field replaces the hint known for it", () => {
    const old = [
      { field: "folio_number" as const, side: "before" as const, label: "rechnung" },
      { field: "room_number" as const, side: "before" as const, label: "zimmer" },
    ];
    const merged = mergeLayoutHints(old, [{ field: "folio_number", side: "before", label: "beleg" }]);
    expect(merged).toEqual([{ field: "folio_number", side: "before", label: "beleg" }, old[1]]);
  });
});
