import { describe, expect, it } from "vitest";
import { extractFolio, extractFolioWithFiller, isCompleteFolio, mergeFolioFields, missingFolioFields, nameSimilarity, namesMatch, validateFolio, type FolioFields } from "../../src/domain/folio";
import { detectCurrency, findMoney, readNumber } from "../../src/domain/folio/money";

const fields = (over: Partial<FolioFields> = {}): FolioFields => ({
  folio_number: "F-1",
  guest_name: "Jane Doe",
  check_in: "2026-10-01",
  check_out: "2026-10-03",
  room_number: "12",
  currency: "EUR",
  charges: [
    { date: "2026-10-01", description: "Room", amount: 100 },
    { date: "2026-10-02", description: "Room", amount: 100.5 },
  ],
  total_amount: 200.5,
  ...over,
});
const record = { guest_name: "Jane Doe", check_in: "2026-10-01", check_out: "2026-10-03" };

describe("folio amounts", () => {
  it.each([
    ["1,234.50", 1234.5],
    ["1.234,50", 1234.5],
    ["1'234.50", 1234.5],
    ["1,23,456.00", 123456],
    ["12,50,000", 1250000],
    ["150,00", 150],
    ["0,500", 0.5],
    ["12,000", 12000],
    ["189.00", 189],
  ])("reads %s as %d", (written, value) => {
    expect(readNumber(written)?.value).toBe(value);
  });

  it("refuses malformed groupings", () => {
    for (const s of ["1,2345.00", "12,34,5.00", "1.234.5", "1,234,56"]) expect(readNumber(s), s).toBeNull();
  });

  it("reads signs, brackets, trailing minus, CR, and currency marks on either side", () => {
    const line = "-50.00  (60.00)  70.00-  80.00 CR  $90.00  EUR 100,00  110,00 €  Rs.1,200.00  CHF 1'234.50";
    expect(findMoney(line).map((m) => [m.value, m.currency])).toEqual([
      [-50, null],
      [-60, null],
      [-70, null],
      [-80, null],
      [90, "USD"],
      [100, "EUR"],
      [110, "EUR"],
      [1200, "INR"],
      [1234.5, "CHF"],
    ]);
  });

  it("does not read codes, phone numbers, percentages, times or counts glued to words as amounts", () => {
    const line = "A1205  415-555-0100  15%  12:30  3rd  No.44  #12";
    expect(findMoney(line).map((m) => m.value)).toEqual([]);
  });

  it("in a document with decimals, bare integers are not charges; in a yen folio they are", () => {
    const cents = extractFolio("Folio No: 1001\nRoom Service   2   18.00\nCity Tax       3\nTotal  18.00");
    expect(cents.fields.charges).toEqual([{ description: "Room Service", amount: 18 }]);
    const yen = extractFolio("Folio No: 1001\nRoom Service   ¥1,800\nBottled water   300\nTotal   ¥2,100");
    expect(yen.fields.charges.map((c) => c.amount)).toEqual([1800, 300]);
    expect(yen.fields.total_amount).toBe(2100);
    expect(yen.issues.filter((i) => i.startsWith("total_mismatch"))).toEqual([]);
  });
});

describe("folio line items: payments, allowances and carried balances", () => {
  it("tells payments from charges by their words when no column or total does", () => {
    const r = extractFolio(`Folio No: 3001
01/10/2026  Room                   120.00
01/10/2026  Advance deposit         50.00
02/10/2026  Paid out - florist      35.00
02/10/2026  Discount loyalty       -10.00
03/10/2026  Cash                    95.00
03/10/2026  Refund to guest         -5.00`);
    expect(r.fields.charges.map((c) => [c.description, c.amount])).toEqual([
      ["Room", 120],
      ["Paid out - florist", 35], // a "paid out" is the hotel paying for the guest: a charge
      ["Discount loyalty", -10],
    ]);
    expect(r.fields.total_amount).toBeNull();
  });

  it("skips balances carried between pages, and reads 合計 as the total", () => {
    const r = extractFolio(`Folio No: 3002                                   Page 1
2026/10/01  Room Charge          ¥18,000
2026/10/02  Room Charge          ¥18,000
Carried forward                  ¥36,000
Folio No: 3002                                   Page 2
Balance brought forward          ¥36,000
2026/10/02  Restaurant            ¥4,950
合計                              ¥40,950`);
    expect(r.fields.charges.map((c) => c.amount)).toEqual([18000, 18000, 4950]);
    expect(r.fields.total_amount).toBe(40950);
    expect(r.issues).toEqual(["missing:guest_name", "missing:check_in", "missing:check_out"]);
  });
});

