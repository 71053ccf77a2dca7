// The dashboard's role matrix: every route it mounts × {no session, viewer, operator}. No session: a
// page load goes to sign-in (303), anything else is 401. Viewers read everything and may not act:
// every post is 403 and nothing happens. Operators act. Every post also carries the session's CSRF
// token here (test/dash/csrf.test.ts refuses the ones that do not).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { appendToRecord } from "../../src/objects/folio-record/client";
import { call, keyFor, phone } from "../helpers";
import { newBrowser, newRecord, signedIn, visit, type Browser, type Page } from "./helpers";

type Who = "none" | "viewer" | "operator";
interface Req {
  method: "GET" | "POST";
  path: string;
  form?: Record<string, string>;
  body?: FormData;
  headers?: Record<string, string>;
  /** Do not read the body (the live stream never ends by itself). */
  stream?: boolean;
  after?: (allowed: boolean, r: Page) => Promise<void>;
}
interface Route {
  name: string;
  min: "public" | "viewer" | "operator";
  ok: number;
  make: () => Promise<Req>;
}

const sessions: Record<"viewer" | "operator", { b: Browser; csrf: string }> = {} as never;
let recordId = "";
const HOTEL = phone(71);

async function statusOf(id: string): Promise<string> {
  return (await call("GET", `/api/records/${id}`)).json.status;
}

async function escalatedRecord(): Promise<string> {
  const id = await newRecord({ hotel: { name: "Matrix Inn", phone: phone(72) } });
  await appendToRecord(env, id, () => [{ event_type: "EscalationTriggered", data: { reason: "refused" } }], { actor: "test" });
  expect(await statusOf(id)).toBe("escalated");
  return id;
}

beforeAll(async () => {
  sessions.viewer = await signedIn(await keyFor("viewer"));
  sessions.operator = await signedIn(await keyFor("operator"));
  recordId = await newRecord({ hotel: { name: "Matrix Hotel", phone: HOTEL } });
  expect((await call("PUT", `/api/hotels/${encodeURIComponent(HOTEL)}`, { json: { name: "Matrix Hotel" } })).status).toBe(200);
});

const csvForm = () => {
  const fd = new FormData();
  fd.set("file", new File(["guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone\n"], "empty.csv", { type: "text/csv" }));
  return fd;
};

const get = (path: string, ok = 200, extra: Partial<Req> = {}): Route => ({ name: `GET ${path.replace(/\?.*$/, "")}`, min: "viewer", ok, make: async () => ({ method: "GET", path, ...extra }) });

