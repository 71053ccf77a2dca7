// French folio labels (Facture, Nom du client, Arrivée/Départ, Solde, Acompte).
import type { LabelTable } from "./types";

export const fr: LabelTable = {
  guestName: ["nom du client", "nom de l'hôte", "nom du clien", "nom client"],
  guest: ["client", "hôte"],
  numberWords: ["n°", "nº", "no", "numéro", "num"],
  folio: ["folio"],
  invoice: ["facture"],
  confirmation: ["réservation", "confirmation"],
  invoiceNumber: ["numéro de facture", "n° de facture", "n° facture"],
  confirmationNumber: ["numéro de réservation", "n° de réservation", "numéro de confirmation"],
  room: ["chambre", "numéro de chambre", "appartement"],
  arrival: ["date d'arrivée", "arrivée", "arrivee"],
  departure: ["date de départ", "départ", "depart"],
  rangeFrom: ["du"],
  rangeTo: ["au"],
  total: ["montant total", "total ttc", "total facture", "total à payer", "total"],
  due: ["net à payer", "montant dû", "reste à payer"],
  balance: ["solde", "solde dû"],
  paymentsTotal: ["total des paiements", "total réglé", "total payé", "total acomptes"],
  payment: ["paiement", "règlement", "acompte", "espèces", "carte bancaire", "carte bleue", "virement", "versement"],
  titles: ["m", "mme", "mlle", "monsieur", "madame", "mademoiselle"],
};
