// Unauthenticated operations endpoints: liveness, and Prometheus metrics (aggregates only, no PII).
import { Hono } from "hono";
import { statuses } from "../domain/record-state";
import type { AppEnv } from "../http/auth";

export const opsRoutes = new Hono<AppEnv>();

opsRoutes.get("/healthz", (c) => c.json({ ok: true }));

opsRoutes.get("/metrics", async (c) => {
  const [byStatus, events, dead, jobs] = await c.env.DB.batch<Record<string, number | string>>([
    c.env.DB.prepare("SELECT status, COUNT(*) AS n FROM records GROUP BY status"),
    c.env.DB.prepare("SELECT COUNT(*) AS n FROM events"),
    c.env.DB.prepare("SELECT COUNT(*) AS n FROM dead_letters"),
    c.env.DB.prepare("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status"),
  ]);
  const counts = new Map(byStatus!.results.map((r) => [String(r.status), Number(r.n)]));
  const lines = [
    "# HELP folio_records Records by status (D1 projection).",
    "# TYPE folio_records gauge",
    ...statuses.map((s) => `folio_records{status="${s}"} ${counts.get(s) ?? 0}`),
    "# HELP folio_events_appended_total Events appended to record logs (D1 audit copy).",
    "# TYPE folio_events_appended_total counter",
    `folio_events_appended_total ${Number(events!.results[0]?.n ?? 0)}`,
    "# HELP folio_dead_letters Queue messages parked after exhausting retries.",
    "# TYPE folio_dead_letters gauge",
    `folio_dead_letters ${Number(dead!.results[0]?.n ?? 0)}`,
    "# HELP folio_jobs Imports and rebuilds by status.",
    "# TYPE folio_jobs gauge",
    ...jobs!.results.map((r) => `folio_jobs{status="${String(r.status)}"} ${Number(r.n)}`),
  ];
  return c.text(`${lines.join("\n")}\n`, 200, { "content-type": "text/plain; version=0.0.4; charset=utf-8" });
});
