// Escalations, inbox triage, outbox and hotels: each page reads through the API and each form posts
// to the API route that does the work.
import { Hono } from "hono";
import { EscalationsPage, HotelsPage, InboxPage, OutboxPage } from "../../dash/views/ops";
import { apiFor, back, errorText, flashOf, pageCtx, render, requireDashRole, type DashEnv, parseForm } from "./context";

export const opsRoutes = new Hono<DashEnv>();

/** Only a dashboard path to go back to after a form. */
const backTo = (v: unknown, fallback: string) => (typeof v === "string" && /^\/dash(\/[\w\-/]*)?$/.test(v) ? v : fallback);

opsRoutes.get("/escalations", async (c) => {
  const reply = await apiFor(c)("GET", "/api/escalations?limit=100");
  return render(c, <EscalationsPage ctx={pageCtx(c)} escalations={reply.ok ? reply.json.escalations : []} flash={flashOf(c)} />);
});

opsRoutes.post("/escalations/:id/actions", requireDashRole("operator"), async (c) => {
  const form = await parseForm(c);
  const text = (k: string) => (typeof form[k] === "string" && (form[k] as string).trim() ? (form[k] as string).trim() : undefined);
  const action = text("action") ?? "";
  const body: Record<string, string> = { action };
  if (text("note")) body.note = text("note")!;
  if (action === "email_request" && text("email")) body.email = text("email")!;
  const reply = await apiFor(c)("POST", `/api/escalations/${encodeURIComponent(c.req.param("id"))}/actions`, { json: body });
  const to = backTo(form.back, "/dash/escalations");
  return back(c, to, reply.ok ? `Done: ${action.replaceAll("_", " ")}; the record is ${reply.json.status}.` : errorText(reply.error), !reply.ok);
});

const INBOX = ["unmatched", "auto_reply", "matched", "bounce", "failed"];

opsRoutes.get("/inbox", async (c) => {
  const status = INBOX.includes(c.req.query("status") ?? "") ? c.req.query("status")! : "unmatched";
  const reply = await apiFor(c)("GET", `/api/inbox?status=${status}&limit=100`);
  return render(c, <InboxPage ctx={pageCtx(c)} messages={reply.ok ? reply.json.messages : []} status={status} flash={flashOf(c)} />);
});

opsRoutes.post("/inbox/:id/assign", requireDashRole("operator"), async (c) => {
  const form = await parseForm(c);
  const recordId = typeof form.record_id === "string" ? form.record_id.trim() : "";
  const reply = await apiFor(c)("POST", `/api/inbox/${encodeURIComponent(c.req.param("id"))}/assign`, { json: { record_id: recordId } });
  return back(c, "/dash/inbox", reply.ok ? `Assigned; the message is ${reply.json.status}.` : errorText(reply.error), !reply.ok);
});

opsRoutes.get("/outbox", async (c) => {
  const reply = await apiFor(c)("GET", "/api/outbox");
  if (!reply.ok) return c.notFound();
  return render(c, <OutboxPage ctx={pageCtx(c)} messages={reply.json.messages} />);
});

opsRoutes.get("/hotels", async (c) => {
  const reply = await apiFor(c)("GET", "/api/hotels");
  return render(c, <HotelsPage ctx={pageCtx(c)} hotels={reply.ok ? reply.json.hotels : []} flash={flashOf(c)} />);
});

opsRoutes.post("/hotels/:phone", requireDashRole("operator"), async (c) => {
  const form = await parseForm(c, { all: true });
  const one = (k: string) => (typeof form[k] === "string" ? (form[k] as string).trim() : "");
  const days = ([] as unknown[]).concat(form.days ?? []).filter((d): d is string => typeof d === "string");
  const patch = {
    call_window: { days, start: one("start"), end: one("end") },
    timezone: one("timezone") || null,
    email: one("email") || null,
    ivr_path: one("ivr_path") || null,
  };
  const reply = await apiFor(c)("PUT", `/api/hotels/${encodeURIComponent(c.req.param("phone"))}`, { json: patch });
  return back(c, "/dash/hotels", reply.ok ? `Saved ${reply.json.name}.` : errorText(reply.error), !reply.ok);
});
