// Calls (live and recent, from HotelLine's projection), one call's live page, and the simulation.
import { Hono } from "hono";
import { z } from "zod";
import { callById, callsInProgress, callsWhere, campaigns } from "../../dash/queries";
import { CallPage, CallsPage } from "../../dash/views/calls";
import { CampaignPage, SimulationPage } from "../../dash/views/simulation";
import { apiFor, back, errorText, flashOf, pageCtx, render, requireDashRole, type DashEnv, parseForm } from "./context";
import { CALL_ID } from "./live";

export const callRoutes = new Hono<DashEnv>();

callRoutes.get("/calls", async (c) => {
  const [live, recent] = await Promise.all([callsInProgress(c.env), callsWhere(c.env, "", [], 50)]);
  return render(c, <CallsPage ctx={pageCtx(c)} live={live} recent={recent} />);
});

callRoutes.get("/calls/next", async (c) => render(c, <CallPage ctx={pageCtx(c)} callId="next" call={null} />));

callRoutes.get("/calls/:id", async (c) => {
  const id = c.req.param("id");
  if (!CALL_ID.test(id)) return c.notFound();
  return render(c, <CallPage ctx={pageCtx(c)} callId={id} call={await callById(c.env, id)} />);
});

callRoutes.get("/simulation", async (c) => {
  return render(c, <SimulationPage ctx={pageCtx(c)} campaigns={await campaigns(c.env)} flash={flashOf(c)} />);
});

const simForm = z.object({
  records: z.coerce.number().int().min(1).max(200).optional(),
  seed: z.coerce.number().int().min(0).optional(),
});

callRoutes.post("/simulation", requireDashRole("operator"), async (c) => {
  const form = await parseForm(c);
  const parsed = simForm.safeParse({ records: form.records || undefined, seed: form.seed || undefined });
  if (!parsed.success) return back(c, "/dash/simulation", "records must be 1 to 200, and the seed a whole number", true);
  const reply = await apiFor(c)("POST", "/api/dev/simulate", { json: parsed.data });
  if (!reply.ok) return back(c, "/dash/simulation", errorText(reply.error), true);
  return c.redirect(`/dash/simulation/${encodeURIComponent(reply.json.campaign_id)}`, 303);
});

callRoutes.get("/simulation/:id", async (c) => {
  const id = c.req.param("id");
  if (!CALL_ID.test(id)) return c.notFound();
  const reply = await apiFor(c)("GET", `/api/dev/campaigns/${encodeURIComponent(id)}`);
  if (!reply.ok) return back(c, "/dash/simulation", errorText(reply.error), true);
  const calls = await callsWhere(c.env, "WHERE campaign_id = ?1", [id], 100);
  return render(c, <CampaignPage ctx={pageCtx(c)} campaign={reply.json} calls={calls} />);
});
