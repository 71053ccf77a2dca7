// Spanish folio labels (Factura, Huésped, Llegada/Salida, Saldo, Pago).
import type { LabelTable } from "./types";

export const es: LabelTable = {
  guestName: ["nombre del huésped", "nombre del cliente", "nombre huésped"],
  guest: ["huésped", "cliente"],
  numberWords: ["n°", "nº", "no", "núm", "número", "numero", "n.º"],
  folio: ["folio"],
  invoice: ["factura"],
  confirmation: ["reserva", "confirmación", "localizador"],
  invoiceNumber: ["número de factura", "n° de factura", "factura número"],
  confirmationNumber: ["número de reserva", "número de confirmación"],
  room: ["habitación", "hab", "número de habitación"],
  arrival: ["fecha de llegada", "llegada", "fecha de entrada", "entrada"],
  departure: ["fecha de salida", "salida"],
  rangeFrom: ["del", "desde"],
  rangeTo: ["al", "hasta"],
  total: ["importe total", "total factura", "total a pagar", "total"],
  due: ["importe pendiente", "pendiente de pago", "a pagar"],
  balance: ["saldo", "saldo pendiente"],
  paymentsTotal: ["total pagos", "total pagado", "total anticipos"],
  payment: ["pago", "pagado", "anticipo", "depósito", "efectivo", "tarjeta", "transferencia", "cobro"],
  titles: ["sr", "sra", "srta", "don", "doña", "señor", "señora"],
};
