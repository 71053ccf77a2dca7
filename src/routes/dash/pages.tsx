// Overview, records (list, filters, CSV upload) and record detail. Reads go to the same read models
// as the API; every write goes through the API routes themselves (src/dash/api.ts).
import { Hono } from "hono";
import { z } from "zod";
import { readSettings } from "../../config";
import { toE164 } from "../../domain/record-input";
import { statuses } from "../../domain/record-state";
import { RECORD_ID } from "../../objects/folio-record/client";
import { piiCipher } from "../../platform/pii-cipher";
import { callsInProgress, campaigns, recentJobs, statusCounts, type JobRow } from "../../dash/queries";
import { OverviewPage } from "../../dash/views/overview";
import { RecordPage, type MailItem } from "../../dash/views/record";
import { ImportResultPage, RecordsPage, type RecordRow } from "../../dash/views/records";
import { listRecords } from "../api/record-list";
import { apiFor, back, errorText, flashOf, pageCtx, render, requireDashRole, type DashContext, type DashEnv, parseForm } from "./context";

export const pageRoutes = new Hono<DashEnv>();

pageRoutes.get("/", async (c) => {
  const [counts, calls, camps, jobs] = await Promise.all([statusCounts(c.env), callsInProgress(c.env), campaigns(c.env), recentJobs(c.env)]);
  return render(c, <OverviewPage ctx={pageCtx(c)} counts={counts} calls={calls} campaigns={camps} jobs={jobs} />);
});

const listQuery = z.object({
  status: z.enum(statuses).optional().catch(undefined),
  hotel: z.string().max(40).optional(),
  q: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
});

const PAGE = 25;
/** How many rows a free-text search decrypts at most per page (names are sealed in D1). */
const SCAN_LIMIT = 2000;

function cursorOf(r: { created_at: string; id: string }): string {
  // The same keyset cursor the API hands out (src/routes/api/record-list.ts).
  return btoa(JSON.stringify([r.created_at, r.id]))
    .replaceAll("+", "-")
    .replaceAll("/", "_")
    .replaceAll("=", "");
}

async function findRecords(c: DashContext, f: z.infer<typeof listQuery>): Promise<{ records: RecordRow[]; next: string | null; error: string | null }> {
  const hotel_phone = f.hotel ? (toE164(f.hotel, readSettings(c.env).defaultCountry) ?? undefined) : undefined;
  const base = { status: f.status || undefined, hotel_phone };
  try {
    if (!f.q) {
      const page = await listRecords(c.env, { ...base, cursor: f.cursor || undefined, limit: PAGE });
      return { records: page.records, next: page.next_cursor, error: null };
    }
    // Free text: names and confirmation numbers are sealed, so matching happens after decryption, a
    // chunk at a time, bounded per page.
    const needle = f.q.toLowerCase();
    const found: RecordRow[] = [];
    let cursor = f.cursor || undefined;
    let scanned = 0;
    for (;;) {
      const chunk = await listRecords(c.env, { ...base, cursor, limit: 200 });
      for (const r of chunk.records) {
        scanned++;
        const hay = [r.id, r.external_id, r.guest_name, r.confirmation_number, r.hotel.name, r.hotel.phone].join(" ").toLowerCase();
        if (hay.includes(needle)) found.push(r);
        if (found.length === PAGE) return { records: found, next: cursorOf(r), error: null };
      }
      cursor = chunk.next_cursor ?? undefined;
      if (!cursor) return { records: found, next: null, error: null };
      if (scanned >= SCAN_LIMIT) return { records: found, next: cursor, error: null };
    }
  } catch (err) {
    return { records: [], next: null, error: err instanceof Error ? err.message : "the filter is not valid" };
  }
}

pageRoutes.get("/records", async (c) => {
  const f = listQuery.parse({ status: c.req.query("status") || undefined, hotel: c.req.query("hotel") || undefined, q: c.req.query("q") || undefined, cursor: c.req.query("cursor") || undefined });
  const [found, hotels] = await Promise.all([findRecords(c, f), c.env.DB.prepare("SELECT phone, name FROM hotels ORDER BY name LIMIT 500").all<{ phone: string; name: string }>()]);
  const flash = flashOf(c);
  return render(
    c,
    <RecordsPage ctx={pageCtx(c)} records={found.records} next={found.next} filters={f} hotels={hotels.results} flash={{ message: flash.message, error: found.error ?? flash.error }} />,
  );
});

