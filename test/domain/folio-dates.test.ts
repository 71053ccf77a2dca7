import { describe, expect, it } from "vitest";
import { extractFolio } from "../../src/domain/folio";
import { findDates, resolveDate } from "../../src/domain/folio/dates";

const rec = (check_in: string, check_out: string) => ({ guest_name: "Ana Lima", check_in, check_out });
const stay = (text: string, record?: ReturnType<typeof rec>) => {
  const { fields } = extractFolio(text, record);
  return [fields.check_in, fields.check_out];
};

describe("folio dates: formats", () => {
  it.each([
    ["2026-10-01"],
    ["2026/10/01"],
    ["01.10.2026"],
    ["1 Oct 2026"],
    ["Oct 1, 2026"],
    ["October 1st, 2026"],
    ["1st October 2026"],
    ["01-Oct-26"],
    ["01OCT26"],
    ["01 Oct '26"],
    ["Thu, 1 Oct 2026"],
    ["1. Oktober 2026"],
    ["1 octobre 2026"],
    ["2026年10月1日"],
  ])("reads an arrival written %s", (written) => {
    expect(stay(`Arrival: ${written}\nDeparture: 3 Oct 2026`)[0]).toBe("2026-10-01");
  });

  it("reads arrival and departure labels in their many spellings", () => {
    for (const [a, d] of [
      ["Check-in", "Check-out"],
      ["Check In Date", "Check Out Date"],
      ["Arr.", "Dep."],
      ["Arr. Date", "Dep. Date"],
      ["Date of Arrival", "Date of Departure"],
      ["Anreise", "Abreise"],
      ["Arrivée", "Départ"],
    ]) {
      expect(stay(`${a}: 2026-10-01    ${d}: 2026-10-03`), `${a} / ${d}`).toEqual(["2026-10-01", "2026-10-03"]);
    }
  });

  it("reads a stay range, the first date taking the year of the second", () => {
    expect(stay("Stay: 01/10/2026 - 03/10/2026")).toEqual(["2026-10-01", "2026-10-03"]);
    expect(stay("Dates of stay: 01 Oct - 03 Oct 2026")).toEqual(["2026-10-01", "2026-10-03"]);
    expect(stay("Period: 2026-10-01 to 2026-10-03")).toEqual(["2026-10-01", "2026-10-03"]);
  });

  it("ignores a check-out time and a date that is not the label's value", () => {
    expect(stay("Check-out time: 12:00\nThank you for staying on 01/10/2026")).toEqual([null, null]);
  });

  it("finds dates inside a line with their spans, and does not take amounts or phone numbers for dates", () => {
    const line = "01/10/2026  Room 415-555-0100  12.50  1.234,50  Oct 03";
    const found = findDates(line).map((d) => line.slice(d.start, d.end));
    expect(found).toEqual(["01/10/2026", "Oct 03"]);
  });

  it("rejects impossible dates", () => {
    expect(stay("Arrival: 31/02/2026\nDeparture: 2026-02-30")).toEqual([null, null]);
  });
});

