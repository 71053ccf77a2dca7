// The role matrix: every route × {no key, bad key, viewer, operator, admin}. Missing or bad key: 401.
// Role too low: 403, and nothing happens. Otherwise the route's success status.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, expectError, keyFor, phone, recordInput, type Reply } from "../helpers";
import { recordWithFiles } from "../reliability/files";
import { appendToRecord } from "../../src/objects/folio-record/client";

type Principal = "none" | "bad" | "viewer" | "operator" | "admin";
type Min = "public" | "viewer" | "operator" | "admin";
const rank: Record<Principal, number> = { none: 0, bad: 0, viewer: 1, operator: 2, admin: 3 };
const minRank: Record<Min, number> = { public: 0, viewer: 1, operator: 2, admin: 3 };

interface Req {
  method: string;
  path: string;
  json?: unknown;
  body?: string;
  headers?: Record<string, string>;
  /** Checks the side effect happened (allowed) or did not (refused). */
  after?: (allowed: boolean, r: Reply) => Promise<void>;
}
interface Route {
  name: string;
  min: Min;
  ok: number;
  make: () => Promise<Req>;
}

const keys: Record<"viewer" | "operator" | "admin", string> = { viewer: "", operator: "", admin: "" };
let recordId = "";
let jobId = "";
/** A record with a folio attachment and a call recording (signed-link routes). */
let files = { id: "", callId: "" };
let n = 0;
const HOTEL = phone(90);
/** A number in the routing table (inbound calls). */
const ROUTED = phone(89);
const CSV_HEADER = "guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone";

async function freshRecord(): Promise<string> {
  const r = await api("POST", "/api/records", { json: { records: [recordInput({ hotel: { name: "Role Inn", phone: phone(91) } })] } });
  expect(r.status, r.text).toBe(201);
  return r.json.records[0].id;
}

beforeAll(async () => {
  keys.viewer = await keyFor("viewer");
  keys.operator = await keyFor("operator");
  keys.admin = await keyFor("admin");
  recordId = await freshRecord();
  const job = await api("POST", "/api/records/import", { body: `${CSV_HEADER}\n`, headers: { "content-type": "text/csv" } });
  jobId = job.json.job_id;
  expect((await api("PUT", `/api/hotels/${HOTEL}`, { json: { name: "Role Hotel" } })).status).toBe(200);
  expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(ROUTED)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
  files = await recordWithFiles("roles");
});

/** A fresh signed link's path and query, minted by the admin. */
async function signedPath(body: unknown): Promise<string> {
  const r = await api("POST", `/api/records/${files.id}/links`, { json: body });
  expect(r.status, r.text).toBe(201);
  const u = new URL(r.json.url);
  return u.pathname + u.search;
}

