import { describe, expect, it } from "vitest";
import { chooseIvrOption, parseIvrMenu } from "../../src/domain/understanding";

const digitsFor = (menu: string) => chooseIvrOption(menu, "folio")?.digits ?? null;

describe("chooseIvrOption: the brief's menus", () => {
  it.each([
    ["For reservations press 1, for the front desk press 2, for billing press 3", "3"],
    ["press 0 for the operator", "0"],
    ["To speak with accounting, dial 4", "4"],
    ["If you are calling about an existing reservation, press 2", "2"],
    ["Para español oprima 9. For the front desk, press 2.", "2"],
    ["For reservations press one, for guest services press two, to repeat these options press star.", "2"],
  ])("%s → %s", (menu, digits) => {
    expect(digitsFor(menu)).toBe(digits);
  });
});

describe("chooseIvrOption: hotel styles", () => {
  it.each([
    // Big-brand, long preamble, options in "For X, press N" form.
    [
      "Thank you for calling the Grand Harbor Hotel. Please listen carefully as our menu options have changed. For directions to the hotel, press 1. For group and event sales, press 2. For accounts receivable and billing inquiries, press 3. For the front desk, press 4.",
      "3",
    ],
    // "Press N for X" with a list continuation that drops the verb.
    ["Press 1 for reservations, 2 for the front desk, 3 for sales and catering, or 0 for the operator.", "2"],
    ["Press 2 for our accounting department or 3 for housekeeping.", "2"],
    // Department first, then the key.
    ["Reservations, press 1. Front desk, press 2. Accounts receivable, press pound.", "#"],
    // Commas inside an option's description.
    ["For billing, accounts, or invoices, press 3. For reservations, press 1.", "3"],
    ["Press 3 for billing, invoices, or folio requests. Press 9 for Spanish.", "3"],
    // A post-stay option beats the front desk.
    ["For questions about a recent stay, press 4. For reception press 2.", "4"],
    ["For a copy of your bill or receipt, press 3. For reservations press 1.", "3"],
    // Front desk over existing reservation over operator.
    ["If you have an existing reservation, press 1. For the front desk, press 2. For the operator, press 0.", "2"],
    ["To make a new reservation, press 1. To change or cancel an existing reservation, press 2. For all other inquiries, press 0.", "2"],
    ["If you are a guest currently staying with us, press 1. For reservations, press 2. For all other calls, press 0.", "1"],
    // Only the operator is acceptable.
    ["Para español oprima 9. For reservations, press 1. For all other inquiries press 0.", "0"],
    ["If you know your party's extension, dial it now. For a company directory, press 9. To reach the operator, press 0.", "0"],
    ["For the hotel operator, dial zero.", "0"],
    // Voice-menu wording and other verbs.
    ["To reach the front desk, press or say 2.", "2"],
    ["For billing, select option 3.", "3"],
    ["If you'd like to speak with guest accounts, please press 5.", "5"],
    ["For restaurant reservations press 4, for in-room dining press 5, for the front desk press 6.", "6"],
    ["Press 9 for the front desk, or hit 7 for the spa.", "9"],
    // Spanish and French menus.
    ["Para reservaciones oprima uno. Para la recepción oprima dos.", "2"],
    ["Para facturación, marque el 3. Para reservaciones, marque el 1.", "3"],
    ["Pour la réception, appuyez sur le 2. Pour les réservations, appuyez sur le 1.", "2"],
    // Multi-digit extension.
    ["To reach the accounting office directly, dial 4 5 2.", "452"],
  ])("%#: → %s", (menu, digits) => {
    expect(digitsFor(menu)).toBe(digits);
  });
});

describe("chooseIvrOption: what it never picks", () => {
  it.each([
    "For group sales, press 4. For events, press 5. For the spa, press 6.",
    "Press star to repeat this menu. If you know your party's extension, you may enter it now.",
    "Press 1 for English. Para español oprima 2.",
    "To make a reservation, press 1.",
    "For reservations, press 1. For the restaurant, press 2.",
    "Press the pound key to return to the main menu.",
    "For employment opportunities, press 8. For valet parking, press 7.",
    "Hi, you've reached the Seaside Inn. Please hold and the next available associate will be with you shortly.",
    "",
  ])("null: %j", (menu) => {
    expect(chooseIvrOption(menu, "folio")).toBeNull();
  });

  it("skips a language switch even when it is the only 9 on offer and billing is further on", () => {
    expect(digitsFor("Para español oprima 9. For billing press 3. For sales press 4.")).toBe("3");
  });

  it("billing mixed with a banned word ranks below the front desk but above the operator", () => {
    expect(digitsFor("For group billing, press 5. For the front desk, press 2.")).toBe("2");
    const r = chooseIvrOption("For group billing, press 5. For the operator, press 0.", "folio");
    expect(r?.digits).toBe("5");
    expect(r?.reason).toMatch(/despite "group"/);
  });
});

describe("chooseIvrOption: result shape", () => {
  it("names the layer, the option and the rule in the reason", () => {
    const r = chooseIvrOption("For reservations press 1, for the front desk press 2, for billing press 3", "folio");
    expect(r).toEqual({ digits: "3", reason: expect.stringMatching(/^rules: option 3 "for billing" → billing\/accounts$/) });
  });

  it("treats a bare 0 as the operator by convention", () => {
    const r = chooseIvrOption("For reservations press 1. Or press 0 at any time.", "folio");
    expect(r?.digits).toBe("0");
    expect(r?.reason).toMatch(/operator/);
  });

  it("returns null for a goal it does not know", () => {
    expect(chooseIvrOption("for billing press 3", "booking" as never)).toBeNull();
  });
});

describe("parseIvrMenu", () => {
  it("pairs each key with its words, whichever side they are on", () => {
    expect(parseIvrMenu("For reservations press 1, for the front desk press 2. Press 3 for billing, or 4 for sales.")).toEqual([
      { digits: "1", description: "for reservations" },
      { digits: "2", description: "for the front desk" },
      { digits: "3", description: "for billing" },
      { digits: "4", description: "for sales" },
    ]);
  });

  it("reads keys spoken as words and symbols", () => {
    expect(parseIvrMenu("Press star to repeat. Press pound for more. Dial zero for the operator. Press seven for billing.").map((o) => o.digits)).toEqual(["*", "#", "0", "7"]);
  });
});
