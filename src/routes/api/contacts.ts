// /api/contacts: the contact ledger (docs/architecture.md, "Messaging"). Viewers read it; operators put
// numbers on the do-not-call list and take them off, one by one or as a CSV (`phone,reason`), each
// with a reason and the actor recorded. A number on the list is called and texted by no product.
import { Hono } from "hono";
import { z } from "zod";
import { readSettings } from "../../config";
import { CsvReader, type CsvRecord } from "../../domain/csv";
import { toE164 } from "../../domain/record-input";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { readJson, readLimited, requireMediaType } from "../../http/body";
import { ApiError, badRequest, notFound } from "../../http/errors";
import { ledgerStub } from "../../engine/messaging/stubs";
import { e164Param } from "./messages";

const dndBody = z.object({ reason: z.string().trim().min(1).max(500) }).strict();
const MAX_CSV_BYTES = 2 * 1024 * 1024;
const MAX_CSV_ROWS = 10_000;

export const contactsRoutes = new Hono<AppEnv>();

contactsRoutes.get("/", async (c) => c.json({ contacts: await ledgerStub(c.env).blocked(500) }));

contactsRoutes.post("/dnd/import", requireRole("operator"), async (c) => {
  requireMediaType(c, "text/csv");
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(await readLimited(c.req.raw, MAX_CSV_BYTES));
  } catch (err) {
    if (err instanceof TypeError) throw new ApiError(400, "invalid_encoding", "the CSV is not valid UTF-8");
    throw err;
  }
  const reader = new CsvReader();
  const records: CsvRecord[] = [...reader.push(text), ...reader.end()];
  const [head, ...lines] = records;
  const header = head && "fields" in head ? head.fields.map((f) => f.trim().toLowerCase()) : null;
  if (!header || header.join(",") !== "phone,reason") throw badRequest("the header must be phone,reason", { header: "phone,reason" });
  if (lines.length > MAX_CSV_ROWS) throw new ApiError(413, "payload_too_large", `an import holds at most ${MAX_CSV_ROWS} rows`);
  const country = readSettings(c.env).defaultCountry;
  const rows: Array<{ phone: string; reason: string }> = [];
  const rejected: Array<{ line: number; errors: Record<string, string> }> = [];
  for (const rec of lines) {
    if ("error" in rec) {
      rejected.push({ line: rec.line, errors: { row: rec.error } });
      continue;
    }
    if (rec.fields.every((f) => f.trim() === "")) continue;
    const phone = toE164(rec.fields[0] ?? "", country);
    const reason = (rec.fields[1] ?? "").trim();
    const errors: Record<string, string> = {};
    if (!phone) errors.phone = "not a phone number";
    if (!reason || reason.length > 500) errors.reason = "required, at most 500 characters";
    if (rec.fields.length !== 2) errors.row = "needs exactly two fields";
    if (Object.keys(errors).length) rejected.push({ line: rec.line, errors });
    else rows.push({ phone: phone!, reason });
  }
  // All or nothing: a file with a bad line changes nothing, and says which lines to fix.
  if (rejected.length) throw new ApiError(400, "validation_failed", "some lines are not valid; nothing was imported", { rejected });
  const imported = await ledgerStub(c.env).importDoNotContact(rows, actorOf(c));
  return c.json({ imported });
});

contactsRoutes.get("/:e164", async (c) => c.json(await ledgerStub(c.env).contact(e164Param(c.req.param("e164")))));

contactsRoutes.put("/:e164/dnd", requireRole("operator"), async (c) => {
  const phone = e164Param(c.req.param("e164"));
  const { reason } = await readJson(c, dndBody, 16 * 1024);
  return c.json(await ledgerStub(c.env).setDoNotContact(phone, reason, actorOf(c)));
});

contactsRoutes.delete("/:e164/dnd", requireRole("operator"), async (c) => {
  const entry = await ledgerStub(c.env).clearDoNotContact(e164Param(c.req.param("e164")), actorOf(c));
  if (!entry) throw notFound("do-not-call entry");
  return c.json(entry);
});
