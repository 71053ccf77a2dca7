// German folio labels (Rechnung, Gastname, Anreise/Abreise, Belastung/Entlastung, Saldo).
import type { LabelTable } from "./types";

export const de: LabelTable = {
  guestName: ["gastname", "name des gastes", "name gast", "gast name"],
  guest: ["gast"],
  numberWords: ["nr", "nummer", "no"],
  folio: ["folio"],
  invoice: ["rechnungs", "rechnung"],
  confirmation: ["reservierungs", "reservierung", "buchungs", "buchung"],
  invoiceNumber: ["rechnungsnummer", "rechnungsnr", "rechnungs-nr", "rechnungs nr"],
  confirmationNumber: ["reservierungsnummer", "reservierungsnr", "buchungsnummer", "bestätigungsnummer"],
  room: ["zimmernummer", "zimmer-nr", "zimmer", "zi", "apartment nr", "apartment"],
  arrival: ["anreisedatum", "anreise", "ankunftsdatum", "ankunft"],
  departure: ["abreisedatum", "abreise", "abfahrt"],
  rangeFrom: ["vom", "von"],
  rangeTo: ["bis"],
  total: ["gesamtbetrag", "gesamtsumme", "rechnungsbetrag", "rechnungssumme", "endbetrag", "summe belastungen", "saldo leistungen", "summe leistungen", "gesamt", "summe"],
  due: ["zu zahlen", "zahlbetrag", "offener betrag", "restbetrag"],
  balance: ["saldo", "offener saldo", "kontostand"],
  paymentsTotal: ["summe zahlungen", "saldo zahlungen", "zahlungen gesamt", "summe entlastungen", "gesamt zahlungen"],
  payment: ["zahlung", "bezahlt", "anzahlung", "vorauszahlung", "bargeld", "barzahlung", "kreditkarte", "ec-karte", "überweisung", "gutschrift"],
  titles: ["herr", "frau", "hr", "fr", "dr"],
};
