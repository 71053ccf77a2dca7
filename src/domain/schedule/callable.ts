// When a record may first be called (docs/architecture.md, "Records": "callable from the first window after its check-out
// date").
//
// The rule: the start of the first call window that starts at or after 12:00 hotel-local time on the
// check-out date. Why 12:00 and not midnight or the next day:
// - a folio is only final once the guest has checked out, and noon is the usual latest check-out;
//   a window starting earlier that day (the default 10:00) would call while the guest may still be
//   in the room and the desk is in its check-out rush, which is what the window exists to avoid;
// - with the default 10:00–15:00 window this means "the next open day after check-out" (check-out
//   Wednesday → Thursday 10:00; Friday → Monday 10:00), the literal reading of "after its check-out
//   date", while a hotel whose window opens in the afternoon (say 13:00–17:00) is called the same day,
//   already after check-out, with no day lost;
// - the cutoff is a parameter, for a hotel with a different check-out time.
//
// The result may be long past (a record created weeks after check-out): callable means "from then",
// and a call still waits for an open window (see due.ts). Zone: the explicit one (the hotel's
// settings), else the record's own hotel.timezone, else UTC.
import type { CallWindow } from "../hotel";
import { localInstant, nextWindowStart, scheduleZone } from "./callWindow";

/** Hotel-local time on the check-out date after which the guest has left (see the rule above). */
export const CHECKOUT_CUTOFF = "12:00";

/** What callableAt reads of a record: RecordState and RecordInput both fit. */
export interface CheckoutRecord {
  input: { check_out: string; hotel: { timezone?: string | null | undefined } };
}

function isoDateParts(value: string): { year: number; month: number; day: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) throw new RangeError(`check_out is not an ISO date: ${JSON.stringify(value)}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** The instant the check-out cutoff passes in the hotel's zone. */
export function checkoutCutoffAt(checkOut: string, timeZone?: string | null, cutoff: string = CHECKOUT_CUTOFF): Date {
  const zone = scheduleZone(timeZone);
  return localInstant(isoDateParts(checkOut), cutoff, zone);
}

/** The first window start at or after the check-out date's cutoff, hotel-local. */
export function callableAt(record: CheckoutRecord, window: CallWindow, timeZone?: string | null, cutoff: string = CHECKOUT_CUTOFF): Date {
  const zone = scheduleZone(timeZone, record.input.hotel.timezone);
  return nextWindowStart(checkoutCutoffAt(record.input.check_out, zone, cutoff), window, zone);
}
