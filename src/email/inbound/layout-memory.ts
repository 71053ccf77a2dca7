// A hotel's folio layout memory lives in its settings, on its HotelLine (the one writer of a hotel's
// settings), through the line's public API. Reading it never blocks extraction: a hotel that is
// not known yet, or a line that does not answer, simply has no hints.
import type { FolioFields, FolioRecordRef } from "../../domain/folio";
import { learnLayoutHints, mergeLayoutHints, type LayoutHint } from "../../domain/folio/hints";
import { hotelStub } from "../../objects/hotel-line";

export async function hotelHints(env: Env, phone: string): Promise<LayoutHint[]> {
  try {
    return (await hotelStub(env, phone).getSettings())?.folio_hints ?? [];
  } catch {
    return [];
  }
}

/**
 * Learns where `text` prints the known `fields` and keeps it on the hotel. Answers the fields it
 * learned (none when the hotel is unknown, nothing could be learned, or it was known already).
 */
export async function rememberLayout(env: Env, phone: string, text: string, fields: Partial<FolioFields>, record?: FolioRecordRef): Promise<string[]> {
  const learned = learnLayoutHints(text, fields, record);
  if (!learned.length) return [];
  const stub = hotelStub(env, phone);
  const settings = await stub.getSettings();
  if (!settings) return [];
  const merged = mergeLayoutHints(settings.folio_hints, learned);
  if (JSON.stringify(merged) === JSON.stringify(settings.folio_hints ?? [])) return [];
  await stub.updateSettings(phone, { folio_hints: merged });
  return learned.map((h) => h.field);
}
