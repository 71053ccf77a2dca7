// A simulated hotel's front desk answering a folio request by email (docs/architecture.md, "Running offline"): it replies to the
// request's Reply-To with a PDF folio generated for the record, and the reply takes the real inbound
// path (R2, parsing, correlation, extraction). Local simulation only; nothing leaves the machine.
import { PDFDocument, StandardFonts } from "pdf-lib";
import type { RecordState } from "../domain/record-state";
import { toMime } from "./outbound/mime";

function nights(checkIn: string, checkOut: string): string[] {
  const out: string[] = [];
  for (let d = Date.parse(`${checkIn}T00:00:00Z`); d < Date.parse(`${checkOut}T00:00:00Z`); d += 86_400_000) out.push(new Date(d).toISOString().slice(0, 10));
  return out.length ? out : [checkIn];
}

/** The folio a simulated hotel keeps for the record: a room charge a night, tax, and a total. */
export function simulatedFolioLines(state: RecordState, folioNumber: string): string[] {
  const stay = nights(state.input.check_in, state.input.check_out);
  const items = stay.flatMap(
    (night) =>
      [
        [night, "Room Charge", 189],
        [night, "Occupancy Tax", 22.68],
      ] as const,
  );
  const total = items.reduce((sum, [, , amount]) => sum + amount, 0);
  return [
    `${state.input.hotel.name} - Guest Folio`,
    `Folio No: ${folioNumber}`,
    `Guest Name: ${state.input.guest_name}`,
    `Confirmation: ${state.input.confirmation_number}`,
    "Room: 512",
    `Arrival: ${state.input.check_in}    Departure: ${state.input.check_out}`,
    "Date    Description    Amount (USD)",
    ...items.map(([date, what, amount]) => `${date}    ${what}    ${amount.toFixed(2)}`),
    `Total    ${total.toFixed(2)}`,
  ];
}

export async function folioPdf(lines: readonly string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  lines.forEach((line, i) => page.drawText(line, { x: 48, y: 790 - i * 18, size: 10, font }));
  return doc.save();
}

/**
 * The raw reply: To the request's Reply-To, threaded under its Message-ID, the folio attached. With no
 * request (the hotel agreed on the phone), a fresh message to the address it was given.
 */
export async function simulatedReply(state: RecordState, request: { messageId: string; subject: string } | null, hotelAddress: string): Promise<string> {
  const folioNumber = `SIM-${state.reply_token.slice(0, 6).toUpperCase()}`;
  return toMime({
    messageId: `<sim-${crypto.randomUUID()}@${hotelAddress.split("@")[1] ?? "hotel.example"}>`,
    from: hotelAddress,
    to: state.reply_to,
    subject: request ? `Re: ${request.subject}` : `Folio - ${state.input.guest_name}`,
    text: `Hello,\n\nPlease find attached the folio for ${state.input.guest_name}.\n\nFront Desk, ${state.input.hotel.name}`,
    headers: request ? { "In-Reply-To": request.messageId, References: request.messageId } : {},
    attachments: [{ filename: `folio-${folioNumber}.pdf`, mimeType: "application/pdf", content: await folioPdf(simulatedFolioLines(state, folioNumber)) }],
  });
}
