// Inbound mail for operators: the triage list (unmatched mail above all) and assigning a message to
// a record by hand; the local outbox.
import { Hono } from "hono";
import { z } from "zod";
import { readSettings } from "../../config";
import { parseEmail } from "../../email/inbound/parse";
import { processParsed } from "../../email/inbound/receive";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { readJson, readQuery } from "../../http/body";
import { ApiError, conflict, notFound } from "../../http/errors";
import { RECORD_ID, recordStub } from "../../objects/folio-record/client";
import { piiCipher } from "../../platform/pii-cipher";
import { createLogger } from "../../platform/log";

export const inboxRoutes = new Hono<AppEnv>();

const inboxQuery = z
  .object({
    status: z.enum(["received", "matched", "unmatched", "auto_reply", "bounce", "failed"]).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

inboxRoutes.get("/inbox", async (c) => {
  const q = readQuery(c, inboxQuery);
  const where = q.status ? "WHERE status = ?2" : "";
  const args: unknown[] = q.status ? [q.limit, q.status] : [q.limit];
  const { results } = await c.env.DB.prepare(
    `SELECT id, message_id, from_domain, summary_sealed, kind, status, matched_by, record_ids, size, received_at, updated_at
     FROM inbox ${where} ORDER BY received_at DESC LIMIT ?1`,
  )
    .bind(...args)
    .all<Record<string, string | number | null>>();
  const cipher = await piiCipher(c.env);
  const messages = await Promise.all(
    results.map(async ({ summary_sealed, record_ids, ...row }) => ({
      ...row,
      ...(await cipher.openJson<{ from: string; to: string; subject: string }>(String(summary_sealed))),
      record_ids: JSON.parse(String(record_ids)) as string[],
    })),
  );
  return c.json({ messages });
});

inboxRoutes.post("/inbox/:id/assign", requireRole("operator"), async (c) => {
  const body = await readJson(c, z.object({ record_id: z.string().regex(RECORD_ID, "must be a record id") }).strict());
  const row = await c.env.DB.prepare("SELECT raw_key, status FROM inbox WHERE id = ?1").bind(c.req.param("id")).first<{ raw_key: string; status: string }>();
  if (!row) throw notFound("message");
  if (!["unmatched", "auto_reply"].includes(row.status)) throw conflict(`the message is ${row.status}; only unmatched mail and auto-replies can be assigned`);
  if (!(await recordStub(c.env, body.record_id).getState())) throw notFound("record");
  const raw = await c.env.BLOBS.get(row.raw_key);
  if (!raw) throw new ApiError(410, "gone", "the raw message is no longer stored");
  const parsed = await parseEmail(new Uint8Array(await raw.arrayBuffer()));
  if (!parsed.ok) throw conflict("the stored message cannot be parsed");
  const result = await processParsed(c.env, { inboxId: c.req.param("id"), rawKey: row.raw_key, email: parsed.email, assignTo: body.record_id });
  createLogger(c.env.LOG_LEVEL).info("inbox message assigned", { inbox_id: c.req.param("id"), record_id: body.record_id, actor_key: actorOf(c) });
  return c.json({ id: c.req.param("id"), status: result.status, record_id: body.record_id });
});

inboxRoutes.get("/outbox", async (c) => {
  if (!readSettings(c.env).local) throw notFound("outbox (local mode only)");
  const { results } = await c.env.DB.prepare(
    "SELECT message_id, r2_key, to_address, reply_to, subject, reference, record_ids, reminder, size, created_at FROM email_outbox ORDER BY created_at DESC LIMIT 200",
  ).all<Record<string, string | number>>();
  return c.json({ messages: results.map((m) => ({ ...m, record_ids: JSON.parse(String(m.record_ids)) as string[] })) });
});

// A record's folio attachment is served through a signed link: see files.ts.
