// Unauthenticated ops endpoints (/healthz, /metrics), unknown routes, and the admin rebuild job.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, eventually, expectError, jobDone, phone, projected, recordInput } from "../helpers";

async function metrics(): Promise<Map<string, number>> {
  const r = await api("GET", "/metrics", { key: null });
  expect(r.status).toBe(200);
  const out = new Map<string, number>();
  for (const line of r.text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-z_]+(?:\{[^}]*\})?) (\d+(?:\.\d+)?)$/.exec(line);
    if (!m) throw new Error(`not a Prometheus sample line: ${JSON.stringify(line)}`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}
const pending = (m: Map<string, number>) => m.get('folio_records{status="pending"}')!;
const cancelled = (m: Map<string, number>) => m.get('folio_records{status="cancelled"}')!;
const events = (m: Map<string, number>) => m.get("folio_events_appended_total")!;

describe("GET /healthz", () => {
  it("answers 200 {ok:true} without a key, and with a bad one", async () => {
    for (const key of [null, "not-a-key"]) {
      const r = await api("GET", "/healthz", { key });
      expect(r.status).toBe(200);
      expect(r.json).toEqual({ ok: true });
    }
  });
  it("echoes a well-formed x-request-id", async () => {
    const r = await api("GET", "/healthz", { key: null, headers: { "x-request-id": "req-abc.1" } });
    expect(r.headers.get("x-request-id")).toBe("req-abc.1");
  });
});

describe("GET /metrics", () => {
  it("is Prometheus text, without a key, with every status", async () => {
    const r = await api("GET", "/metrics", { key: null });
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(r.text).toContain("# TYPE folio_records gauge");
    expect(r.text).toContain("# TYPE folio_events_appended_total counter");
    const m = await metrics();
    for (const s of ["pending", "queued", "calling", "callback_scheduled", "awaiting_folio", "received", "completed", "escalated", "cancelled"]) {
      expect(m.has(`folio_records{status="${s}"}`), s).toBe(true);
    }
    expect(m.has("folio_dead_letters")).toBe(true);
  });

  it("counts created records and appended events, and moves a cancelled record", async () => {
    const before = await metrics();
    const hotel = phone(95);
    const created = await api("POST", "/api/records", {
      json: { records: [1, 2, 3].map(() => recordInput({ hotel: { name: "Metrics Inn", phone: hotel } })) },
    });
    expect(created.status, created.text).toBe(201);
    const afterCreate = await eventually(async () => {
      const m = await metrics();
      return pending(m) >= pending(before) + 3 && events(m) >= events(before) + 3 ? m : undefined;
    });
    expect(pending(afterCreate)).toBeGreaterThanOrEqual(pending(before) + 3);

    const cancel = await api("POST", `/api/records/${created.json.records[0].id}/cancel`, { json: {} });
    expect(cancel.status, cancel.text).toBe(200);
    const afterCancel = await eventually(async () => {
      const m = await metrics();
      return cancelled(m) >= cancelled(before) + 1 && events(m) >= events(afterCreate) + 1 ? m : undefined;
    });
    expect(cancelled(afterCancel)).toBe(cancelled(afterCreate) + 1);
    expect(pending(afterCancel)).toBe(pending(afterCreate) - 1);
  });

  it("counts jobs by status", async () => {
    const before = (await metrics()).get('folio_jobs{status="done"}') ?? 0;
    const r = await api("POST", "/api/admin/rebuild");
    await jobDone(r.json.job_id);
    expect((await metrics()).get('folio_jobs{status="done"}')).toBe(before + 1);
  });

  it("has no PII in it", async () => {
    const input = recordInput({ guest_name: "Zebedee Metricsworth", hotel: { name: "Metrics Inn", phone: phone(96) } });
    expect((await api("POST", "/api/records", { json: { records: [input] } })).status).toBe(201);
    await projected(phone(96), 1);
    const r = await api("GET", "/metrics", { key: null });
    expect(r.text).not.toContain("Zebedee");
  });
});

describe("unknown routes", () => {
  it("answer 404 in the error shape", async () => {
    expectError(await api("GET", "/nope", { key: null }), 404, "not_found");
    expectError(await api("POST", "/healthz", { key: null }), 404, "not_found");
    expectError(await api("GET", "/api/nope"), 404, "not_found");
    expectError(await api("DELETE", "/api/records"), 404, "not_found");
    expectError(await api("PATCH", "/api/hotels/+14155550100", { json: {} }), 404, "not_found");
  });
  it.each([
    ["GET", "/api/records?status=%"],
    ["GET", "/api/records?cursor=%E0%A4%A"],
    ["GET", "/api/records?%=1"],
    ["GET", "/api/records/%"],
    ["GET", "/api/records/%E0%A4%A/events"],
    ["POST", "/api/records/%/cancel"],
    ["GET", "/api/jobs/%E0%A4%A"],
    ["GET", "/api/hotels/%"],
    ["PUT", "/api/hotels/%E0%A4%A"],
    ["DELETE", "/api/keys/%"],
    ["GET", `/api/hotels/${"1".repeat(5000)}`],
    ["GET", `/api/records/${"a".repeat(10000)}`],
    ["GET", "/%"],
  ])("%s %s with malformed escapes or odd lengths is a 4xx", async (method, path) => {
    const r = await api(method, path, method === "GET" || method === "DELETE" ? {} : { json: { name: "x" } });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    expect(r.json.error.code).toEqual(expect.any(String));
  });

  it("under /api still need a key first (401, not a route listing)", async () => {
    expectError(await api("GET", "/api/nope", { key: null }), 401, "unauthorized");
  });
});

describe("POST /api/admin/rebuild", () => {
  it("answers 202 with a job that reaches done", async () => {
    const hotel = phone(97);
    expect((await api("POST", "/api/records", { json: { records: [recordInput({ hotel: { name: "Rebuild Inn", phone: hotel } })] } })).status).toBe(201);
    await projected(hotel, 1);
    const r = await api("POST", "/api/admin/rebuild");
    expect(r.status, r.text).toBe(202);
    expect(r.json.job_id).toMatch(/^rbd_/);
    expect(r.json.records).toBeGreaterThanOrEqual(1);
    const job = await jobDone(r.json.job_id);
    expect(job).toMatchObject({ kind: "rebuild", status: "done", total: r.json.records, done: r.json.records, failed: 0 });
  });

  it("restores a projection row lost from D1, from the record's own log", async () => {
    const hotel = phone(98);
    const created = await api("POST", "/api/records", { json: { records: [recordInput({ guest_name: "Lost Row", hotel: { name: "Rebuild Inn", phone: hotel } })] } });
    const id = created.json.records[0].id;
    await projected(hotel, 1);
    await env.DB.prepare("DELETE FROM records WHERE id = ?1").bind(id).run();
    expect((await api("GET", `/api/records?hotel_phone=${encodeURIComponent(hotel)}`)).json.records).toEqual([]);

    const r = await api("POST", "/api/admin/rebuild", { json: {} });
    expect(r.status, r.text).toBe(202);
    await jobDone(r.json.job_id);
    const rows = await projected(hotel, 1);
    expect(rows[0]).toMatchObject({ id, guest_name: "Lost Row", status: "pending" });
  });
});