async function jobRow(env: Env, id: string | undefined): Promise<JobRow | null> {
  if (!id) return null;
  return env.DB.prepare("SELECT id, kind, status, total, done, failed, created_at, updated_at FROM jobs WHERE id = ?1").bind(id).first<JobRow>();
}

/** The import page, for the job progress the result page keeps live. */
pageRoutes.get("/records/import", async (c) => {
  const job = await jobRow(c.env, c.req.query("job"));
  const result = job ? { imported: job.total, rejected: [], job_id: job.id } : null;
  return render(c, <ImportResultPage ctx={pageCtx(c)} result={result} error={null} job={job} />);
});

pageRoutes.post("/records/import", requireDashRole("operator"), async (c) => {
  const form = await parseForm(c);
  const file = form.file;
  if (!(file instanceof File) || file.size === 0) {
    return render(c, <ImportResultPage ctx={pageCtx(c)} result={null} error="choose a CSV file to upload" job={null} />, 400);
  }
  const reply = await apiFor(c)("POST", "/api/records/import", { text: await file.text(), contentType: "text/csv" });
  if (!reply.ok) return render(c, <ImportResultPage ctx={pageCtx(c)} result={null} error={errorText(reply.error)} job={null} />, 400);
  const job = await jobRow(c.env, reply.json.job_id);
  return render(c, <ImportResultPage ctx={pageCtx(c)} result={reply.json} error={null} job={job} />);
});

/** The mail Folio sent for a record (local outbox) and the replies that matched it (inbox). */
async function mailFor(env: Env, id: string): Promise<MailItem[]> {
  const like = `%"${id}"%`;
  const [outbox, inbox] = await Promise.all([
    env.DB.prepare("SELECT to_address, subject, reminder, created_at FROM email_outbox WHERE record_ids LIKE ?1 ORDER BY created_at LIMIT 50")
      .bind(like)
      .all<{ to_address: string; subject: string; reminder: number; created_at: string }>(),
    env.DB.prepare("SELECT summary_sealed, status, received_at FROM inbox WHERE record_ids LIKE ?1 ORDER BY received_at LIMIT 50")
      .bind(like)
      .all<{ summary_sealed: string; status: string; received_at: string }>(),
  ]);
  const cipher = inbox.results.length ? await piiCipher(env) : null;
  const items: MailItem[] = outbox.results.map((m) => ({ direction: "out", at: m.created_at, subject: m.subject, party: m.to_address, status: m.reminder ? "reminder" : "request" }));
  for (const m of inbox.results) {
    const s = await cipher!.openJson<{ from: string; subject: string }>(m.summary_sealed);
    items.push({ direction: "in", at: m.received_at, subject: s.subject, party: s.from, status: m.status });
  }
  return items.sort((a, b) => a.at.localeCompare(b.at));
}

pageRoutes.get("/records/:id", async (c) => {
  const id = c.req.param("id");
  if (!RECORD_ID.test(id)) return c.notFound();
  const api = apiFor(c);
  const [state, events] = await Promise.all([api("GET", `/api/records/${id}`), api("GET", `/api/records/${id}/events`)]);
  if (!state.ok) return c.notFound();
  const mail = await mailFor(c.env, id);
  return render(c, <RecordPage ctx={pageCtx(c)} r={state.json} events={events.ok ? events.json.events : []} mail={mail} flash={flashOf(c)} />);
});

pageRoutes.post("/records/:id/cancel", requireDashRole("operator"), async (c) => {
  const id = c.req.param("id");
  if (!RECORD_ID.test(id)) return c.notFound();
  const form = await parseForm(c);
  const reason = typeof form.reason === "string" && form.reason.trim() ? form.reason.trim() : undefined;
  const reply = await apiFor(c)("POST", `/api/records/${id}/cancel`, { json: reason ? { reason } : {} });
  return back(c, `/dash/records/${id}`, reply.ok ? "The record was cancelled." : errorText(reply.error), !reply.ok);
});

pageRoutes.get("/records/:id/folio/attachment", async (c) => {
  const id = c.req.param("id");
  if (!RECORD_ID.test(id)) return c.notFound();
  const res = await apiFor(c).raw("GET", `/api/records/${id}/folio/attachment`);
  return res;
});
