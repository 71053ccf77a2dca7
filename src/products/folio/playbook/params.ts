// The folio playbook's params, checked at the edge: HotelLine builds them (contract.ts), the call
// session stores them, and a malformed set must end the call cleanly rather than half-run it.
import { z } from "zod";
import type { FolioCallParams } from "./contract";

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const paramsSchema = z.object({
  // Lenient where a missing detail has an obvious default, so one absent field never costs a call.
  hotel: z.object({
    phone: z.string().min(1),
    name: z.string().min(1).catch("the hotel"),
    timezone: z.string().min(1).catch("UTC"),
    ivr_path: z
      .string()
      .nullish()
      .transform((v) => v || null),
    email: z
      .string()
      .nullish()
      .transform((v) => v || null),
  }),
  records: z
    .array(
      z.object({
        id: z.string().min(1),
        guest_name: z.string().min(1),
        confirmation_number: z.string().catch(""),
        check_in: isoDay,
        check_out: isoDay,
        reply_to: z.string().email(),
      }),
    )
    .min(1),
  leave_voicemail: z.boolean().catch(false),
  ivr_path_sent: z.boolean().optional().catch(undefined),
  clock: z.object({ origin_real_ms: z.number(), origin_sim_ms: z.number(), scale: z.number().min(1) }).optional(),
  caller: z.object({ agent_name: z.string().min(1), company: z.string().min(1) }).optional(),
  listen_first_ms: z.number().int().min(0).max(30_000).optional(),
  hold_ms: z.number().int().min(0).max(600_000).optional(),
}) satisfies z.ZodType<FolioCallParams>;

const cache = new WeakMap<object, FolioCallParams | null>();

/** The call's params, or null when they do not match the contract (the playbook then ends the call). */
export function readParams(raw: Readonly<Record<string, unknown>>): FolioCallParams | null {
  if (cache.has(raw)) return cache.get(raw)!;
  const r = paramsSchema.safeParse(raw);
  const out = r.success ? (r.data as FolioCallParams) : null;
  cache.set(raw, out);
  return out;
}

/** Why the params were refused (for the log). */
export function paramsProblem(raw: Readonly<Record<string, unknown>>): string | null {
  const r = paramsSchema.safeParse(raw);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

/** The playbook's "now": the simulation's scaled clock when the call carries one, else the real time. */
export function folioNow(p: FolioCallParams, realNow: Date): Date {
  const c = p.clock;
  if (!c) return realNow;
  return new Date(c.origin_sim_ms + (realNow.getTime() - c.origin_real_ms) * c.scale);
}

export const LISTEN_FIRST_MS = 3_000;
export const HOLD_MS = 45_000;
