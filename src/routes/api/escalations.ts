// Escalations (issue 4): records that need a person, and what an operator can do about each. Every
// action is an OperatorAction event naming the actor, followed by the events that carry it out.
import { Hono } from "hono";
import { z } from "zod";
import type { NewEvent } from "../../domain/events";
import type { QueueEffect } from "../../domain/record-reactions";
import type { RecordState } from "../../domain/record-state";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { readJson, readQuery } from "../../http/body";
import { ApiError, badRequest, conflict, notFound } from "../../http/errors";
import { appendToRecord, RECORD_ID } from "../../objects/folio-record/client";
import { listRecords } from "./record-list";

export const escalationsRoutes = new Hono<AppEnv>();

escalationsRoutes.get("/", async (c) => {
  const q = readQuery(c, z.object({ cursor: z.string().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }).strict());
  const { records, next_cursor } = await listRecords(c.env, { ...q, status: "escalated" });
  return c.json({ escalations: records, next_cursor });
});

const actionBody = z.discriminatedUnion("action", [
  z.object({ action: z.literal("retry_call"), note: z.string().max(2000).optional() }).strict(),
  z.object({ action: z.literal("email_request"), email: z.string().trim().toLowerCase().email().max(254).optional(), note: z.string().max(2000).optional() }).strict(),
  z.object({ action: z.literal("resolve"), note: z.string().trim().min(1).max(2000) }).strict(),
  z.object({ action: z.literal("cancel"), note: z.string().max(2000).optional() }).strict(),
]);
type Action = z.infer<typeof actionBody>;

/** The events that carry out an operator's action on an escalated record. */
function eventsFor(a: Action, s: RecordState, actor: string): { events: NewEvent[]; effects: QueueEffect[] } {
  const note = a.note ?? "";
  const recorded: NewEvent = { event_type: "OperatorAction", data: { action: a.action, actor, ...(a.note ? { note: a.note } : {}) } };
  switch (a.action) {
    case "retry_call":
      return {
        events: [
          recorded,
          { event_type: "EscalationResolved", data: { note: note || "retry the call", status: "pending" } },
          { event_type: "RecordQueued", data: { hotel_phone: s.input.hotel.phone } },
        ],
        effects: [{ queue: "scheduling", body: { type: "record_callable", record_id: s.id, hotel: s.input.hotel } }],
      };
    case "email_request": {
      const to = a.email ?? s.input.hotel.email;
      if (!to) throw badRequest("the hotel has no email address; give one", { email: "required: the hotel has none on file" });
      return {
        events: [
          recorded,
          { event_type: "EscalationResolved", data: { note: note || `email request to ${to}`, status: "awaiting_folio" } },
          { event_type: "EmailRequested", data: { to, reason: "operator" } },
        ],
        effects: [],
      };
    }
    case "resolve":
      return { events: [recorded, { event_type: "EscalationResolved", data: { note: a.note, status: "completed" } }], effects: [] };
    case "cancel":
      return { events: [recorded, { event_type: "RecordCancelled", data: { reason: a.note ?? "cancelled from escalation" } }], effects: [] };
  }
}

escalationsRoutes.post("/:id/actions", requireRole("operator"), async (c) => {
  const id = c.req.param("id");
  if (!RECORD_ID.test(id)) throw notFound("record");
  const action = await readJson(c, actionBody);
  const actor = actorOf(c);
  let notEscalated: string | null = null;
  const result = await appendToRecord(
    c.env,
    id,
    (state) => {
      if (state.status !== "escalated") {
        notEscalated = state.status;
        return null;
      }
      return eventsFor(action, state, actor);
    },
    { actor },
  );
  if (notEscalated) throw conflict(`the record is ${notEscalated}, not escalated`);
  if (!result) throw notFound("record");
  if (!result.ok) throw new ApiError(400, result.code, result.message);
  return c.json({ id, action: action.action, status: result.state.status });
});
