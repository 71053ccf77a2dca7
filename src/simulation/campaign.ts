// A simulated campaign (docs/architecture.md, "Running offline", issue 4 §6): hotels that play the personas, records for them, all on
// one scaled clock. The records then take the real path — scheduling queue, HotelLine alarms, CallSession
// over the simulated carrier's text leg, email-out and the inbound Email Worker — only faster.
import { readSettings } from "../config";
import { DEFAULT_CLOCK_SCALE, planCampaign } from "../domain/simulation";
import type { RecordStatus } from "../domain/record-state";
import { createRecord, recordIdFor, recordStub } from "../objects/folio-record/client";
import { hotelStub } from "../objects/hotel-line";
import { mapLimit } from "../platform/concurrency";

export interface CampaignRecord {
  id: string;
  persona: string;
  expected_status: string;
  hotel_phone: string;
}

export interface Campaign {
  campaign_id: string;
  records: CampaignRecord[];
}

export async function startCampaign(env: Env, opts: { records: number; seed: number; clockScale?: number; actor: string }): Promise<Campaign> {
  const settings = readSettings(env);
  const campaignId = `cmp_${crypto.randomUUID().replace(/-/g, "").slice(0, 20)}`;
  const plan = planCampaign(opts.records, opts.seed, Date.now(), opts.clockScale ?? DEFAULT_CLOCK_SCALE);
  // The hotels first, so each line knows its persona and clock before its first record arrives.
  await mapLimit(plan.hotels, 8, (h) =>
    hotelStub(env, h.phone).admit({ phone: h.phone, name: h.name, email: h.email, timezone: plan.records[0]!.input.hotel.timezone, country: "US" }, [], {
      campaign_id: campaignId,
      persona: h.persona,
      clock: plan.clock,
    }),
  );
  const records = await mapLimit(plan.records, 8, async (r, i) => {
    const id = await recordIdFor(`${campaignId}:${i}`);
    await createRecord(env, r.input, {
      recordId: id,
      actor: opts.actor,
      inboundDomain: settings.inboundDomain,
      correlationId: campaignId,
      simulation: { campaign_id: campaignId, persona: r.persona, clock: plan.clock },
    });
    return { id, persona: r.persona, expected_status: r.expected_status, hotel_phone: r.input.hotel.phone };
  });
  await env.DB.prepare("INSERT INTO campaigns (id, created_at, seed, clock_scale, records) VALUES (?1, ?2, ?3, ?4, ?5)")
    .bind(campaignId, new Date().toISOString(), opts.seed, plan.clock.scale, JSON.stringify(records))
    .run();
  return { campaign_id: campaignId, records };
}

export interface CampaignProgress extends Campaign {
  records: (CampaignRecord & { status: RecordStatus | "unknown" })[];
  /** Every record is where its persona should leave it. */
  done: boolean;
}

/** Where a campaign's records are now (read from the records themselves, the truth). */
export async function campaignProgress(env: Env, campaignId: string): Promise<CampaignProgress | null> {
  const row = await env.DB.prepare("SELECT records FROM campaigns WHERE id = ?1").bind(campaignId).first<{ records: string }>();
  if (!row) return null;
  const list = JSON.parse(row.records) as CampaignRecord[];
  const records = await mapLimit(list, 16, async (r) => ({ ...r, status: (await recordStub(env, r.id).getState())?.status ?? ("unknown" as const) }));
  return { campaign_id: campaignId, records, done: records.every((r) => r.status === r.expected_status) };
}
