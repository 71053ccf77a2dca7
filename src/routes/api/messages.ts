// /api/messages and /api/threads (docs/architecture.md, "Messaging"): an operator sends a text (202
// with its id; the messages-out queue sends it once), anyone with a key reads the texts and a contact's
// threads. Bad input is refused naming the field, before anything is queued — an opted-out or
// do-not-call number too, so an operator is told rather than finding a `blocked` text later.
import { Hono } from "hono";
import { z } from "zod";
import { readSettings } from "../../config";
import { numberRoute } from "../../db/phone-numbers";
import { listMessages } from "../../db/messages";
import { e164 } from "../../engine/messaging/message";
import { checkText, queueText } from "../../engine/messaging/outbox";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { readJson, readQuery } from "../../http/body";
import { ApiError, badRequest } from "../../http/errors";
import { ledgerStub, threadStub } from "../../engine/messaging/stubs";
import { piiCipher } from "../../platform/pii-cipher";

const sendBody = z
  .object({
    to: z.string().max(40),
    body: z.string().max(10_000),
    from: z.string().max(40).optional(),
  })
  .strict();

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: z.iso.datetime().optional(),
  routed: z.enum(["triage"]).optional(),
});

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** Hono has percent-decoded it (`%2B` is `+`); only E.164, the form a thread is keyed by. */
export function e164Param(raw: string, field = "e164"): string {
  if (!e164.safeParse(raw).success) throw badRequest("the number is not in E.164 form", { [field]: "must be E.164, e.g. +14155550100" });
  return raw;
}

/** The sender texts come from in simulation when the deployment has none of its own. */
export const SIMULATED_SENDER = "+15555550100";

function defaultSender(env: Env): string | null {
  return env.TWILIO_FROM_NUMBER?.trim() || (readSettings(env).simulation ? SIMULATED_SENDER : null);
}

/** Our numbers: the routing table's and the deployment's own sender. */
async function isOurNumber(env: Env, number: string): Promise<boolean> {
  return number === defaultSender(env) || (await numberRoute(env.DB, number)) !== null;
}

export const messagesRoutes = new Hono<AppEnv>();

messagesRoutes.post("/messages", requireRole("operator"), async (c) => {
  const input = await readJson(c, sendBody, 64 * 1024);
  const from = input.from ?? defaultSender(c.env) ?? "";
  if (!from) throw badRequest("no sender number", { from: "required: no TWILIO_FROM_NUMBER is set" });
  const key = c.req.header("idempotency-key");
  if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw badRequest("bad Idempotency-Key", { "idempotency-key": "1 to 200 of A-Z a-z 0-9 . _ : -" });
  const checked = await checkText({ from, to: input.to, body: input.body, product: "operator", cause: key ? `${actorOf(c)}:${key}` : crypto.randomUUID() });
  if (!checked.ok) throw new ApiError(400, "validation_failed", `${checked.field} ${checked.message}`, { [checked.field]: checked.message });
  if (!(await isOurNumber(c.env, from))) throw new ApiError(400, "validation_failed", "from is not one of our numbers", { from: "must be a number in the routing table or TWILIO_FROM_NUMBER" });
  const decision = await ledgerStub(c.env).mayContact(input.to, "sms", null);
  if (!decision.ok) throw new ApiError(409, "contact_blocked", `the contact ledger blocks texts to this number (${decision.reason})`, { to: `${decision.reason}: ${decision.detail}` });
  const id = await queueText(c.env.MESSAGES_OUT_QUEUE, checked.message);
  return c.json({ message_id: id, status: "accepted" }, 202);
});

messagesRoutes.get("/messages", async (c) => {
  const q = readQuery(c, listQuery);
  const messages = await listMessages(c.env.DB, await piiCipher(c.env), { limit: q.limit, before: q.before, triage: q.routed === "triage" });
  return c.json({ messages, next_before: messages.length === q.limit ? messages.at(-1)!.created_at : null });
});

/** Every thread with a contact: one per our number it has texted or been texted from. */
messagesRoutes.get("/threads/:e164", async (c) => {
  const theirs = e164Param(c.req.param("e164"));
  const contact = await ledgerStub(c.env).contact(theirs);
  const threads = await Promise.all(contact.threads.map(async (ours) => ({ ours, theirs, ...(await threadStub(c.env, { ours, theirs }).history()) })));
  const { threads: _numbers, events: _events, ...ledger } = contact;
  return c.json({ contact: theirs, ledger, threads });
});
