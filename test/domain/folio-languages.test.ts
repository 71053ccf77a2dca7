// The label tables (src/domain/folio/labels/*.ts) on small folios in each language, the name
// prefixes, number formats and OCR shapes the real scans showed, and splitFolios.
import { describe, expect, it } from "vitest";
import { extractFolio, splitFolios } from "../../src/domain/folio";
import { findMoney } from "../../src/domain/folio/money";

const folio = (lines: string[]) => lines.join("\n");

describe("extractFolio: labels in six languages", () => {
  const cases: [string, string, string[]][] = [
    [
      "fr",
      "Dupont",
      [
        "FACTURE",
        "N° de facture : F-2026-0187",
        "Nom du client : M. Jean Dupont",
        "Chambre : 214",
        "Arrivée : 01/10/2026      Départ : 03/10/2026",
        "",
        "01/10/2026  Hébergement              120,00",
        "02/10/2026  Hébergement              120,00",
        "02/10/2026  Taxe de séjour             4,40",
        "Montant total                   244,40 €",
        "Carte bancaire                 -244,40",
        "Solde                             0,00",
      ],
    ],
    [
      "es",
      "García",
      [
        "FACTURA",
        "Número de factura: 2026/7781",
        "Nombre del huésped: Sra. Lucía García",
        "Habitación: 508",
        "Fecha de llegada: 01/10/2026",
        "Fecha de salida: 03/10/2026",
        "",
        "01/10/2026  Alojamiento              95,00",
        "02/10/2026  Alojamiento              95,00",
        "Importe total                  190,00 EUR",
        "Pago con tarjeta               190,00",
        "Saldo                            0,00",
      ],
    ],
    [
      "it",
      "Rossi",
      [
        "FATTURA",
        "Numero fattura: 4412/26",
        "Nome ospite: Sig.ra Giulia Rossi",
        "Camera: 31",
        "Data di arrivo: 01/10/2026",
        "Data di partenza: 03/10/2026",
        "",
        "01/10/2026  Pernottamento           110,00",
        "02/10/2026  Pernottamento           110,00",
        "Totale                         220,00 €",
        "Pagamento carta di credito     220,00",
        "Saldo                            0,00",
      ],
    ],
    [
      "nl",
      "de Vries",
      [
        "FACTUUR",
        "Factuurnummer: 2026-0091",
        "Naam gast: Dhr. Pieter de Vries",
        "Kamer: 12",
        "Aankomst: 01-10-2026      Vertrek: 03-10-2026",
        "",
        "01-10-2026  Logies                   89,00",
        "02-10-2026  Logies                   89,00",
        "Totaal                         178,00 EUR",
        "Pinbetaling                    178,00",
        "Saldo                            0,00",
      ],
    ],
    [
      "de",
      "Müller",
      [
        "RECHNUNG",
        "Rechnungsnummer: 77120",
        "Gast: Frau Anna Müller",
        "Zimmer: 7",
        "Anreise: 01.10.2026      Abreise: 03.10.2026",
        "",
        "01.10.2026  Übernachtung             99,00",
        "02.10.2026  Übernachtung             99,00",
        "Gesamtbetrag                   198,00 EUR",
        "Zahlung EC-Karte               198,00",
        "Rechnungsbetrag                  0,00",
      ],
    ],
  ];
  for (const [lang, surname, lines] of cases) {
    it(`reads a ${lang} folio: number, guest without title, stay, room, total (not the balance)`, () => {
      const r = extractFolio(folio(lines));
      expect(r.fields.guest_name).toContain(surname);
      expect(r.fields.guest_name).not.toMatch(/^(?:M\.|Sra\.|Sig\.ra|Dhr\.|Frau)\s/);
      expect(r.fields.folio_number).toMatch(/\d/);
      expect(r.fields.check_in).toBe("2026-10-01");
      expect(r.fields.check_out).toBe("2026-10-03");
      expect(r.fields.room_number).toMatch(/^\d+$/);
      expect(r.fields.currency).toBe("EUR");
      expect(r.fields.total_amount).toBeGreaterThan(100);
      expect(r.issues).toEqual([]);
    });
  }

  it("takes a one-word name after a guest label", () => {
    expect(extractFolio("Guest Name: Sanjay\nFolio No: 55\nArrival: 01/10/2026  Departure: 02/10/2026").fields.guest_name).toBe("Sanjay");
  });
});

describe("folio numbers and OCR", () => {
  it("reads 1 234,56 and 12,00- and €-as-6 across a scan", () => {
    expect(findMoney("Total   1 234,56").map((m) => m.value)).toEqual([1234.56]);
    expect(findMoney("Remise   12,00-").map((m) => m.value)).toEqual([-12]);
    const scan = folio([
      "Folio No: 9001",
      "Guest Name: Jane Doe",
      "Arrival: 01/10/2026  Departure: 03/10/2026",
      "Date        Description        Charges     Credits",
      "01/10/2026  Room               6120.00",
      "02/10/2026  Room               6120.00",
      "02/10/2026  Breakfast           614.50",
      "03/10/2026  Visa                           6254.50",
      "Balance                         60.00",
    ]);
    const r = extractFolio(scan);
    expect(r.fields.total_amount).toBe(254.5);
    expect(r.fields.currency).toBe("EUR");
  });

  it("reports an item line whose amount is missing from the text instead of guessing it", () => {
    const r = extractFolio(
      folio([
        "Folio No: 9001",
        "Guest Name: Jane Doe",
        "Arrival: 01/10/2026  Departure: 03/10/2026",
        "Date        Description        Amount",
        "01/10/2026  Room               120.00",
        "02/10/2026  Room",
        "Total                          240.00",
      ]),
    );
    expect(r.issues.some((i) => i.startsWith("amount_unread"))).toBe(true);
  });

  it("counts a package once, not its indented components", () => {
    const r = extractFolio(
      folio([
        "Invoice number: 1",
        "Guest: Walter, Jens",
        "Arrival: 25.02.2019  Departure: 27.02.2019",
        "Description                     Amount EUR",
        "Best Rate with breakfast           161,00",
        "  Breakfast                         23,00",
        "  Lodging                          138,00",
        "Total services                     161,00",
        "Total payments                    -161,00",
        "Invoice amount                       0,00",
      ]),
    );
    expect(r.fields.total_amount).toBe(161);
    expect(r.fields.charges.map((c) => c.amount)).toEqual([161]);
  });
});

describe("splitFolios", () => {
  it("cuts a text holding two folios at the second one's header", () => {
    const a = folio(["GRAND HOTEL", "Folio No: 1001", "Guest Name: Ann Lee", "Room  200.00", "Total 200.00"]);
    const b = folio(["GRAND HOTEL", "Folio No: 1002", "Guest Name: Bob Ray", "Room  300.00", "Total 300.00"]);
    const parts = splitFolios(`${a}\n\n${b}`);
    expect(parts).toHaveLength(2);
    expect(parts[1]).toContain("GRAND HOTEL");
    expect(extractFolio(parts[1]!).fields.guest_name).toBe("Bob Ray");
    expect(splitFolios(a)).toEqual([a]);
  });
});
