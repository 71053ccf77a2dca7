// The texts page (src/dash/views/messages.tsx): it reads through the API, and its forms post to the
// contact ledger's API routes.
import { Hono } from "hono";
import { MessagesPage } from "../../dash/views/messages";
import { apiFor, back, errorText, flashOf, pageCtx, parseForm, render, requireDashRole, type DashEnv } from "./context";

export const messagesPages = new Hono<DashEnv>();

messagesPages.get("/messages", async (c) => {
  const api = apiFor(c);
  const [texts, triage, ledger] = await Promise.all([api("GET", "/api/messages?limit=200"), api("GET", "/api/messages?routed=triage&limit=50"), api("GET", "/api/contacts")]);
  return render(
    c,
    <MessagesPage ctx={pageCtx(c)} texts={texts.ok ? texts.json.messages : []} triage={triage.ok ? triage.json.messages : []} ledger={ledger.ok ? ledger.json.contacts : []} flash={flashOf(c)} />,
  );
});

messagesPages.post("/messages", requireDashRole("operator"), async (c) => {
  const form = await parseForm(c);
  const to = typeof form.to === "string" ? form.to.trim() : "";
  const body = typeof form.body === "string" ? form.body : "";
  const reply = await apiFor(c)("POST", "/api/messages", { json: { to, body } });
  return back(c, "/dash/messages", reply.ok ? `Queued text ${reply.json.message_id}.` : errorText(reply.error), !reply.ok);
});

messagesPages.post("/contacts/dnd", requireDashRole("operator"), async (c) => {
  const form = await parseForm(c);
  const phone = typeof form.phone === "string" ? form.phone.trim() : "";
  const reason = typeof form.reason === "string" ? form.reason.trim() : "";
  const reply = await apiFor(c)("PUT", `/api/contacts/${encodeURIComponent(phone)}/dnd`, { json: { reason } });
  return back(c, "/dash/messages", reply.ok ? `${phone} is on the do-not-call list.` : errorText(reply.error), !reply.ok);
});

messagesPages.post("/contacts/:e164/dnd/remove", requireDashRole("operator"), async (c) => {
  const phone = c.req.param("e164");
  const reply = await apiFor(c)("DELETE", `/api/contacts/${encodeURIComponent(phone)}/dnd`);
  return back(c, "/dash/messages", reply.ok ? `${phone} is off the do-not-call list.` : errorText(reply.error), !reply.ok);
});
