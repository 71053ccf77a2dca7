// A hotel's settings (docs/architecture.md, "Records"): identified by its E.164 phone, with the call window that keeps
// calls clear of checkout and check-in rushes, and the IVR path that worked last time.
import { z } from "zod";
import type { SimulationTag } from "./events";
import { countryCode, timeZone } from "./record-input";
import { folioHints, type LayoutHint } from "./folio/hints";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be HH:MM (24 h)");
export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export const callWindow = z
  .object({
    days: z.array(z.enum(weekdays)).min(1).max(7),
    start: hhmm,
    end: hhmm,
  })
  .strict()
  .refine((w) => w.start < w.end, { message: "start must be before end", path: ["end"] });
export type CallWindow = z.infer<typeof callWindow>;

export const defaultCallWindow: CallWindow = { days: ["mon", "tue", "wed", "thu", "fri"], start: "10:00", end: "15:00" };

/** DTMF digits with `w` (half-second wait) between menu levels, e.g. `2w1`. */
export const ivrPath = z.string().regex(/^[0-9*#w]{1,32}$/, "must be DTMF digits 0-9 * # with w for a pause");

/** Twilio's SendDigits: at most 32 characters of 0-9 * # and w (a half-second wait). */
const SEND_DIGITS_MAX = 32;
/** Before the first key: the greeting has started and the menu listens for keys. */
const SEND_DIGITS_LEAD = "ww";
/** Between menu levels: a key press takes a moment to bring up the next menu. */
const SEND_DIGITS_GAP = "wwww";

/**
 * A known menu path as SendDigits for the call's creation (docs/architecture.md, "Calls": known digits first), one key group
 * per menu level, paced for menus; null when there is no path, or it is too long to send that way (the
 * playbook then presses it in-band).
 */
export function sendDigitsFor(path: string | null): string | null {
  const levels = (path ?? "")
    .split(/w+/)
    .map((x) => x.replace(/[^0-9*#]/g, ""))
    .filter((x) => x !== "");
  if (levels.length === 0) return null;
  const digits = SEND_DIGITS_LEAD + levels.join(SEND_DIGITS_GAP);
  return digits.length <= SEND_DIGITS_MAX ? digits : null;
}

export const hotelSettingsPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    email: z.string().trim().toLowerCase().email().max(254).nullable(),
    timezone: timeZone.nullable(),
    country: countryCode.nullable(),
    call_window: callWindow,
    ivr_path: ivrPath.nullable(),
    notes: z.string().max(2000).nullable(),
    /** Where this hotel prints each folio field, learned from corrections (src/domain/folio/hints.ts). */
    folio_hints: folioHints.nullable(),
  })
  .partial()
  .strict();
export type HotelSettingsPatch = z.infer<typeof hotelSettingsPatch>;

export interface HotelSettings {
  phone: string;
  name: string;
  email: string | null;
  timezone: string | null;
  country: string | null;
  call_window: CallWindow;
  ivr_path: string | null;
  notes: string | null;
  /** Layout memory for this hotel's folios; absent until a folio taught it something. */
  folio_hints?: LayoutHint[] | null;
  version: number;
  updated_at: string;
  /** A simulated hotel (docs/architecture.md, "Running offline"): the persona the simulated carrier plays and the campaign's clock. */
  simulation?: SimulationTag | null;
}

/** A new hotel learns what its first record knew; an operator's settings are never overwritten. */
export function admitHotel(
  current: HotelSettings | null,
  seen: { phone: string; name: string; email?: string | undefined; timezone?: string | undefined; country?: string | undefined },
  now: string,
  simulation?: SimulationTag | null,
): HotelSettings | null {
  if (!current) {
    return {
      ...(simulation ? { simulation } : {}),
      phone: seen.phone,
      name: seen.name,
      email: seen.email ?? null,
      timezone: seen.timezone ?? null,
      country: seen.country ?? null,
      call_window: defaultCallWindow,
      ivr_path: null,
      notes: null,
      version: 1,
      updated_at: now,
    };
  }
  if (simulation && current.simulation?.campaign_id !== simulation.campaign_id) {
    // A new simulated campaign drew this (fictional) number again: the hotel plays its new part.
    return { ...current, name: seen.name, email: seen.email ?? current.email, timezone: seen.timezone ?? current.timezone, simulation, version: current.version + 1, updated_at: now };
  }
  const email = current.email ?? seen.email ?? null;
  const timezone = current.timezone ?? seen.timezone ?? null;
  if (email === current.email && timezone === current.timezone) return null; // nothing new
  return { ...current, email, timezone, version: current.version + 1, updated_at: now };
}

export function applyHotelPatch(current: HotelSettings | null, phone: string, patch: HotelSettingsPatch, now: string): HotelSettings {
  const base: HotelSettings = current ?? {
    phone,
    name: patch.name ?? "",
    email: null,
    timezone: null,
    country: null,
    call_window: defaultCallWindow,
    ivr_path: null,
    notes: null,
    version: 0,
    updated_at: now,
  };
  return { ...base, ...patch, phone, version: base.version + 1, updated_at: now };
}
