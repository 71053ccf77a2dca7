// The scheduling queue: each record's RecordCreated (and each callback coming due) reaches the
// HotelLine DO of its hotel. Messages are grouped per hotel so a large import costs one DO call per
// hotel per batch, not one per record.
import type { SchedulingMessage } from "../domain/record-reactions";
import { hotelStub } from "../objects/hotel-line";

export async function handleScheduling(env: Env, batch: MessageBatch<SchedulingMessage>): Promise<void> {
  const byHotel = new Map<string, Message<SchedulingMessage>[]>();
  for (const m of batch.messages) {
    const phone = m.body.hotel.phone;
    byHotel.set(phone, [...(byHotel.get(phone) ?? []), m]);
  }
  await Promise.all(
    [...byHotel].map(async ([phone, messages]) => {
      try {
        const first = messages[0]!.body;
        const admissions = messages.map((m) => ({ id: m.body.record_id, check_out: m.body.check_out, callback_at: m.body.callback_at }));
        await hotelStub(env, phone).admit(first.hotel, admissions, first.simulation ?? null);
        for (const m of messages) m.ack();
      } catch {
        for (const m of messages) m.retry({ delaySeconds: 5 * m.attempts });
      }
    }),
  );
}
