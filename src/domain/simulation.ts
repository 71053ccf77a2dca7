// The simulation's hotel personas as the scheduler sees them (docs/architecture.md, "Running offline", issue 4 §6): their names (the
// simulated carrier plays each one, src/objects/simulated-carrier/personas.ts), how many records a
// campaign gives each hotel, and the status every record of that hotel should end in. Pure data, so the
// simulate endpoint, the tests and the bench agree on what "done" means.
import type { ClockSpec } from "./clock";
import type { RecordInput } from "./record-input";
import { localDate, localInstant } from "./schedule/callWindow";
import { seededRandom } from "./prng";
import type { RecordStatus } from "./record-state";

export interface SimPersona {
  name: string;
  /** Records per hotel in a campaign (one call carries them all). */
  records: number;
  expected_status: RecordStatus;
  what: string;
}

export const SIM_PERSONAS: readonly SimPersona[] = [
  { name: "ivr_then_agrees", records: 1, expected_status: "completed", what: "an IVR menu, then a human who agrees" },
  { name: "agrees", records: 3, expected_status: "completed", what: "a human who agrees for a batch of 3" },
  { name: "callback_then_agrees", records: 1, expected_status: "completed", what: "a callback at a stated time, then agrees" },
  { name: "voicemail_then_agrees", records: 1, expected_status: "completed", what: "voicemail, then agrees the next day" },
  { name: "refuses_authorization_form", records: 1, expected_status: "escalated", what: "refuses: an authorization form is needed" },
  { name: "not_found", records: 1, expected_status: "escalated", what: "no such reservation" },
  { name: "no_answer", records: 1, expected_status: "completed", what: "no answer three times, then email" },
  { name: "asks_for_email", records: 1, expected_status: "completed", what: "asks for an email instead" },
  { name: "long_hold_then_agrees", records: 1, expected_status: "completed", what: "a long hold, then agrees" },
];

export const SIM_PERSONA_NAMES: readonly string[] = SIM_PERSONAS.map((p) => p.name);

/** A hotel that is simulated only because the whole system is (no campaign): a persona from its number. */
export function personaForPhone(phone: string): string {
  let h = 0;
  for (const ch of phone) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return SIM_PERSONA_NAMES[h % SIM_PERSONA_NAMES.length]!;
}

export interface CampaignSlot {
  persona: string;
  /** Index of the persona's hotel within the campaign. */
  hotel: number;
}

/**
 * Which persona each of `count` records gets: the personas in turn, each hotel filled with its
 * records-per-hotel before the next; at least one full round when `count` allows.
 */
export function campaignSlots(count: number): CampaignSlot[] {
  const slots: CampaignSlot[] = [];
  let hotel = 0;
  while (slots.length < count) {
    for (const p of SIM_PERSONAS) {
      for (let i = 0; i < p.records && slots.length < count; i++) slots.push({ persona: p.name, hotel });
      hotel++;
      if (slots.length >= count) break;
    }
  }
  return slots;
}

/** Records a full round of personas takes. */
export const FULL_ROUND = SIM_PERSONAS.reduce((n, p) => n + p.records, 0);

// ---- campaigns ----------------------------------------------------------------------------------------

/** Simulated ms per real ms by default: two simulated days in a minute. */
export const DEFAULT_CLOCK_SCALE = 2880;
export const SIM_TIMEZONE = "America/New_York";

const FIRST = ["Ana", "Ben", "Chloe", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Liam", "Maya", "Noah", "Olga", "Priya"];
const LAST = ["Alvarez", "Brooks", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Nakamura", "Okafor", "Patel"];
const HOTELS = ["Harbor View", "Grand Central", "Lakeside Inn", "Parkside", "The Meridian", "Riverside Suites", "Old Town Lodge", "Skyline", "Bayfront", "The Ashford"];
const AREAS = ["212", "312", "718", "617", "206", "303", "512", "404", "305", "702"];

export interface CampaignPlanHotel {
  phone: string;
  name: string;
  email: string;
  persona: string;
}

export interface CampaignPlan {
  clock: ClockSpec;
  hotels: CampaignPlanHotel[];
  records: { persona: string; expected_status: string; input: RecordInput }[];
}

/** The next Monday–Thursday (hotel-local) at 09:58, so a campaign opens with its window and a "next day" is a weekday. */
export function campaignStart(realNow: number, timeZone = SIM_TIMEZONE): number {
  for (let d = 1; d <= 7; d++) {
    const day = localDate(new Date(realNow + d * 86_400_000), timeZone);
    const at = localInstant(day, "09:58", timeZone);
    const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
    if (weekday >= 1 && weekday <= 4) return at.getTime();
  }
  return realNow;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Hotels and records for a campaign of `count` records: every persona in turn (see campaignSlots). */
export function planCampaign(count: number, seed: number, realNow: number, scale: number): CampaignPlan {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const start = campaignStart(realNow);
  const clock: ClockSpec = { origin_real_ms: realNow, origin_sim_ms: start, scale };
  const slots = campaignSlots(count);
  const hotels: CampaignPlanHotel[] = [];
  const usedPhones = new Set<string>();
  for (const slot of slots) {
    if (hotels[slot.hotel]) continue;
    let phone: string;
    do phone = `+1${pick(AREAS)}55501${String(Math.floor(random() * 100)).padStart(2, "0")}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    const name = `${pick(HOTELS)} Hotel`;
    const domain = `${name.toLowerCase().replace(/[^a-z]+/g, "")}${phone.slice(-4)}.example`;
    hotels[slot.hotel] = { phone, name, email: `frontdesk@${domain}`, persona: slot.persona };
  }
  const checkOut = isoDay(start - 86_400_000);
  const checkIn = isoDay(start - 3 * 86_400_000);
  const records = slots.map((slot) => {
    const hotel = hotels[slot.hotel]!;
    const persona = SIM_PERSONAS.find((p) => p.name === slot.persona)!;
    return {
      persona: slot.persona,
      expected_status: persona.expected_status,
      input: {
        guest_name: `${pick(FIRST)} ${pick(LAST)}`,
        confirmation_number: String(Math.floor(random() * 9e8) + 1e8),
        check_in: checkIn,
        check_out: checkOut,
        hotel: { name: hotel.name, phone: hotel.phone, email: hotel.email, timezone: SIM_TIMEZONE, country: "US" },
      } satisfies RecordInput,
    };
  });
  return { clock, hotels, records };
}
