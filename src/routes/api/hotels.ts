// /api/hotels: a hotel's settings live in its HotelLine DO (the one writer); D1 lists them.
import { Hono } from "hono";
import { readSettings } from "../../config";
import { hotelSettingsPatch } from "../../domain/hotel";
import { toE164 } from "../../domain/record-input";
import { requireRole, type AppEnv } from "../../http/auth";
import { hotelStub } from "../../objects/hotel-line";
import { readJson } from "../../http/body";
import { badRequest, notFound } from "../../http/errors";

export const hotelsRoutes = new Hono<AppEnv>();


// Hono has already percent-decoded the path parameter; decoding it again turned `%25` into a 500.
function phoneParam(env: Env, raw: string): string {
  const phone = toE164(raw, readSettings(env).defaultCountry);
  if (!phone) throw badRequest("the hotel phone is not a valid number", { phone: "must be E.164, e.g. +14155550100" });
  return phone;
}

hotelsRoutes.get("/", async (c) => {
  const { results } = await c.env.DB.prepare(
    "SELECT phone, name, email, timezone, country, call_window, ivr_path, notes, updated_at FROM hotels ORDER BY name, phone LIMIT 1000",
  ).all<Record<string, string | null>>();
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
