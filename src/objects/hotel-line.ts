// HotelLine: one Durable Object per hotel phone number, the only place that decides when a hotel
// is called (DESIGN §1). This foundation holds the hotel's settings and the records waiting on it;
// batching, the call window and placing calls arrive with the folio-call work.
import { DurableObject } from "cloudflare:workers";
import { admitHotel, applyHotelPatch, type HotelSettings, type HotelSettingsPatch } from "../domain/hotel";
import { createLogger, errorFields } from "../platform/log";

const SETTINGS_KEY = "settings";
const PROJECTION_RETRY_MS = 30_000;

export interface AdmittedHotel {
  phone: string;
  name: string;
  email?: string | undefined;
  timezone?: string | undefined;
  country?: string | undefined;
}

/** The HotelLine of a hotel, named by its E.164 phone: the batching key. */
export function hotelStub(env: Env, phone: string) {
  return env.HOTEL_LINE.get(env.HOTEL_LINE.idFromName(phone));
}

export class HotelLine extends DurableObject<Env> {
  private readonly log = createLogger(this.env.LOG_LEVEL, { service: "hotel-line" });

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec(
      "CREATE TABLE IF NOT EXISTS members (record_id TEXT PRIMARY KEY, admitted_at TEXT NOT NULL)",
    );
  }

  getSettings(): HotelSettings | null {
    return (this.ctx.storage.kv.get<HotelSettings>(SETTINGS_KEY) as HotelSettings | undefined) ?? null;
  }

  async updateSettings(phone: string, patch: HotelSettingsPatch): Promise<HotelSettings> {
    const next = applyHotelPatch(this.getSettings(), phone, patch, new Date().toISOString());
    this.ctx.storage.kv.put(SETTINGS_KEY, next);
    await this.project(next);
    return next;
  }

  /** Records waiting on this hotel. Idempotent: a redelivered message admits nobody twice. */
  async admit(hotel: AdmittedHotel, recordIds: string[]): Promise<{ members: number }> {
    const now = new Date().toISOString();
    const next = admitHotel(this.getSettings(), hotel, now);
    this.ctx.storage.transactionSync(() => {
      if (next) this.ctx.storage.kv.put(SETTINGS_KEY, next);
      for (const id of recordIds) {
        this.ctx.storage.sql.exec("INSERT INTO members (record_id, admitted_at) VALUES (?, ?) ON CONFLICT DO NOTHING", id, now);
      }
    });
    if (next) await this.project(next);
    return { members: this.memberCount() };
  }

  members(): string[] {
    return this.ctx.storage.sql.exec<{ record_id: string }>("SELECT record_id FROM members ORDER BY admitted_at, record_id").toArray().map((r) => r.record_id);
  }

  private memberCount(): number {
    return this.ctx.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM members").one().n;
  }

  override async alarm(): Promise<void> {
    const settings = this.getSettings();
    if (settings) await this.project(settings);
  }

  /** D1 lists hotels; the version guard keeps a late write from undoing a newer one. */
  private async project(s: HotelSettings): Promise<void> {
    try {
      await this.env.DB.prepare(
        `INSERT INTO hotels (phone, name, email, timezone, country, call_window, ivr_path, notes, version, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(phone) DO UPDATE SET name = excluded.name, email = excluded.email, timezone = excluded.timezone,
           country = excluded.country, call_window = excluded.call_window, ivr_path = excluded.ivr_path, notes = excluded.notes,
           version = excluded.version, updated_at = excluded.updated_at
         WHERE excluded.version > hotels.version`,
      )
        .bind(s.phone, s.name, s.email, s.timezone, s.country, JSON.stringify(s.call_window), s.ivr_path, s.notes, s.version, s.updated_at)
        .run();
    } catch (err) {
      this.log.warn("hotel projection failed; retrying by alarm", { hotel_phone: s.phone, ...errorFields(err) });
      await this.ctx.storage.setAlarm(Date.now() + PROJECTION_RETRY_MS);
    }
  }
}
