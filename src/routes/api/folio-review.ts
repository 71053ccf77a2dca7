// POST /api/records/:id/folio: an operator's review of a received folio (issue 11). The corrected
// fields pass the same validation as extraction; the FolioCorrected event keeps before and after and
// completes the record; then the correction teaches the hotel's layout, so its next folio is read
// by rules and hints alone.
import { Hono } from "hono";
import { decideCorrection, folioCorrectionRequest } from "../../domain/folio-correction";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { readJson } from "../../http/body";
import { ApiError, conflict, notFound } from "../../http/errors";
import { folioSourceText } from "../../email/inbound/source-text";
import { rememberLayout } from "../../email/inbound/layout-memory";
import { appendToRecord, RECORD_ID, recordStub } from "../../objects/folio-record/client";
import { createLogger, errorFields } from "../../platform/log";

export const folioReviewRoutes = new Hono<AppEnv>();

folioReviewRoutes.post("/:id/folio", requireRole("operator"), async (c) => {
  const id = c.req.param("id");
  if (!RECORD_ID.test(id)) throw notFound("record");
  const body = await readJson(c, folioCorrectionRequest);
  const actor = actorOf(c);
  let refusal: ApiError | null = null;
  let fields: Parameters<typeof rememberLayout>[3] = {};
  let issues: string[] = [];
  const result = await appendToRecord(
    c.env,
    id,
    (state) => {
      refusal = null;
      if (state.status !== "received") {
        refusal = conflict(`only a received folio can be reviewed; the record is ${state.status}`);
        return null;
      }
      const record = { guest_name: state.input.guest_name, check_in: state.input.check_in, check_out: state.input.check_out };
      const source = typeof state.folio?.source === "string" ? state.folio.source : (state.folio_source ?? null);
      const d = decideCorrection(state.folio, source, body, record, actor);
      if (!d.ok) {
        const message = d.code === "missing_fields" ? "the folio still misses required fields" : "the folio does not pass validation; send accept_issues: true to save it anyway";
        refusal = new ApiError(422, d.code, message, { issues: d.issues });
        return null;
      }
      fields = d.fields;
      issues = d.issues;
      return [d.event];
    },
    { actor },
  );
  if (refusal) throw refusal;
  if (!result) throw notFound("record");
  if (!result.ok) throw new ApiError(400, result.code, result.message);
  const learned = await learnFrom(c.env, id, fields).catch((err: unknown) => {
    createLogger(c.env.LOG_LEVEL, { service: "api" }).warn("could not keep the folio layout", { record_id: id, ...errorFields(err) });
    return [] as string[];
  });
  return c.json({ id, status: result.state.status, folio: result.state.folio, issues, learned_hints: learned });
});

/** The corrected fields, located in the text they were read from, become the hotel's hints. */
async function learnFrom(env: Env, id: string, fields: Parameters<typeof rememberLayout>[3]): Promise<string[]> {
  const stub = recordStub(env, id);
  const [state, events] = await Promise.all([stub.getState(), stub.getEvents()]);
  if (!state) return [];
  const source = typeof state.folio?.source === "string" ? state.folio.source : (state.folio_source ?? null);
  const received = events.filter((e) => e.event_type === "EmailResponseReceived").at(-1);
  const rawKey = received?.event_type === "EmailResponseReceived" ? (received.data.raw_key ?? null) : null;
  const text = await folioSourceText(env, source, rawKey);
  if (!text) return [];
  const record = { guest_name: state.input.guest_name, check_in: state.input.check_in, check_out: state.input.check_out };
  return rememberLayout(env, state.input.hotel.phone, text, fields, record);
}
