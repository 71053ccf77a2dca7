// /api/dev: the simulation's controls (docs/architecture.md, "Running offline"). They exist only while the simulation is on (the
// default when Twilio is not configured); otherwise every path here is 404, as if it were not there.
import { Hono } from "hono";
import { z } from "zod";
import { readSettings } from "../../config";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { readJsonOrEmpty } from "../../http/body";
import { notFound } from "../../http/errors";
import { campaignProgress, startCampaign } from "../../simulation/campaign";
import { FULL_ROUND } from "../../domain/simulation";

export const devRoutes = new Hono<AppEnv>();

/** Checked after the role, so a caller without the role learns nothing about the simulation. */
function ensureSimulation(env: Env): void {
  if (!readSettings(env).simulation) throw notFound("route");
}

const simulateBody = z
  .object({
    records: z.number().int().min(1).max(200).default(FULL_ROUND),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
    /** Simulated ms per real ms (default 2880: two days a minute). */
    clock_scale: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();

devRoutes.post("/simulate", requireRole("operator"), async (c) => {
  ensureSimulation(c.env);
  const body = await readJsonOrEmpty(c, simulateBody);
  const seed = body.seed ?? Math.floor(Math.random() * 2 ** 31);
  const campaign = await startCampaign(c.env, { records: body.records, seed, clockScale: body.clock_scale, actor: actorOf(c) });
  return c.json(campaign, 202);
});

devRoutes.get("/campaigns/:id", async (c) => {
  ensureSimulation(c.env);
  const progress = await campaignProgress(c.env, c.req.param("id"));
  if (!progress) throw notFound("campaign");
  return c.json(progress);
});