const routes: Route[] = [
  { name: "GET /", min: "public", ok: 302, make: async () => ({ method: "GET", path: "/" }) },
  { name: "GET /dash/assets/app.css", min: "public", ok: 200, make: async () => ({ method: "GET", path: "/dash/assets/app.css" }) },
  { name: "GET /dash/assets/app.js", min: "public", ok: 200, make: async () => ({ method: "GET", path: "/dash/assets/app.js" }) },
  { name: "GET /dash/signin", min: "public", ok: 200, make: async () => ({ method: "GET", path: "/dash/signin" }) },
  // Without its CSRF cookie every sign-in is refused; test/dash/auth.test.ts signs in for real.
  { name: "POST /dash/signin", min: "public", ok: 403, make: async () => ({ method: "POST", path: "/dash/signin", form: { key: "x" } }) },
  { name: "POST /dash/signout", min: "public", ok: 303, make: async () => ({ method: "POST", path: "/dash/signout", form: { _csrf: "" } }) },
  get("/dash"),
  get("/dash/records?status=pending&q=Ada"),
  get("/dash/records/import"),
  get("/dash/records/:id", 200, {}),
  get("/dash/records/:id/folio/attachment", 404),
  get("/dash/records/:id/calls/:callId/recording", 404),
  get("/dash/calls"),
  get("/dash/calls/:id"),
  get("/dash/calls/:id/watch", 404, { headers: { upgrade: "websocket" } }),
  get("/dash/calls/next"),
  get("/dash/calls/next/watch", 101, { stream: true, headers: { upgrade: "websocket" } }),
  get("/dash/live", 200, { stream: true, headers: { accept: "text/event-stream" } }),
  get("/dash/escalations"),
  get("/dash/inbox"),
  get("/dash/outbox"),
  get("/dash/hotels"),
  get("/dash/simulation"),
  // The simulation is off in the test worker: its campaign page goes back to the simulation page.
  get("/dash/simulation/:id", 303),
  {
    name: "POST /dash/records/import",
    min: "operator",
    ok: 200,
    make: async () => ({ method: "POST", path: "/dash/records/import", body: csvForm(), after: async (allowed, r) => expect(r.text.includes("0 lines accepted")).toBe(allowed) }),
  },
  {
    name: "POST /dash/records/:id/cancel",
    min: "operator",
    ok: 303,
    make: async () => {
      const id = await newRecord();
      return { method: "POST", path: `/dash/records/${id}/cancel`, form: { reason: "matrix" }, after: async (allowed) => expect(await statusOf(id)).toBe(allowed ? "cancelled" : "pending") };
    },
  },
  {
    name: "POST /dash/escalations/:id/actions",
    min: "operator",
    ok: 303,
    make: async () => {
      const id = await escalatedRecord();
      return {
        method: "POST",
        path: `/dash/escalations/${id}/actions`,
        form: { action: "resolve", note: "settled by phone" },
        after: async (allowed) => expect(await statusOf(id)).toBe(allowed ? "completed" : "escalated"),
      };
    },
  },
  // No such message: past the role check, the API's 404 comes back as a message on the inbox page.
  { name: "POST /dash/inbox/:id/assign", min: "operator", ok: 303, make: async () => ({ method: "POST", path: "/dash/inbox/msg_none/assign", form: { record_id: recordId } }) },
  {
    name: "POST /dash/hotels/:phone",
    min: "operator",
    ok: 303,
    make: async () => {
      const ivr = `${Math.floor(Math.random() * 9) + 1}w${Math.floor(Math.random() * 9) + 1}`;
      return {
        method: "POST",
        path: `/dash/hotels/${encodeURIComponent(HOTEL)}`,
        form: { days: "mon", start: "09:00", end: "12:00", timezone: "America/New_York", email: "desk@matrix.example", ivr_path: ivr },
        after: async (allowed) => expect((await call("GET", `/api/hotels/${encodeURIComponent(HOTEL)}`)).json.ivr_path === ivr).toBe(allowed),
      };
    },
  },
  get("/dash/messages"),
  {
    name: "POST /dash/messages",
    min: "operator",
    ok: 303,
    // No sender number in the test worker: past the role check, the API's 400 comes back on the page.
    make: async () => ({ method: "POST", path: "/dash/messages", form: { to: "+14155550177", body: "matrix" } }),
  },
  {
    name: "POST /dash/contacts/dnd",
    min: "operator",
    ok: 303,
    make: async () => {
      const number = `+1415558${String(1000 + Math.floor(Math.random() * 8999)).slice(-4)}`;
      return {
        method: "POST",
        path: "/dash/contacts/dnd",
        form: { phone: number, reason: "matrix" },
        after: async (allowed) => expect((await call("GET", `/api/contacts/${encodeURIComponent(number)}`)).json.do_not_contact !== null).toBe(allowed),
      };
    },
  },
  {
    name: "POST /dash/contacts/:e164/dnd/remove",
    min: "operator",
    ok: 303,
    make: async () => {
      const number = `+1415559${String(1000 + Math.floor(Math.random() * 8999)).slice(-4)}`;
      expect((await call("PUT", `/api/contacts/${encodeURIComponent(number)}/dnd`, { json: { reason: "matrix" } })).status).toBe(200);
      return {
        method: "POST",
        path: `/dash/contacts/${encodeURIComponent(number)}/dnd/remove`,
        form: {},
        after: async (allowed) => expect((await call("GET", `/api/contacts/${encodeURIComponent(number)}`)).json.do_not_contact === null).toBe(allowed),
      };
    },
  },
  { name: "POST /dash/simulation", min: "operator", ok: 303, make: async () => ({ method: "POST", path: "/dash/simulation", form: { records: "2" } }) },
  { name: "GET /dash/hotels/:phone", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/dash/hotels/${encodeURIComponent(HOTEL)}` }) },
  // No folio document on the matrix record: the API's 404 comes through.
  get("/dash/records/:id/folio/document", 404),
  {
    name: "POST /dash/records/:id/folio",
    min: "operator",
    ok: 303,
    make: async () => {
      const id = await receivedRecord();
      const folio = { folio_number: "F-1", guest_name: "Ada Lovelace", check_in: "2026-10-01", check_out: "2026-10-03", room_number: "", currency: "USD", total_amount: "200" };
      return { method: "POST", path: `/dash/records/${id}/folio`, form: folio, after: async (allowed) => expect(await statusOf(id)).toBe(allowed ? "completed" : "received") };
    },
  },
];

/** A record whose folio arrived without its number: waiting for an operator's review. */
async function receivedRecord(): Promise<string> {
  const id = await newRecord({ guest_name: "Ada Lovelace", hotel: { name: "Matrix Inn", phone: phone(72) } });
  const folio = { folio_number: null, guest_name: "Ada Lovelace", check_in: "2026-10-01", check_out: "2026-10-03", room_number: null, currency: "USD", charges: [], total_amount: 200 };
  await appendToRecord(
    env,
    id,
    () => [
      { event_type: "EmailResponseReceived", data: { email_id: "in_matrix", from: "desk@matrix.example", matched_by: "token" } },
      { event_type: "PartialExtractionComplete", data: { folio, issues: ["missing:folio_number"] } },
    ],
    { actor: "test" },
  );
  expect(await statusOf(id)).toBe("received");
  return id;
}

function concrete(path: string): string {
  return path
    .replace(":id/calls/:callId", `${recordId}/calls/call_none`)
    .replace("/records/:id", `/records/${recordId}`)
    .replace("/calls/:id", "/calls/call_none")
    .replace("/simulation/:id", "/simulation/cmp_none");
}

async function send(who: Who, req: Req, route: Route): Promise<Page> {
  // Public routes are for visitors: signed-in sessions stay out of them (sign-out would end them).
  const s = who === "none" || route.min === "public" ? { b: newBrowser(), csrf: "" } : sessions[who];
  const path = concrete(req.path);
  if (req.stream) {
    const { exports } = await import("cloudflare:workers");
    const headers: Record<string, string> = { ...req.headers };
    if (s.b.cookies.size) headers.cookie = [...s.b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    const res = await (exports as unknown as { default: Fetcher }).default.fetch(`http://folio.test${path}`, { headers });
    const type = res.headers.get("content-type") ?? "";
    if (res.webSocket) {
      res.webSocket.accept();
      res.webSocket.close(1000, "done");
    }
    await res.body?.cancel();
    return { status: res.status, text: type, headers: res.headers, location: null, setCookies: [] };
  }
  if (req.body) {
    req.body.set("_csrf", s.csrf);
    return visit(s.b, req.method, path, { body: req.body, headers: { origin: "http://folio.test", ...req.headers } });
  }
  return visit(s.b, req.method, path, { form: req.form ? { ...req.form, _csrf: req.form._csrf ?? s.csrf } : undefined, headers: req.headers });
}