const routes: Route[] = [
  { name: "GET /healthz", min: "public", ok: 200, make: async () => ({ method: "GET", path: "/healthz" }) },
  { name: "GET /metrics", min: "public", ok: 200, make: async () => ({ method: "GET", path: "/metrics" }) },
  {
    name: "POST /api/keys",
    min: "admin",
    ok: 201,
    make: async () => {
      const name = `role-matrix-${++n}`;
      return {
        method: "POST",
        path: "/api/keys",
        json: { name, role: "viewer" },
        after: async (allowed) => {
          const names = (await api("GET", "/api/keys")).json.keys.map((k: any) => k.name);
          expect(names.includes(name)).toBe(allowed);
        },
      };
    },
  },
  { name: "GET /api/keys", min: "admin", ok: 200, make: async () => ({ method: "GET", path: "/api/keys" }) },
  {
    name: "DELETE /api/keys/:id",
    min: "admin",
    ok: 200,
    make: async () => {
      const target = (await api("POST", "/api/keys", { json: { name: `victim-${++n}`, role: "viewer" } })).json;
      return {
        method: "DELETE",
        path: `/api/keys/${target.id}`,
        after: async (allowed) => {
          expect((await api("GET", "/api/records?limit=1", { key: target.key })).status).toBe(allowed ? 401 : 200);
        },
      };
    },
  },
  {
    name: "POST /api/records",
    min: "operator",
    ok: 201,
    make: async () => {
      const ext = `role-${Date.now()}-${++n}`;
      return {
        method: "POST",
        path: "/api/records",
        json: { records: [recordInput({ external_id: ext, hotel: { name: "Role Inn", phone: phone(92) } })] },
        after: async (allowed, r) => {
          if (allowed) expect((await api("GET", `/api/records/${r.json.records[0].id}`)).json.external_id).toBe(ext);
        },
      };
    },
  },
  { name: "GET /api/records", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: "/api/records?limit=5&status=pending" }) },
  { name: "GET /api/records/:id", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/records/${recordId}` }) },
  { name: "GET /api/records/:id/events", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/records/${recordId}/events` }) },
  {
    name: "POST /api/records/:id/cancel",
    min: "operator",
    ok: 200,
    make: async () => {
      const id = await freshRecord();
      return {
        method: "POST",
        path: `/api/records/${id}/cancel`,
        json: { reason: "role matrix" },
        after: async (allowed) => {
          expect((await api("GET", `/api/records/${id}`)).json.status).toBe(allowed ? "cancelled" : "pending");
        },
      };
    },
  },
  {
    name: "POST /api/records/:id/folio",
    min: "operator",
    ok: 200,
    make: async () => {
      const id = await freshRecord();
      const folio = { folio_number: null, guest_name: "x", check_in: "2026-10-01", check_out: "2026-10-03", room_number: null, currency: "USD", charges: [], total_amount: 200 };
      await appendToRecord(
        env,
        id,
        () => [
          { event_type: "EmailResponseReceived", data: { email_id: "in_role", from: "desk@role.example", matched_by: "token" } },
          { event_type: "PartialExtractionComplete", data: { folio, issues: ["missing:folio_number"] } },
        ],
        { actor: "test" },
      );
      const current = (await api("GET", `/api/records/${id}`)).json;
      return {
        method: "POST",
        path: `/api/records/${id}/folio`,
        json: { fields: { folio_number: "F-9", guest_name: current.guest_name } },
        after: async (allowed) => {
          expect((await api("GET", `/api/records/${id}`)).json.status).toBe(allowed ? "completed" : "received");
        },
      };
    },
  },
  {
    name: "POST /api/records/import",
    min: "operator",
    ok: 202,
    make: async () => ({
      method: "POST",
      path: "/api/records/import",
      body: `${CSV_HEADER}\nRole Guest ${++n},C${n},2026-10-01,2026-10-02,Role Inn,${phone(93)}\n`,
      headers: { "content-type": "text/csv" },
    }),
  },
  { name: "GET /api/jobs/:id", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/jobs/${jobId}` }) },
  { name: "GET /api/hotels", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: "/api/hotels" }) },
  { name: "GET /api/hotels/:phone", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/hotels/${HOTEL}` }) },
  {
    name: "PUT /api/hotels/:phone",
    min: "operator",
    ok: 200,
    make: async () => {
      const notes = `role note ${++n}`;
      return {
        method: "PUT",
        path: `/api/hotels/${HOTEL}`,
        json: { notes },
        after: async (allowed) => {
          expect((await api("GET", `/api/hotels/${HOTEL}`)).json.notes === notes).toBe(allowed);
        },
      };
    },
  },
  { name: "GET /api/phone-numbers", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: "/api/phone-numbers" }) },
  { name: "GET /api/phone-numbers/:e164", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/phone-numbers/${encodeURIComponent(ROUTED)}` }) },
  {
    name: "PUT /api/phone-numbers/:e164",
    min: "operator",
    ok: 200,
    make: async () => {
      const label = `role line ${++n}`;
      return {
        method: "PUT",
        path: `/api/phone-numbers/${encodeURIComponent(ROUTED)}`,
        json: { product: "folio", playbook: "scripted", label },
        after: async (allowed) => {
          expect((await api("GET", `/api/phone-numbers/${encodeURIComponent(ROUTED)}`)).json.label === label).toBe(allowed);
        },
      };
    },
  },
  {
    name: "DELETE /api/phone-numbers/:e164",
    min: "operator",
    ok: 200,
    make: async () => {
      const number = phone(40 + (++n % 30));
      expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
      return {
        method: "DELETE",
        path: `/api/phone-numbers/${encodeURIComponent(number)}`,
        after: async (allowed) => {
          expect((await api("GET", `/api/phone-numbers/${encodeURIComponent(number)}`)).status).toBe(allowed ? 404 : 200);
        },
      };
    },
  },
  // The test worker has neither Twilio nor the simulation: an allowed caller gets past the role check to a 409.
  {
    name: "POST /api/messages",
    min: "operator",
    ok: 202,
    make: async () => ({ method: "POST", path: "/api/messages", json: { to: phone(88), from: ROUTED, body: `role check ${++n}` } }),
  },
  { name: "GET /api/messages", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: "/api/messages?limit=5" }) },
  { name: "GET /api/threads/:e164", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/threads/${encodeURIComponent(phone(88))}` }) },
  { name: "GET /api/contacts", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: "/api/contacts" }) },
  { name: "GET /api/contacts/:e164", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/contacts/${encodeURIComponent(phone(87))}` }) },
  {
    name: "PUT /api/contacts/:e164/dnd",
    min: "operator",
    ok: 200,
    make: async () => {
      const number = `+1415556${String(1000 + ++n).slice(-4)}`;
      return {
        method: "PUT",
        path: `/api/contacts/${encodeURIComponent(number)}/dnd`,
        json: { reason: "role check" },
        after: async (allowed) => {
          expect((await api("GET", `/api/contacts/${encodeURIComponent(number)}`)).json.do_not_contact !== null).toBe(allowed);
        },
      };
    },
  },
  {
    name: "DELETE /api/contacts/:e164/dnd",
    min: "operator",
    ok: 200,
    make: async () => {
      const number = `+1415557${String(1000 + ++n).slice(-4)}`;
      expect((await api("PUT", `/api/contacts/${encodeURIComponent(number)}/dnd`, { json: { reason: "role check" } })).status).toBe(200);
      return {
        method: "DELETE",
        path: `/api/contacts/${encodeURIComponent(number)}/dnd`,
        after: async (allowed) => {
          expect((await api("GET", `/api/contacts/${encodeURIComponent(number)}`)).json.do_not_contact === null).toBe(allowed);
        },
      };
    },
  },
  {
    name: "POST /api/contacts/dnd/import",
    min: "operator",
    ok: 200,
    make: async () => ({ method: "POST", path: "/api/contacts/dnd/import", body: `phone,reason\n${phone(86)},role check\n`, headers: { "content-type": "text/csv" } }),
  },
  { name: "POST /api/hotels/:phone/call", min: "operator", ok: 409, make: async () => ({ method: "POST", path: `/api/hotels/${HOTEL}/call` }) },
  { name: "GET /api/hotels/:phone/calls", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/hotels/${HOTEL}/calls` }) },
  // The simulation is off in the test worker: past the role check, its routes are not there (404).
  { name: "POST /api/dev/simulate", min: "operator", ok: 404, make: async () => ({ method: "POST", path: "/api/dev/simulate", json: {} }) },
  { name: "GET /api/dev/campaigns/:id", min: "viewer", ok: 404, make: async () => ({ method: "GET", path: "/api/dev/campaigns/cmp_x" }) },
  { name: "POST /api/admin/rebuild", min: "admin", ok: 202, make: async () => ({ method: "POST", path: "/api/admin/rebuild" }) },
  { name: "GET /api/inbox", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: "/api/inbox?status=unmatched" }) },
  {
    name: "POST /api/inbox/:id/assign",
    min: "operator",
    ok: 200,
    make: async () => {
      const inboxId = await unmatchedMessage();
      return {
        method: "POST",
        path: `/api/inbox/${inboxId}/assign`,
        json: { record_id: recordId },
        after: async (allowed) => {
          const row = await env.DB.prepare("SELECT status FROM inbox WHERE id = ?1").bind(inboxId).first<{ status: string }>();
          expect(row!.status).toBe(allowed ? "matched" : "unmatched");
        },
      };
    },
  },
  { name: "GET /api/outbox", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: "/api/outbox" }) },
  { name: "GET /api/escalations", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: "/api/escalations" }) },
  // An allowed caller reaches the action, which refuses a record that is not escalated.
  {
    name: "POST /api/escalations/:id/actions",
    min: "operator",
    ok: 409,
    make: async () => ({ method: "POST", path: `/api/escalations/${recordId}/actions`, json: { action: "resolve", note: "n/a" } }),
  },
  // The record has no folio yet: an allowed caller gets past the role check to a 404.
  { name: "GET /api/records/:id/folio/attachment", min: "viewer", ok: 404, make: async () => ({ method: "GET", path: `/api/records/${recordId}/folio/attachment` }) },
  // Stored files: minting a signed link needs a key; the bearer addresses redirect to a fresh link
  // (followed here, so an allowed caller ends at the file); the link itself needs no key.
  {
    name: "POST /api/records/:id/links",
    min: "viewer",
    ok: 201,
    make: async () => ({ method: "POST", path: `/api/records/${files.id}/links`, json: { resource: "recording", call_id: files.callId } }),
  },
  { name: "GET /api/records/:id/calls/:callId/recording", min: "viewer", ok: 200, make: async () => ({ method: "GET", path: `/api/records/${files.id}/calls/${files.callId}/recording` }) },
  { name: "GET /files/records/:id/folio/attachment", min: "public", ok: 200, make: async () => ({ method: "GET", path: await signedPath({ resource: "folio_attachment" }) }) },
  { name: "GET /files/records/:id/calls/:callId/recording", min: "public", ok: 200, make: async () => ({ method: "GET", path: await signedPath({ resource: "recording", call_id: files.callId }) }) },
];

