// English folio labels (also the lingua franca of PMS exports: Opera, Protel, Mews).
import type { LabelTable } from "./types";

export const en: LabelTable = {
  guestName: ["guest name", "guests name", "guest's name", "name of guest", "name of the guest"],
  guest: ["guest", "client", "customer"],
  numberWords: ["no", "nr", "num", "number", "#", "id", "n°", "nº"],
  folio: ["guest folio", "master folio", "folio"],
  invoice: ["tax invoice", "vat invoice", "invoice"],
  confirmation: ["confirmation", "conf.", "booking", "reservation", "res."],
  invoiceNumber: ["invoice number"],
  confirmationNumber: ["confirmation number", "booking reference", "reservation number", "pnr"],
  room: ["room", "rm", "apartment", "apt"],
  arrival: ["arrival date", "date of arrival", "arrival", "check-in date", "check-in", "arr. date", "arr."],
  departure: ["departure date", "date of departure", "departure", "check-out date", "check-out", "dep. date", "dep."],
  rangeFrom: ["from"],
  rangeTo: ["to", "until", "till"],
  total: ["grand total", "total amount", "invoice total", "total invoice amount", "total invoice", "total charges", "total folio", "folio total", "total"],
  due: ["amount due", "amount payable", "total due", "total amount due", "net payable", "please pay"],
  balance: ["balance due", "balance outstanding", "balance to pay", "closing balance", "outstanding balance", "balance", "outstanding"],
  paymentsTotal: ["total payments", "total payment", "total paid", "total credits", "payments total", "total deposits"],
  payment: ["payment", "paid", "visa", "mastercard", "amex", "american express", "credit card", "debit card", "cash", "cheque", "deposit", "advance deposit", "prepayment", "bank transfer", "city ledger", "direct bill", "refund"],
  titles: ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir"],
};
