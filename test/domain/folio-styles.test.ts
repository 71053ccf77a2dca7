import { describe, expect, it } from "vitest";
import { extractFolio, isCompleteFolio } from "../../src/domain/folio";

// Folios as five kinds of hotel print them. Texts are laid out as PDF text extraction gives them:
// columns separated by runs of spaces.

const US_CHAIN = `
                         GRAND HARBOR HOTEL SAN FRANCISCO
                    123 Market Street, San Francisco, CA 94105
                         Tel: +1 (415) 555-0100

GUEST FOLIO

Name: Mr. John A. Smith                          Room: 1205
Folio No.: 448812                                Arrival: 10/01/2026
Confirmation #: 83412967                         Departure: 10/04/2026
Rate Code: BAR1       Rate: $189.00              Page 1 of 1

Date        Description                        Charges        Credits
10/01/2026  Room Charge                         189.00
10/01/2026  Occupancy Tax 14%                    26.46
10/02/2026  Room Charge                         189.00
10/02/2026  Occupancy Tax 14%                    26.46
10/02/2026  Restaurant - Harbor Grill            64.30
10/03/2026  Room Charge                         189.00
10/03/2026  Occupancy Tax 14%                    26.46
10/03/2026  Parking - Valet                      45.00
10/04/2026  Visa XXXX-4242                                     755.68

                                  Total          755.68        755.68
                                  Balance Due                    0.00
`;

const EUROPEAN = `
Hotel Alpenrose ****
Maria-Theresien-Straße 12, 6020 Innsbruck, Österreich
UID: ATU12345678

RECHNUNG / INVOICE
Rechnungs-Nr.: 2026-004512                Datum: 05.10.2026
Gast / Guest: Müller, Anna Sophie
Zimmer / Room: 214
Anreise / Arrival: 02.10.2026       Abreise / Departure: 05.10.2026

Datum        Leistung / Description                 Betrag EUR
02.10.2026   Übernachtung / Accommodation             345,00
02.10.2026   Frühstück / Breakfast                     22,50
03.10.2026   Übernachtung / Accommodation             345,00
03.10.2026   Frühstück / Breakfast                     22,50
03.10.2026   Restaurant                                68,40
04.10.2026   Übernachtung / Accommodation             345,00
04.10.2026   Minibar                                    9,80
04.10.2026   Ortstaxe / City tax (3 x 2,16)             6,48
                                                    --------
Gesamtbetrag / Total                                1.164,68
inkl. 10% MwSt. / incl. 10% VAT auf 1.035,00           94,09
inkl. 20% MwSt. / incl. 20% VAT auf 129,68             21,61
Bezahlt / Paid: Mastercard                          1.164,68
Saldo / Balance                                         0,00
`;

const INDIAN_GST = `
                 HOTEL SAFFRON RESIDENCY
          14 MG Road, Bengaluru, Karnataka 560001
          GSTIN: 29AABCS1234F1Z5   Ph: +91 80 4123 4567

                        TAX INVOICE
Invoice No: SRB/2026-27/01873          Date: 04/10/2026
Bill No: 55120
Guest Name : MR. RAHUL KUMAR SHARMA
Room No : 508          Pax: 2
Arr. Date : 01/10/2026 14:05    Dep. Date : 04/10/2026 11:20
Booking Ref : MMT-88231

Date        Particulars                  SAC      Amount (Rs.)
01/10/2026  Room Tariff                  996311      6,500.00
01/10/2026  CGST @ 6%                                  390.00
01/10/2026  SGST @ 6%                                  390.00
02/10/2026  Room Tariff                  996311      6,500.00
02/10/2026  CGST @ 6%                                  390.00
02/10/2026  SGST @ 6%                                  390.00
02/10/2026  In-Room Dining               996331      1,250.00
02/10/2026  CGST @ 2.5%                                 31.25
02/10/2026  SGST @ 2.5%                                 31.25
03/10/2026  Room Tariff                  996311      6,500.00
03/10/2026  CGST @ 6%                                  390.00
03/10/2026  SGST @ 6%                                  390.00
03/10/2026  Laundry                      999712        480.00
03/10/2026  CGST @ 9%                                   43.20
03/10/2026  SGST @ 9%                                   43.20

Grand Total                                    Rs. 23,718.90
Amount in words: Rupees Twenty Three Thousand Seven Hundred Eighteen and Ninety Paise Only
Less: Advance / UPI                                 23,718.90
Net Payable                                              0.00

GST Summary
Rate     Taxable Amt       CGST        SGST
12%        19,500.00     1,170.00    1,170.00
5%          1,250.00        31.25       31.25
18%           480.00        43.20       43.20
`;

