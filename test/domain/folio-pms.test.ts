import { describe, expect, it } from "vitest";
import { extractFolio, isCompleteFolio } from "../../src/domain/folio";

// Two more shapes seen in the wild: a property-management-system "information invoice" with the
// guest's address block beside a column of labels, and an HTML table flattened to one cell per line.

const PMS_INVOICE = `
                                                    INFORMATION INVOICE
Mr Michael Brown                                    Room No.          : 0815
Acme Corp                                           Arrival           : 10-05-26
1 Main St                                           Departure         : 10-08-26
Boston MA 02110                                     Page No.          : 1 of 1
                                                    Folio No.         : 118822
                                                    Conf. No.         : 22981734
                                                    Cashier No.       : 42
                                                    User ID           : JDOE
                                                    Date              : 10-08-26

Date        Text                                          Charges        Credits
10-05-26    Accommodation                                  229.00
10-05-26    State Tax                                       13.74
10-06-26    Accommodation                                  229.00
10-06-26    State Tax                                       13.74
10-07-26    Accommodation                                  229.00
10-07-26    State Tax                                       13.74
10-07-26    Minibar                                         18.50
10-08-26    Master Card                                                   746.72
            Total                                          746.72         746.72

                                                  Balance                   0.00  USD
`;

const ONE_CELL_PER_LINE = `
Booking confirmation 55AB12
Guest
Chen Wei
Date
Description
Amount
01 Oct 2026
Room
$150.00
02 Oct 2026
Room
$150.00
Total
$300.00
`;

describe("extractFolio: a PMS information invoice", () => {
  const record = { guest_name: "Michael Brown", check_in: "2026-10-05", check_out: "2026-10-08" };
  const result = extractFolio(PMS_INVOICE, record);

  it("takes the titled name from the address block and the labels from the column beside it", () => {
    const { charges, ...head } = result.fields;
    expect(head).toEqual({
      folio_number: "118822",
      guest_name: "Michael Brown",
      check_in: "2026-10-05",
      check_out: "2026-10-08",
      room_number: "0815",
      currency: "USD",
      total_amount: 746.72,
    });
  });

  it("reads DD-MM-YY against the record as month first, items included, and is complete", () => {
    expect(result.fields.charges.map((c) => c.date)).toEqual(["2026-10-05", "2026-10-05", "2026-10-06", "2026-10-06", "2026-10-07", "2026-10-07", "2026-10-07"]);
    expect(isCompleteFolio(result)).toBe(true);
  });

  it("reports the change when one line is altered", () => {
    const altered = extractFolio(PMS_INVOICE.replace("18.50", "19.50"), record);
    expect(altered.issues).toEqual(["total_mismatch: items sum to 747.72, total is 746.72"]);
  });
});

describe("extractFolio: an HTML table flattened to one cell per line", () => {
  it("puts each date, description and amount back together", () => {
    const r = extractFolio(ONE_CELL_PER_LINE, { guest_name: "Wei Chen", check_in: "2026-10-01", check_out: "2026-10-03" });
    expect(r.fields.charges).toEqual([
      { date: "2026-10-01", description: "Room", amount: 150 },
      { date: "2026-10-02", description: "Room", amount: 150 },
    ]);
    expect(r.fields).toMatchObject({ folio_number: "55AB12", guest_name: "Chen Wei", total_amount: 300, currency: "USD" });
    expect(r.issues).toEqual(["missing:check_in", "missing:check_out"]);
  });
});
