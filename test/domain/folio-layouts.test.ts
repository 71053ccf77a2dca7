import { describe, expect, it } from "vitest";
import { extractFolio, isCompleteFolio } from "../../src/domain/folio";

// Layouts rather than countries: payments and a running balance, PDF text broken into one cell per
// line, HTML tables turned into text, tab-separated text, plain email bodies, and invalid folios.

const RUNNING_BALANCE = `
SEASIDE RESORT & SPA
Folio                                                      Page 1
Guest Name      Reservation No.     Room     Arrival        Departure
Garcia, Maria   5521987             407      Sep 28, 2026   Oct 2, 2026

Date      Description                      Debit      Credit     Balance
09/28     Advance Deposit                              200.00     -200.00
09/28     Room 407 Ocean View              249.00                   49.00
09/28     Resort Fee                        35.00                   84.00
09/29     Room 407 Ocean View              249.00                  333.00
09/29     Resort Fee                        35.00                  368.00
09/29     Spa - Massage 60 min             140.00                  508.00
09/30     Room 407 Ocean View              249.00                  757.00
09/30     Resort Fee                        35.00                  792.00
10/01     Room 407 Ocean View              249.00                1,041.00
10/01     Resort Fee                        35.00                1,076.00
10/02     Mastercard ****5454                        1,076.00        0.00

                                           Balance                   0.00
`;

const BROKEN_PDF = `
Hotel Le Marais
Paris

FACTURE / INVOICE
N° de facture
F-2026-10-0099
Client
DUPONT Jean-Pierre
Chambre
12
Arrivée
01/10/2026
Départ
03/10/2026

Date
Désignation
Montant
01/10/2026 Hébergement chambre double
180,00 €
01/10/2026 Taxe de séjour
4,60 €
02/10/2026 Hébergement chambre double
180,00 €
02/10/2026 Taxe de séjour
4,60 €
02/10/2026 Petit-déjeuner
 2 x 15,00
30,00 €
Total TTC
399,20 €
dont TVA 10 %
36,29 €
`;

const HTML_TABLE = `
Your receipt from Citynest Hotel Amsterdam
Booking number: CN-2026-55812
Guest: Sophie van der Berg
Check-in: Thu, 1 Oct 2026
Check-out: Sun, 4 Oct 2026
Room: 305
| Date | Item | Amount |
| 01-Oct-26 | Room night | € 139,00 |
| 02-Oct-26 | Room night | € 139,00 |
| 03-Oct-26 | Room night | € 139,00 |
| 03-Oct-26 | City tax 7% | € 29,19 |
| | Discount Genius 10% | -€ 41,70 |
| | Total | € 404,49 |
| | Paid (iDEAL) | € 404,49 |
`;

const TABS = [
  "Folio No:\t7781",
  "Guest Name:\tLee, David",
  "Arrival:\t10/05/2026\tDeparture:\t10/07/2026",
  "",
  "Date\tDescription\tCharges\tCredits\tBalance",
  "10/05/2026\tRoom\t$210.00\t\t$210.00",
  "10/05/2026\tRoom Tax\t$31.50\t\t$241.50",
  "10/06/2026\tRoom\t$210.00\t\t$451.50",
  "10/06/2026\tRoom Tax\t$31.50\t\t$483.00",
  "10/07/2026\tAMEX\t\t$483.00\t$0.00",
  "Total\t$483.00\t$483.00\t$0.00",
].join("\r\n");

const SUBTOTAL_THEN_TAX = `
MOUNTAIN LODGE - Statement
Statement #: ML-20931
Guest: Dr. Karen O'Neil
Check-in Date: Oct 12, 2026    Check-out Date: Oct 14, 2026
Room #: 21

Oct 12  Lodging                           $179.00
Oct 13  Lodging                           $179.00
Oct 13  Dinner, The Antler Room            $88.40
        Subtotal                          $446.40
        State Lodging Tax 7.5%             $26.85
        County Tax 2%                       $7.16
        Total Due                         $480.41
`;