const UK = `
THE KENSINGTON ARMS HOTEL
14 Queen's Gate, London SW7 5EH
VAT Reg No: GB 123 4567 89

Invoice                                   Invoice Number: KA-778120
Guest: Ms Emily Clarke-Jones
Room: 32
Arrival: Thu 1 Oct 2026         Departure: Sat 3 Oct 2026

1 Oct 2026   Accommodation - Double Room          £165.00
1 Oct 2026   Full English Breakfast                £18.50
1 Oct 2026   Bar                                   £12.40
2 Oct 2026   Accommodation - Double Room          £165.00
2 Oct 2026   Dinner - The Garden Room              £56.75
                                                  -------
Total                                             £417.65
VAT @ 20% included in the above                    £69.61
Paid by American Express                         -£417.65
Balance                                              £0.00
`;

const JAPANESE = `
ホテル東京ベイ / HOTEL TOKYO BAY
〒135-0061 東京都江東区豊洲3-2-1  TEL 03-5555-1234
領収書 / RECEIPT
Folio No. 20261003-0457
Guest Name: TANAKA HIROSHI 様
Room No. 1812
Check-in: 2026/10/01   Check-out: 2026/10/03

Date        Description              Amount
2026/10/01  Room Charge              ￥18,000
2026/10/01  Consumption Tax           ￥1,800
2026/10/01  Accommodation Tax           ￥200
2026/10/02  Room Charge              ￥18,000
2026/10/02  Consumption Tax           ￥1,800
2026/10/02  Accommodation Tax           ￥200
2026/10/02  Restaurant                ￥4,950
Total                                ￥44,950
Credit Card (VISA)                  -￥44,950
Balance                                   ￥0
`;

describe("extractFolio: a US chain folio (MM/DD, $, Charges and Credits columns)", () => {
  const record = { guest_name: "John Smith", check_in: "2026-10-01", check_out: "2026-10-04", confirmation_number: "83412967" };
  const result = extractFolio(US_CHAIN, record);

  it("reads the header fields, preferring the folio number over the confirmation number", () => {
    const { charges, ...head } = result.fields;
    expect(head).toEqual({
      folio_number: "448812",
      guest_name: "John A. Smith",
      check_in: "2026-10-01",
      check_out: "2026-10-04",
      room_number: "1205",
      currency: "USD",
      total_amount: 755.68,
    });
    expect(charges).toHaveLength(8);
  });

  it("keeps the debit lines as charges and leaves the card payment, the rate and the balance out", () => {
    const { charges } = result.fields;
    expect(charges[0]).toEqual({ date: "2026-10-01", description: "Room Charge", amount: 189 });
    expect(charges[4]).toEqual({ date: "2026-10-02", description: "Restaurant - Harbor Grill", amount: 64.3 });
    expect(charges.at(-1)).toEqual({ date: "2026-10-03", description: "Parking - Valet", amount: 45 });
    expect(charges.some((c) => /visa|rate|balance/i.test(c.description))).toBe(false);
  });

  it("validates: items sum to the total, stay and name match, so it is complete", () => {
    expect(result.issues).toEqual([]);
    expect(isCompleteFolio(result)).toBe(true);
  });

  it("reads the same folio without a record as MM/DD too (the shorter stay, items inside it)", () => {
    const alone = extractFolio(US_CHAIN);
    expect([alone.fields.check_in, alone.fields.check_out]).toEqual(["2026-10-01", "2026-10-04"]);
    expect(alone.fields.charges[2]!.date).toBe("2026-10-02");
  });
});

