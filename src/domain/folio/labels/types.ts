// The shape of one language's folio labels. Phrases are written plainly, in lowercase; labels.ts
// compiles them into patterns that tolerate OCR noise and broken spacing, so the tables stay data.

export interface LabelTable {
  /** "Guest name": a label that names the guest whatever follows. */
  guestName: string[];
  /** "Guest": a name label only when a colon or a column break follows it. */
  guest: string[];
  /** Words that make a number label: "No.", "Nr.", "n°". */
  numberWords: string[];
  /** Labels that need a number word after them to be a number ("Folio No."), or stand alone with a colon. */
  folio: string[];
  invoice: string[];
  confirmation: string[];
  /** Labels that already say "number" ("Rechnungsnummer", "factuurnummer"). */
  invoiceNumber: string[];
  confirmationNumber: string[];
  room: string[];
  arrival: string[];
  departure: string[];
  /** A stay written as a range: "from 01.10.2026 to 03.10.2026". */
  rangeFrom: string[];
  rangeTo: string[];
  /** The total of charges. */
  total: string[];
  /** What is left to pay after deposits ("amount due"). */
  due: string[];
  /** What is left after every payment: often 0.00, never the total. */
  balance: string[];
  /** The total of payments: not the total of charges. */
  paymentsTotal: string[];
  /** A payment line's words: cards, cash, deposits, transfers. */
  payment: string[];
  /** Courtesy titles before a name. */
  titles: string[];
}