describe("folio currency", () => {
  it.each([
    ["Total: $120.00", "USD"],
    ["Total: US$120.00", "USD"],
    ["Total: A$120.00", "AUD"],
    ["Total: C$120.00", "CAD"],
    ["Total: €120,00", "EUR"],
    ["Total: £120.00", "GBP"],
    ["Total: ¥12,000", "JPY"],
    ["Total: ₹1,200.00", "INR"],
    ["Total: Rs. 1,200.00", "INR"],
    ["Total: INR 1,200.00", "INR"],
    ["Total: CHF 120.00", "CHF"],
    ["Total: AED 120.00", "AED"],
    ["Amounts in SGD\nTotal: $120.00", "SGD"],
    ["Total: 120.00", null],
  ])("%s → %s", (text, code) => {
    expect(detectCurrency(text.split("\n"))).toBe(code);
  });

  it("a 'Currency:' label wins over symbols", () => {
    expect(detectCurrency(["Currency: CAD", "Room  $100.00", "Tax  $13.00"])).toBe("CAD");
  });
});

describe("folio numbers", () => {
  const number = (text: string) => extractFolio(text).fields.folio_number;

  it("reads the usual labels", () => {
    expect(number("Folio No. 123456")).toBe("123456");
    expect(number("Folio #: A-7781")).toBe("A-7781");
    expect(number("Invoice Number: INV/2026/0042")).toBe("INV/2026/0042");
    expect(number("Bill No 55120")).toBe("55120");
    expect(number("Conf. No: 83412967")).toBe("83412967");
    expect(number("Reservation Number: RZ-99812")).toBe("RZ-99812");
  });

  it("prefers a folio or invoice number to a confirmation number, wherever they are", () => {
    expect(number("Confirmation #: 83412967\nGuest: A B\nFolio No.: 448812")).toBe("448812");
    expect(number("Booking Ref: MMT-1\nBill No: 55120\nInvoice No: 9001")).toBe("9001");
  });

  it("does not take a date, a title or a page number for the number", () => {
    expect(number("Invoice Date: 01/10/2026\nGUEST FOLIO\nFolio 1 of 2")).toBeNull();
  });

  it("falls back to the record's confirmation number when the folio prints it without a label", () => {
    const r = extractFolio("Thank you, ref 8A7Q221 is settled.\nGuest: Jane Doe", { ...record, confirmation_number: "8a7q221" });
    expect(r.fields.folio_number).toBe("8a7q221");
  });
});