describe("extractFolio: a European hotel (DD.MM.YYYY, 1.234,56, VAT included)", () => {
  const result = extractFolio(EUROPEAN, { guest_name: "Anna Müller", check_in: "2026-10-02", check_out: "2026-10-05" });

  it("reads comma decimals and dot thousands, and dates day first", () => {
    expect(result.fields).toMatchObject({
      folio_number: "2026-004512",
      guest_name: "Müller, Anna Sophie",
      check_in: "2026-10-02",
      check_out: "2026-10-05",
      room_number: "214",
      currency: "EUR",
      total_amount: 1164.68,
    });
    expect(result.fields.charges).toHaveLength(8);
    expect(result.fields.charges[1]).toEqual({ date: "2026-10-02", description: "Frühstück / Breakfast", amount: 22.5 });
    expect(result.fields.charges.at(-1)).toEqual({ date: "2026-10-04", description: "Ortstaxe / City tax", amount: 6.48 });
  });

  it("does not count the 'incl. VAT' lines that restate the items, nor the payment", () => {
    expect(result.fields.charges.some((c) => /mwst|vat|paid|mastercard/i.test(c.description))).toBe(false);
    expect(result.issues).toEqual([]);
  });
});

describe("extractFolio: an Indian hotel (Rs., GST lines, SAC codes, GST summary)", () => {
  const result = extractFolio(INDIAN_GST, { guest_name: "Rahul Sharma", check_in: "2026-10-01", check_out: "2026-10-04" });

  it("prefers the invoice number over the bill and booking numbers, and reads Rs. as INR", () => {
    expect(result.fields).toMatchObject({
      folio_number: "SRB/2026-27/01873",
      guest_name: "RAHUL KUMAR SHARMA",
      check_in: "2026-10-01",
      check_out: "2026-10-04",
      room_number: "508",
      currency: "INR",
      total_amount: 23718.9,
    });
  });

  it("counts CGST and SGST lines as charges, not the SAC codes, the advance or the GST summary", () => {
    const { charges } = result.fields;
    expect(charges).toHaveLength(15);
    expect(charges[0]).toEqual({ date: "2026-10-01", description: "Room Tariff", amount: 6500 });
    expect(charges.filter((c) => /^[CS]GST/.test(c.description))).toHaveLength(10);
    expect(charges.some((c) => c.amount === 996311 || c.amount === 19500 || /advance|upi/i.test(c.description))).toBe(false);
    expect(result.issues).toEqual([]);
  });
});

describe("extractFolio: a UK hotel (£, written dates with weekdays, VAT included)", () => {
  const result = extractFolio(UK, { guest_name: "Emily Clarke-Jones", check_in: "2026-10-01", check_out: "2026-10-03" });

  it("reads the fields; 'Room' inside a description is not the room number", () => {
    expect(result.fields).toMatchObject({
      folio_number: "KA-778120",
      guest_name: "Emily Clarke-Jones",
      check_in: "2026-10-01",
      check_out: "2026-10-03",
      room_number: "32",
      currency: "GBP",
      total_amount: 417.65,
    });
    expect(result.fields.charges.map((c) => c.amount)).toEqual([165, 18.5, 12.4, 165, 56.75]);
    expect(result.fields.charges[4]).toEqual({ date: "2026-10-02", description: "Dinner - The Garden Room", amount: 56.75 });
    expect(result.issues).toEqual([]);
  });
});

describe("extractFolio: a Japanese hotel (¥ without decimals, full-width yen, YYYY/MM/DD)", () => {
  const result = extractFolio(JAPANESE, { guest_name: "Hiroshi Tanaka", check_in: "2026-10-01", check_out: "2026-10-03" });

  it("reads whole-yen amounts, and no postal code, phone number or folio digits as charges", () => {
    expect(result.fields).toMatchObject({
      folio_number: "20261003-0457",
      guest_name: "TANAKA HIROSHI",
      check_in: "2026-10-01",
      check_out: "2026-10-03",
      room_number: "1812",
      currency: "JPY",
      total_amount: 44950,
    });
    expect(result.fields.charges.map((c) => c.amount)).toEqual([18000, 1800, 200, 18000, 1800, 200, 4950]);
    expect(result.issues).toEqual([]);
  });
});
