// Admin maintenance: replay every record into fresh projections, and watch long jobs finish.
import { Hono } from "hono";
import { requireRole, type AppEnv } from "../../http/auth";
import { notFound } from "../../http/errors";
import { enqueueRebuild } from "../../queues/jobs";

export const adminRoutes = new Hono<AppEnv>();

adminRoutes.post("/admin/rebuild", requireRole("admin"), async (c) => {
  // Every record D1 has ever heard of, from either table: a row lost from one is found in the other.
  const { results } = await c.env.DB.prepare("SELECT id FROM records UNION SELECT DISTINCT aggregate_id AS id FROM events").all<{ id: string }>();
  const jobId = `rbd_${crypto.randomUUID().replaceAll("-", "").slice(0, 24)}`;
  const ids = results.map((r) => r.id);
  await enqueueRebuild(c.env, jobId, ids);
  return c.json({ job_id: jobId, records: ids.length }, 202);
});

adminRoutes.get("/jobs/:id", async (c) => {
  const job = await c.env.DB.prepare("SELECT id, kind, status, total, done, failed, created_at, updated_at FROM jobs WHERE id = ?1").bind(c.req.param("id")).first();
  if (!job) throw notFound("job");
  return c.json(job);
});