describe.each(routes)("$name (min $min)", (route) => {
  it.each(["none", "viewer", "operator"] as Who[])("as %s", async (who) => {
    const req = await route.make();
    const r = await send(who, req, route);
    let allowed = false;
    if (route.min === "public") {
      expect(r.status, r.text.slice(0, 300)).toBe(route.ok);
      allowed = true;
    } else if (who === "none") {
      const page = req.method === "GET" && !req.stream && !req.headers?.upgrade;
      if (page) expect(r.location ?? "").toMatch(/^\/dash\/signin\?next=/);
      else expect(r.status).toBe(401);
    } else if (route.min === "operator" && who === "viewer") {
      expect(r.status).toBe(403);
      expect(JSON.parse(r.text).error.code).toBe("forbidden");
    } else {
      expect(r.status, r.text.slice(0, 300)).toBe(route.ok);
      if (req.stream && !req.headers?.upgrade) expect(r.text).toContain("text/event-stream");
      allowed = true;
    }
    await req.after?.(allowed, r);
  });
});

describe("viewers get no action buttons", () => {
  it("shows operators the forms and viewers none", async () => {
    const id = await escalatedRecord();
    for (const path of [`/dash/records/${id}`, "/dash/records", "/dash/escalations", "/dash/hotels", "/dash/simulation"]) {
      const op = await visit(sessions.operator.b, "GET", path);
      const view = await visit(sessions.viewer.b, "GET", path);
      expect(op.status).toBe(200);
      expect(view.status).toBe(200);
      const posts = (html: string) => (html.match(/<form method="post"/g) ?? []).length;
      expect(posts(op.text), path).toBeGreaterThan(1);
      expect(posts(view.text), path).toBe(1); // sign-out only
    }
  });
});

describe("dashboard route coverage", () => {
  it("covers every route the dashboard mounts", async () => {
    const { app } = await import("../../src/worker");
    const norm = (p: string) => p.replace(/\/$/, "") || "/";
    const mounted = new Set(
      (app.routes as { method: string; path: string }[])
        .filter((r) => r.method !== "ALL" && (r.path === "/" || r.path.startsWith("/dash")))
        .map((r) => `${r.method} ${norm(r.path).replace(/:phone/g, ":id")}`),
    );
    const covered = new Set(routes.map((r) => r.name.replace(/:phone/g, ":id")));
    expect([...mounted].filter((m) => !covered.has(m)).sort()).toEqual([]);
  });
});
