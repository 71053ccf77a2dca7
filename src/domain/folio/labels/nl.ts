// Dutch folio labels (Factuur, Gast, Aankomst/Vertrek, Saldo, Betaling).
import type { LabelTable } from "./types";

export const nl: LabelTable = {
  guestName: ["naam gast", "gastnaam", "naam van de gast"],
  guest: ["gast", "klant"],
  numberWords: ["nr", "nummer", "no"],
  folio: ["folio"],
  invoice: ["factuur", "nota"],
  confirmation: ["reservering", "boeking", "bevestiging"],
  invoiceNumber: ["factuurnummer", "factuurnr", "notanummer"],
  confirmationNumber: ["reserveringsnummer", "boekingsnummer", "bevestigingsnummer"],
  room: ["kamer", "kamernummer", "appartement"],
  arrival: ["aankomstdatum", "aankomst", "datum aankomst"],
  departure: ["vertrekdatum", "vertrek", "datum vertrek"],
  rangeFrom: ["van"],
  rangeTo: ["tot", "t/m"],
  total: ["totaalbedrag", "totaal factuur", "te betalen totaal", "totaal"],
  due: ["te betalen", "openstaand bedrag", "nog te betalen"],
  balance: ["saldo", "openstaand saldo"],
  paymentsTotal: ["totaal betalingen", "totaal betaald", "totaal aanbetalingen"],
  payment: ["betaling", "betaald", "aanbetaling", "contant", "pinbetaling", "pin", "creditcard", "overboeking", "voorschot"],
  titles: ["dhr", "mevr", "mw", "heer", "mevrouw"],
};
