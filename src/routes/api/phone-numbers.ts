// /api/phone-numbers: the routing table for inbound calls (docs/architecture.md, "Inbound calls"). Each
// number we own names the product that answers it, the playbook and its settings. Operators write it;
// viewers read it. A call to a number that is not here hears "not in service" (src/routes/twilio-inbound.ts).
import { Hono } from "hono";
import { z } from "zod";
import { deleteNumberRoute, numberRoute, numberRoutes, putNumberRoute } from "../../db/phone-numbers";
import { toE164 } from "../../domain/record-input";
import { INBOUND_PARAM } from "../../engine/inbound-routing";
import { VOICE_PARAM, voiceSettings } from "../../engine/voice-settings";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { readJson } from "../../http/body";
import { badRequest, notFound } from "../../http/errors";
import { productNames, playbooksOf } from "../../objects/call-session/playbooks";

/** Settings are the playbook's params on every call to the number: small, and stored as they are. */
const MAX_SETTINGS_BYTES = 16 * 1024;
const MAX_CALL_MS = 60 * 60 * 1000;

const numberRouteBody = z
  .object({
    product: z.string().min(1).max(64),
    playbook: z.string().min(1).max(64),
    settings: z.record(z.string(), z.unknown()).default({}),
    label: z.string().trim().min(1).max(200).nullable().default(null),
    max_duration_ms: z.number().int().min(10_000).max(MAX_CALL_MS).nullable().default(null),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (!productNames().includes(body.product)) {
      ctx.addIssue({ code: "custom", path: ["product"], message: `must be one of ${productNames().join(", ")}` });
    } else if (!playbooksOf(body.product).includes(body.playbook)) {
      ctx.addIssue({ code: "custom", path: ["playbook"], message: `must be one of ${playbooksOf(body.product).join(", ")}` });
    }
    if (Object.hasOwn(body.settings, INBOUND_PARAM)) {
      ctx.addIssue({ code: "custom", path: ["settings", INBOUND_PARAM], message: "is filled in by the engine for each call" });
    }
    const voice = Object.hasOwn(body.settings, VOICE_PARAM) ? voiceSettings.safeParse(body.settings[VOICE_PARAM]) : null;
    for (const issue of voice?.success === false ? voice.error.issues : []) {
      ctx.addIssue({ code: "custom", path: ["settings", VOICE_PARAM, ...issue.path.map(String)], message: issue.message });
    }
    if (new TextEncoder().encode(JSON.stringify(body.settings)).byteLength > MAX_SETTINGS_BYTES) {
      ctx.addIssue({ code: "custom", path: ["settings"], message: `must be at most ${MAX_SETTINGS_BYTES} bytes of JSON` });
    }
  });

// Hono has already percent-decoded the parameter (`%2B` is `+`). Only E.164: the table is keyed by
// the number exactly as the carrier sends it in `To`.
function e164Param(raw: string): string {
  const e164 = raw.startsWith("+") ? toE164(raw) : null;
  if (!e164 || e164 !== raw) throw badRequest("the number is not in E.164 form", { e164: "must be E.164, e.g. +14155550100" });
  return e164;
}

export const phoneNumbersRoutes = new Hono<AppEnv>();

phoneNumbersRoutes.get("/", async (c) => c.json({ phone_numbers: await numberRoutes(c.env.DB) }));

phoneNumbersRoutes.get("/:e164", async (c) => {
  const route = await numberRoute(c.env.DB, e164Param(c.req.param("e164")));
  if (!route) throw notFound("phone number");
  return c.json(route);
});

phoneNumbersRoutes.put("/:e164", requireRole("operator"), async (c) => {
  const e164 = e164Param(c.req.param("e164"));
  const body = await readJson(c, numberRouteBody, MAX_SETTINGS_BYTES * 2);
  return c.json(await putNumberRoute(c.env.DB, { e164, ...body }, actorOf(c)));
});

phoneNumbersRoutes.delete("/:e164", requireRole("operator"), async (c) => {
  const e164 = e164Param(c.req.param("e164"));
  if (!(await deleteNumberRoute(c.env.DB, e164))) throw notFound("phone number");
  return c.json({ e164, deleted: true });
});