/** Delivers a message nobody can correlate, through the Email Worker handler; answers its inbox id. */
async function unmatchedMessage(): Promise<string> {
  const raw = new TextEncoder().encode(
    `From: stranger@nowhere.example\r\nTo: accounts@folio.test\r\nSubject: hello ${++n}\r\nMessage-ID: <${crypto.randomUUID()}@nowhere.example>\r\n\r\nnothing to see\r\n`,
  );
  const message = { from: "stranger@nowhere.example", to: "accounts@folio.test", raw: new Blob([raw]).stream(), rawSize: raw.byteLength, headers: new Headers(), setReject: () => {} };
  const { default: worker } = await import("../../src/worker");
  await worker.email(message as unknown as ForwardableEmailMessage, env);
  const row = await env.DB.prepare("SELECT id FROM inbox WHERE status = 'unmatched' ORDER BY received_at DESC LIMIT 1").first<{ id: string }>();
  return row!.id;
}

const principals: Principal[] = ["none", "bad", "viewer", "operator", "admin"];

describe.each(routes)("$name (min $min)", (route) => {
  it.each(principals)("as %s", async (who) => {
    const req = await route.make();
    const key = who === "none" ? null : who === "bad" ? "fk_thisIsNotAKeyThisIsNotAKey0000" : keys[who];
    const r = await api(req.method, req.path, { key, json: req.json, body: req.body, headers: req.headers });
    let allowed: boolean;
    if (route.min === "public") {
      expect(r.status, r.text).toBe(route.ok);
      allowed = true;
    } else if (rank[who] === 0) {
      expectError(r, 401, "unauthorized");
      allowed = false;
    } else if (rank[who] < minRank[route.min]) {
      const err = expectError(r, 403, "forbidden");
      expect(err.message).toContain(route.min);
      allowed = false;
    } else {
      expect(r.status, r.text).toBe(route.ok);
      allowed = true;
    }
    await req.after?.(allowed, r);
  });
});

describe("role matrix coverage", () => {
  it("covers every route the API mounts", async () => {
    const { app } = await import("../../src/worker");
    const mounted = new Set(
      (app.routes as { method: string; path: string }[])
        // Twilio's webhooks authenticate by signature, not by key: test/call covers them. The dashboard
        // (`/` and /dash) signs in with a session cookie: test/dash/roles.test.ts has its own matrix.
        .filter((r) => r.method !== "ALL" && !r.path.startsWith("/twilio") && r.path !== "/" && !r.path.startsWith("/dash"))
        .map((r) => `${r.method} ${r.path.replace(/:phone|:id|:e164/g, ":x")}`),
    );
    const covered = new Set(routes.map((r) => r.name.replace(/:phone|:id|:e164/g, ":x")));
    expect([...mounted].filter((m) => !covered.has(m)).sort()).toEqual([]);
  });
});