describe("folio dates: ambiguous DD/MM and MM/DD", () => {
  const FOLIO = `
Folio No: 3391
Guest: Ana Lima
Arr. 05/06/2026     Dep. 06/06/2026
05/06/2026  Room                       95.00
Total                                  95.00
`;

  it("reads them the way that puts the stay on the record's dates (DD/MM here)", () => {
    const r = extractFolio(FOLIO, rec("2026-06-05", "2026-06-06"));
    expect([r.fields.check_in, r.fields.check_out]).toEqual(["2026-06-05", "2026-06-06"]);
    expect(r.fields.charges[0]!.date).toBe("2026-06-05"); // item dates follow the document's order
    expect(r.issues).toEqual([]);
  });

  it("and the other way for a record whose stay is MM/DD (6 May to 6 June)", () => {
    const r = extractFolio(FOLIO, rec("2026-05-06", "2026-06-06"));
    expect([r.fields.check_in, r.fields.check_out]).toEqual(["2026-05-06", "2026-06-06"]);
    expect(r.fields.charges[0]!.date).toBe("2026-05-06");
    expect(r.issues).toEqual([]);
  });

  it("tolerates a record a day off (late arrival, early departure)", () => {
    expect(stay("Arrival: 02/03/2026  Departure: 05/03/2026", rec("2026-03-03", "2026-03-04"))).toEqual(["2026-03-02", "2026-03-05"]);
    expect(stay("Arrival: 02/03/2026  Departure: 05/03/2026", rec("2026-02-04", "2026-05-02"))).toEqual(["2026-02-03", "2026-05-03"]);
  });

  it("the record beats the currency's habit: a USD folio printed day first", () => {
    const text = "Arrival: 04/10/2026\n04/10/2026  Room  $120.00\nTotal  $120.00";
    expect(stay(text, rec("2026-10-04", "2026-10-05"))[0]).toBe("2026-10-04");
    expect(stay(text)[0]).toBe("2026-04-10"); // no record, nothing else to go on: USD reads month first
  });

  it("without a record, any date with a part above 12 fixes the order for every date", () => {
    expect(stay("Printed 15/10/2026\nArrival: 04/10/2026  Departure: 06/10/2026  $")).toEqual(["2026-10-04", "2026-10-06"]);
    expect(stay("Printed 10/15/2026\nArrival: 04/10/2026  Departure: 06/10/2026  €")).toEqual(["2026-04-10", "2026-06-10"]);
  });

  it("without a record or evidence, prefers a real and short stay: departure after arrival, items inside", () => {
    expect(stay("Arrival: 12/01/2026  Departure: 02/02/2026")).toEqual(["2026-01-12", "2026-02-02"]);
    // Day first: 4 to 6 October. Month first would be 10 April to 10 June.
    expect(stay("Arrival: 04/10/2026  Departure: 06/10/2026\n04/10/2026  Room  $120.00")).toEqual(["2026-10-04", "2026-10-06"]);
  });

  it("with nothing else to go on, reads US dollars month first and other currencies day first", () => {
    expect(stay("Arrival: 04/10/2026\nTotal: EUR 300,00")[0]).toBe("2026-10-04");
    expect(stay("Arrival: 04/10/2026\nTotal: USD 300.00")[0]).toBe("2026-04-10");
    expect(stay("Arrival: 04/10/2026")[0]).toBe("2026-10-04"); // no currency: day first, as most of the world
  });

  it("resolveDate reads a date the only way it can, whatever the order asked", () => {
    const [c] = findDates("13/10/2026");
    expect(resolveDate(c!, "MDY")).toBe("2026-10-13");
    expect(resolveDate(c!, "DMY")).toBe("2026-10-13");
  });
});

describe("folio dates: yearless item dates", () => {
  it("take the year that puts them nearest the stay, across New Year", () => {
    const text = `Folio No: 8812
Arrival: 30 Dec 2026    Departure: 02 Jan 2027
30 Dec   Room              200.00
31 Dec   Gala dinner       150.00
01 Jan   Room              200.00
Total                      550.00`;
    const dates = extractFolio(text).fields.charges.map((c) => c.date);
    expect(dates).toEqual(["2026-12-30", "2026-12-31", "2027-01-01"]);
    const withRecord = extractFolio(text, rec("2026-12-30", "2027-01-02")).fields.charges.map((c) => c.date);
    expect(withRecord).toEqual(dates);
  });
});

describe("folio dates: validation against the record", () => {
  const text = "Folio No: 4410\nGuest: Ana Lima\nArrival: 2026-10-01  Departure: 2026-10-04\nTotal: 300.00";

  it("accepts a stay within a day of the record's", () => {
    expect(extractFolio(text, rec("2026-10-02", "2026-10-03")).issues).toEqual([]);
  });

  it("reports each date more than a day off", () => {
    expect(extractFolio(text, rec("2026-10-03", "2026-10-04")).issues).toEqual(["dates_mismatch: check_in 2026-10-01, record has 2026-10-03"]);
    expect(extractFolio(text, rec("2026-11-01", "2026-11-04")).issues).toEqual([
      "dates_mismatch: check_in 2026-10-01, record has 2026-11-01",
      "dates_mismatch: check_out 2026-10-04, record has 2026-11-04",
    ]);
  });

  it("reports a departure before the arrival", () => {
    const r = extractFolio("Folio No: 4410\nGuest: Ana Lima\nArrival: 2026-10-04  Departure: 2026-10-01\nTotal: 300.00");
    expect(r.issues).toEqual(["dates_invalid: check_out 2026-10-01 is before check_in 2026-10-04"]);
  });
});