const NET_VAT_GROSS = `
Hotel Baltic Rigas
Invoice No. R-5512
Guest: Janis Berzins
Arrival 14.10.2026 Departure 16.10.2026

14.10.2026  Accommodation          110,00 EUR
15.10.2026  Accommodation          110,00 EUR
15.10.2026  Sauna                   25,00 EUR
Net amount                         219,25 EUR
VAT 12%                             25,75 EUR
Total                              245,00 EUR
`;

const PARTIAL_EMAIL = `
Dear Mr. Patel,

Thank you for staying with us. Please find the details of your stay below.

Confirmation Number: 7Q4K29
Guest: Arjun Patel
Check-in: October 5, 2026
Check-out: October 7, 2026

Room charges (2 nights): USD 298.00
Parking: USD 40.00

Kind regards,
Front Office, Lakeside Inn
`;

const NOT_SUMMING = `
HOTEL MIRADOR
Invoice No. 90-1142
Guest Name: Laura Gómez
Room: 9
Arrival: 2026-10-01   Departure: 2026-10-03

2026-10-01  Room             120.00
2026-10-02  Room             120.00
2026-10-02  Restaurant        52.50
2026-10-02  Minibar           12.00
TOTAL                        310.00
`;

describe("extractFolio: payments and a zero balance", () => {
  const record = { guest_name: "Maria Garcia", check_in: "2026-09-28", check_out: "2026-10-02" };
  const result = extractFolio(RUNNING_BALANCE, record);

  it("reads a row of labels over a row of values", () => {
    const { charges, total_amount, ...head } = result.fields;
    expect(head).toEqual({
      folio_number: "5521987",
      guest_name: "Garcia, Maria",
      check_in: "2026-09-28",
      check_out: "2026-10-02",
      room_number: "407",
      currency: null,
    });
  });

  it("takes debits as charges, leaves the deposit and the card out, and ignores the running balance", () => {
    const { charges } = result.fields;
    expect(charges).toHaveLength(9);
    expect(charges.map((c) => c.amount)).toEqual([249, 35, 249, 35, 140, 249, 35, 249, 35]);
    expect(charges[0]).toEqual({ date: "2026-09-28", description: "Room 407 Ocean View", amount: 249 });
    expect(charges.at(-1)!.date).toBe("2026-10-01"); // yearless "10/01", month first like the rest
  });

  it("with only 'Balance 0.00', takes the total as the balance plus the payments", () => {
    expect(result.fields.total_amount).toBe(1276);
    expect(result.issues).toEqual([]);
  });
});

describe("extractFolio: PDF text broken one cell per line", () => {
  const result = extractFolio(BROKEN_PDF, { guest_name: "Jean-Pierre Dupont", check_in: "2026-10-01", check_out: "2026-10-03" });

  it("takes each label's value from the next line", () => {
    const { charges, ...head } = result.fields;
    expect(head).toEqual({
      folio_number: "F-2026-10-0099",
      guest_name: "DUPONT Jean-Pierre",
      check_in: "2026-10-01",
      check_out: "2026-10-03",
      room_number: "12",
      currency: "EUR",
      total_amount: 399.2,
    });
  });

  it("joins amounts to the description above them, skips the quantity working and the included VAT", () => {
    expect(result.fields.charges).toEqual([
      { date: "2026-10-01", description: "Hébergement chambre double", amount: 180 },
      { date: "2026-10-01", description: "Taxe de séjour", amount: 4.6 },
      { date: "2026-10-02", description: "Hébergement chambre double", amount: 180 },
      { date: "2026-10-02", description: "Taxe de séjour", amount: 4.6 },
      { date: "2026-10-02", description: "Petit-déjeuner", amount: 30 },
    ]);
    expect(isCompleteFolio(result)).toBe(true);
  });
});

