// Italian folio labels (Fattura, Ospite, Arrivo/Partenza, Saldo, Pagamento).
import type { LabelTable } from "./types";

export const it: LabelTable = {
  guestName: ["nome ospite", "nome dell'ospite", "nominativo ospite", "nome cliente"],
  guest: ["ospite", "cliente"],
  numberWords: ["n", "n°", "nº", "nr", "num", "numero"],
  folio: ["folio", "conto"],
  invoice: ["fattura", "ricevuta"],
  confirmation: ["prenotazione", "conferma"],
  invoiceNumber: ["numero fattura", "fattura numero", "numero ricevuta"],
  confirmationNumber: ["numero prenotazione", "numero di conferma"],
  room: ["camera", "stanza", "numero camera"],
  arrival: ["data di arrivo", "data arrivo", "arrivo"],
  departure: ["data di partenza", "data partenza", "partenza"],
  rangeFrom: ["dal"],
  rangeTo: ["al"],
  total: ["importo totale", "totale fattura", "totale documento", "totale"],
  due: ["da pagare", "importo dovuto", "netto a pagare"],
  balance: ["saldo", "saldo dovuto"],
  paymentsTotal: ["totale pagamenti", "totale pagato", "totale acconti"],
  payment: ["pagamento", "acconto", "caparra", "contanti", "carta di credito", "bancomat", "bonifico"],
  titles: ["sig", "sig.ra", "sig.na", "signor", "signora", "dott", "dott.ssa"],
};
