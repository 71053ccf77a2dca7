// /api/records (docs/architecture.md, "Public contracts"): create (idempotent on external_id), list from the D1 projection, read
// state and events from the record's DO (the truth), cancel.
import { Hono } from "hono";
import { z } from "zod";
import { readSettings } from "../../config";
import type { CountryCode } from "libphonenumber-js";
import { phoneNumber, recordRequest } from "../../domain/record-input";
import { statuses, terminalStatuses } from "../../domain/record-state";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { readJson, readJsonOrEmpty, readQuery } from "../../http/body";
import { ApiError, badRequest, conflict, notFound } from "../../http/errors";
import { appendToRecord, createRecord, RECORD_ID, recordIdFor, recordStub } from "../../objects/folio-record/client";
import { mapLimit } from "../../platform/concurrency";
import { listRecords } from "./record-list";
import { recordView } from "./record-view";

export const MAX_RECORDS_PER_REQUEST = 1000;

export const recordsRoutes = new Hono<AppEnv>();

recordsRoutes.post("/", requireRole("operator"), async (c) => {
  const settings = readSettings(c.env);
  const body = await readJson(c, z.object({ records: z.array(recordRequest(settings.defaultCountry)).min(1).max(MAX_RECORDS_PER_REQUEST) }).strict());
  const seen = new Map<string, number>();
  body.records.forEach((r, i) => {
    if (!r.external_id) return;
    const first = seen.get(r.external_id);
    if (first !== undefined) throw badRequest(`records.${i}.external_id repeats records.${first}`, { [`records.${i}.external_id`]: "duplicate in this request" });
    seen.set(r.external_id, i);
  });
  const actor = actorOf(c);
  const created = await mapLimit(body.records, 32, async (input) =>
    createRecord(c.env, input, { recordId: await recordIdFor(input.external_id && `ext:${input.external_id}`), actor, inboundDomain: settings.inboundDomain }),
  );
  return c.json({ records: created.map(({ id, status, reply_to }) => ({ id, status, reply_to })) }, 201);
});

// hotel_phone is normalized like every other phone the API takes: an unencoded `+` in a query string
// arrives as a space (`?hotel_phone=+14155550100`), and national formats read in the default country.
const listQuery = (defaultCountry: CountryCode) =>
  z
    .object({
      status: z.enum(statuses).optional(),
      hotel_phone: phoneNumber(defaultCountry).optional(),
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    })
    .strict();

recordsRoutes.get("/", async (c) => {
  const q = readQuery(c, listQuery(readSettings(c.env).defaultCountry));
  return c.json(await listRecords(c.env, q));
});

function recordIdParam(id: string): string {
  if (!RECORD_ID.test(id)) throw notFound("record");
  return id;
}

recordsRoutes.get("/:id", async (c) => {
  const state = await recordStub(c.env, recordIdParam(c.req.param("id"))).getState();
  if (!state) throw notFound("record");
  return c.json(recordView(state));
});

recordsRoutes.get("/:id/events", async (c) => {
  const stub = recordStub(c.env, recordIdParam(c.req.param("id")));
  const events = await stub.getEvents();
  if (events.length === 0) throw notFound("record");
  return c.json({ events });
});

recordsRoutes.post("/:id/cancel", requireRole("operator"), async (c) => {
  const id = recordIdParam(c.req.param("id"));
  const body = await readJsonOrEmpty(c, z.object({ reason: z.string().max(2000).optional() }).strict());
  let closed: string | null = null;
  const result = await appendToRecord(
    c.env,
    id,
    (state) => {
      if (terminalStatuses.has(state.status)) {
        closed = state.status;
        return null;
      }
      return [{ event_type: "RecordCancelled", data: { reason: body.reason } }];
    },
    { actor: actorOf(c) },
  );
  if (closed) throw conflict(`the record is already ${closed}`);
  if (!result) throw notFound("record");
  if (!result.ok) throw new ApiError(400, result.code, result.message);
  return c.json({ id, status: result.state.status });
});