describe("extractFolio: an HTML table turned into text", () => {
  const result = extractFolio(HTML_TABLE, { guest_name: "Sophie van der Berg", check_in: "2026-10-01", check_out: "2026-10-04" });

  it("reads pipes as columns, a discount as a negative charge, and leaves the payment out", () => {
    expect(result.fields).toMatchObject({ folio_number: "CN-2026-55812", room_number: "305", currency: "EUR", total_amount: 404.49 });
    expect(result.fields.charges.map((c) => [c.date ?? null, c.amount])).toEqual([
      ["2026-10-01", 139],
      ["2026-10-02", 139],
      ["2026-10-03", 139],
      ["2026-10-03", 29.19],
      [null, -41.7],
    ]);
    expect(result.fields.charges[4]).toEqual({ description: "Discount Genius 10%", amount: -41.7 });
    expect(result.issues).toEqual([]);
  });
});

describe("extractFolio: other layouts", () => {
  it("reads tab-separated text with CRLF line ends and a Charges/Credits/Balance header", () => {
    const r = extractFolio(TABS, { guest_name: "David Lee", check_in: "2026-10-05", check_out: "2026-10-07" });
    expect(r.fields.charges.map((c) => c.amount)).toEqual([210, 31.5, 210, 31.5]);
    expect(r.fields).toMatchObject({ folio_number: "7781", currency: "USD", total_amount: 483, check_out: "2026-10-07" });
    expect(r.issues).toEqual([]);
  });

  it("counts tax lines between a subtotal and the total when the total includes them", () => {
    const r = extractFolio(SUBTOTAL_THEN_TAX);
    expect(r.fields.charges.map((c) => c.amount)).toEqual([179, 179, 88.4, 26.85, 7.16]);
    expect(r.fields).toMatchObject({ folio_number: "ML-20931", guest_name: "Karen O'Neil", room_number: "21", total_amount: 480.41 });
    expect(r.fields.charges[0]!.date).toBe("2026-10-12");
    expect(r.issues).toEqual([]);
  });

  it("does not count a VAT line that splits a gross total into net and tax", () => {
    const r = extractFolio(NET_VAT_GROSS);
    expect(r.fields.charges.map((c) => c.description)).toEqual(["Accommodation", "Accommodation", "Sauna"]);
    expect(r.fields.total_amount).toBe(245);
    expect(r.issues).toEqual([]);
  });
});

describe("extractFolio: partial and invalid folios", () => {
  it("a plain email with no total: items, the booking number as the folio number, total missing", () => {
    const r = extractFolio(PARTIAL_EMAIL, { guest_name: "Arjun Patel", check_in: "2026-10-05", check_out: "2026-10-07" });
    expect(r.fields).toEqual({
      folio_number: "7Q4K29",
      guest_name: "Arjun Patel",
      check_in: "2026-10-05",
      check_out: "2026-10-07",
      room_number: null,
      currency: "USD",
      charges: [
        { description: "Room charges (2 nights)", amount: 298 },
        { description: "Parking", amount: 40 },
      ],
      total_amount: null,
    });
    expect(r.issues).toEqual(["missing:total_amount"]);
    expect(isCompleteFolio(r)).toBe(false);
  });

  it("items that do not sum to the total are reported with both figures", () => {
    const r = extractFolio(NOT_SUMMING, { guest_name: "Laura Gomez", check_in: "2026-10-01", check_out: "2026-10-03" });
    expect(r.fields.charges).toHaveLength(4);
    expect(r.fields.total_amount).toBe(310);
    expect(r.issues).toEqual(["total_mismatch: items sum to 304.50, total is 310.00"]);
    expect(isCompleteFolio(r)).toBe(false);
  });

  it("text that is no folio at all lists every required field as missing", () => {
    const r = extractFolio("Thank you for your email. We will get back to you shortly.\n\nFront desk");
    expect(r.fields.charges).toEqual([]);
    expect(r.issues).toEqual(["missing:folio_number", "missing:guest_name", "missing:check_in", "missing:check_out", "missing:total_amount"]);
  });
});