describe("folio guest names", () => {
  it.each([
    ["SMITH, JOHN", "John Smith"],
    ["Mr. John A. Smith", "John Smith"],
    ["Dr John Michael Smith", "John Smith"],
    ["J. Smith", "John Smith"],
    ["José García Márquez", "Jose Garcia-Marquez"],
    ["MÜLLER, Anna Sophie", "Anna Muller"],
    ["Jon Smith", "John Smith"],
    ["MacDonald Ian", "Ian Mac Donald"],
    ["TANAKA HIROSHI 様", "Hiroshi Tanaka"],
  ])("%s matches %s", (a, b) => {
    expect(namesMatch(a, b)).toBe(true);
  });

  it.each([
    ["Jane Smith", "John Smith"],
    ["John Smithers", "John Smith"],
    ["Maria Garcia", "Mario Rossi"],
    ["J. S.", "John Smith"],
  ])("%s does not match %s", (a, b) => {
    expect(namesMatch(a, b)).toBe(false);
  });

  it("scores partial overlap between 0 and 1", () => {
    expect(nameSimilarity("Jane Smith", "John Smith")).toBe(0.5);
    expect(nameSimilarity("", "John Smith")).toBe(0);
  });

  it("finds an unlabelled name: a titled line, or the record's guest among the lines", () => {
    expect(extractFolio("Mrs. Priya Nair\n12 Hill Road\nFolio No: 7781").fields.guest_name).toBe("Priya Nair");
    const r = extractFolio("GRAND HOTEL\nDOE JANE\nAcme Corp\nFolio No: 7781", record);
    expect(r.fields.guest_name).toBe("DOE JANE");
  });

  it("reports a name that is someone else's", () => {
    const r = extractFolio("Folio No: 7781\nGuest Name: Peter Jones\nArrival: 2026-10-01  Departure: 2026-10-03\nTotal: 10.00", record);
    expect(r.issues).toEqual(['guest_name_mismatch: folio has "Peter Jones", record has "Jane Doe"']);
  });
});

describe("validateFolio and isCompleteFolio", () => {
  it("passes a consistent folio", () => {
    expect(validateFolio(fields(), record)).toEqual([]);
    expect(isCompleteFolio({ fields: fields(), issues: [] })).toBe(true);
  });

  it("allows a cent of rounding between the items and the total, not two", () => {
    expect(validateFolio(fields({ total_amount: 200.51 }))).toEqual([]);
    expect(validateFolio(fields({ total_amount: 200.52 }))).toEqual(["total_mismatch: items sum to 200.50, total is 200.52"]);
  });

  it("does not check the sum when there are no items", () => {
    expect(validateFolio(fields({ charges: [], total_amount: 999 }))).toEqual([]);
  });

  it("lists each missing required field, and nothing for missing room or currency", () => {
    const empty = fields({ folio_number: null, guest_name: null, check_in: null, check_out: null, total_amount: null, room_number: null, currency: null });
    expect(validateFolio(empty, record)).toEqual(["missing:folio_number", "missing:guest_name", "missing:check_in", "missing:check_out", "missing:total_amount"]);
  });
});

describe("the seam for an LLM to fill what the rules missed", () => {
  const PARTIAL = "Guest: Jane Doe\nArrival: 2026-10-01  Departure: 2026-10-03\nRoom  100.00\nRoom  100.50";

  it("lists the missing fields and fills only those, dropping answers that do not fit the schema", () => {
    const base = fields({ folio_number: null, total_amount: null, check_out: null });
    expect(missingFolioFields(base)).toEqual(["folio_number", "check_out", "total_amount"]);
    const merged = mergeFolioFields(base, { folio_number: "LLM-1", guest_name: "Someone Else", check_out: "3 Oct", total_amount: 200.5 });
    expect(merged.filled).toEqual(["folio_number", "total_amount"]);
    expect(merged.fields).toEqual(fields({ folio_number: "LLM-1", check_out: null }));
  });

  it("extractFolioWithFiller asks the filler for the missing fields and validates the result again", async () => {
    let asked: string[] = [];
    const r = await extractFolioWithFiller(PARTIAL, record, async (req) => {
      asked = req.missing;
      return { folio_number: "F-77", total_amount: 200.5 };
    });
    expect(asked).toEqual(["folio_number", "room_number", "currency", "total_amount"]);
    expect(r.filled).toEqual(["folio_number", "total_amount"]);
    expect(r.fields.folio_number).toBe("F-77");
    expect(r.issues).toEqual([]);
  });

  it("without a filler, or when it throws, the rules' result stands", async () => {
    const plain = await extractFolioWithFiller(PARTIAL, record, undefined);
    expect(plain.issues).toEqual(["missing:folio_number", "missing:total_amount"]);
    const failed = await extractFolioWithFiller(PARTIAL, record, async () => {
      throw new Error("model timeout");
    });
    expect(failed.issues).toEqual(plain.issues);
    expect(failed.fill_error).toBe("model timeout");
  });
});
