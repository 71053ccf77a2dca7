// /api/hotels: a hotel's settings live in its HotelLine DO (the one writer); D1 lists them.
import { Hono } from "hono";
import { readSettings } from "../../config";
import { hotelSettingsPatch } from "../../domain/hotel";
import { toE164 } from "../../domain/record-input";
import { requireRole, type AppEnv } from "../../http/auth";
import { hotelStub } from "../../objects/hotel-line";
import { readJson } from "../../http/body";
import { badRequest, conflict, notFound } from "../../http/errors";

export const hotelsRoutes = new Hono<AppEnv>();

// Hono has already percent-decoded the path parameter; decoding it again turned `%25` into a 500.
function phoneParam(env: Env, raw: string): string {
  const phone = toE164(raw, readSettings(env).defaultCountry);
  if (!phone) throw badRequest("the hotel phone is not a valid number", { phone: "must be E.164, e.g. +14155550100" });
  return phone;
}

hotelsRoutes.get("/", async (c) => {
  const { results } = await c.env.DB.prepare("SELECT phone, name, email, timezone, country, call_window, ivr_path, notes, updated_at FROM hotels ORDER BY name, phone LIMIT 1000").all<
    Record<string, string | null>
  >();
  return c.json({ hotels: results.map((h) => ({ ...h, call_window: JSON.parse(h.call_window!) })) });
});

hotelsRoutes.get("/:phone", async (c) => {
  const settings = await hotelStub(c.env, phoneParam(c.env, c.req.param("phone"))).getSettings();
  if (!settings) throw notFound("hotel");
  return c.json(settings);
});

hotelsRoutes.put("/:phone", requireRole("operator"), async (c) => {
  const phone = phoneParam(c.env, c.req.param("phone"));
  const patch = await readJson(c, hotelSettingsPatch);
  const stub = hotelStub(c.env, phone);
  if (!patch.name && !(await stub.getSettings())) {
    throw badRequest("a new hotel needs a name", { name: "required when the hotel is not known yet" });
  }
  return c.json(await stub.updateSettings(phone, patch));
});

/** "Call now": one call with every record waiting on the hotel, window or not (issue 4 §5). */
hotelsRoutes.post("/:phone/call", requireRole("operator"), async (c) => {
  const phone = phoneParam(c.env, c.req.param("phone"));
  const r = await hotelStub(c.env, phone).callNow();
  if (r.ok) return c.json({ call_id: r.call_id }, 202);
  if (r.code === "unknown_hotel") throw notFound("hotel");
  throw conflict(r.message, { reason: r.code, ...(r.call_id ? { call_id: r.call_id } : {}) });
});

/** The hotel's recent calls, newest first, as its line placed them. */
hotelsRoutes.get("/:phone/calls", async (c) => {
  const stub = hotelStub(c.env, phoneParam(c.env, c.req.param("phone")));
  if (!(await stub.getSettings())) throw notFound("hotel");
  return c.json({ calls: await stub.calls(50), members: await stub.memberRows() });
});
