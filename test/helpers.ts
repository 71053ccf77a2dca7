// Shared test helpers: requests through the real worker (same isolate), keys per role, records.
import { exports } from "cloudflare:workers";

export const ADMIN = "local-dev-admin-key";

export async function call(method: string, path: string, opts: { key?: string | null; json?: unknown; body?: BodyInit; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...opts.headers };
  const key = opts.key === undefined ? ADMIN : opts.key;
  if (key) headers.authorization = `Bearer ${key}`;
  let body = opts.body;
  if (opts.json !== undefined) {
    headers["content-type"] ??= "application/json";
    body = JSON.stringify(opts.json);
  }
  const res = await (exports as unknown as { default: Fetcher }).default.fetch(`http://folio.test${path}`, { method, headers, body });
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text, headers: res.headers };
}

export async function keyFor(role: "viewer" | "operator" | "admin"): Promise<string> {
  const r = await call("POST", "/api/keys", { json: { name: `test ${role}`, role } });
  if (r.status !== 201) throw new Error(`key creation failed: ${r.status} ${r.text}`);
  return r.json.key;
}

let n = 0;
export function recordInput(overrides: Record<string, unknown> = {}) {
  n++;
  return {
    guest_name: `Ada Lovelace ${n}`,
    confirmation_number: `CNF${1000 + n}`,
    check_in: "2026-10-01",
    check_out: "2026-10-03",
    hotel: { name: "Grand Hotel", phone: "+14155550100", email: "frontdesk@grand.example", timezone: "America/Los_Angeles" },
    ...overrides,
  };
}

/** Polls until `check` returns a value that is not undefined, or fails after `ms`. */
export async function eventually<T>(check: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`condition not met in ${ms} ms${last ? `: ${String(last)}` : ""}`);
}

// ---- Additions for test/api ----

type CallOpts = Parameters<typeof call>[2];
export type Reply = Awaited<ReturnType<typeof call>>;

/** `call`, failing the test on any 5xx: DESIGN §8 says a 5xx is always a bug. */
export async function api(method: string, path: string, opts: CallOpts = {}): Promise<Reply> {
  const r = await call(method, path, opts);
  if (r.status >= 500) throw new Error(`5xx is a bug: ${method} ${path} answered ${r.status}: ${r.text.slice(0, 500)}`);
  return r;
}

/** Asserts the DESIGN §8 error shape `{ error: { code, message, details? } }` and the status. */
export function expectError(r: Reply, status: number, code?: string): { code: string; message: string; details?: any } {
  if (r.status !== status) throw new Error(`expected ${status}, got ${r.status}: ${r.text.slice(0, 500)}`);
  const err = r.json?.error;
  if (!err || typeof err.code !== "string" || typeof err.message !== "string" || err.message === "") {
    throw new Error(`not the error shape: ${r.text.slice(0, 500)}`);
  }
  const extra = Object.keys(r.json).filter((k) => k !== "error");
  if (extra.length) throw new Error(`unexpected top-level keys ${extra.join(",")}: ${r.text.slice(0, 500)}`);
  if (code !== undefined && err.code !== code) throw new Error(`expected code ${code}, got ${err.code}: ${r.text.slice(0, 500)}`);
  return err;
}

/** A valid US test number +1 415 555 01xx, for hotels unique to a test. */
export function phone(xx: number): string {
  if (!Number.isInteger(xx) || xx < 0 || xx > 99) throw new Error(`phone(${xx}): 0..99 only`);
  return `+1415555${String(100 + xx).padStart(4, "0")}`;
}

/** Polls GET /api/jobs/:id until the job is `done`; returns the job. */
export async function jobDone(jobId: string, key?: string, ms = 20_000): Promise<any> {
  return eventually(async () => {
    const r = await api("GET", `/api/jobs/${jobId}`, { key });
    return r.status === 200 && r.json.status === "done" ? r.json : undefined;
  }, ms);
}

/** Walks GET /api/records page by page (query without cursor); returns every record and the page count. */
export async function listAll(query: string, key?: string): Promise<{ records: any[]; pages: number }> {
  const records: any[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = query ? "&" : "";
    const r = await api("GET", `/api/records?${query}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ""}`, { key });
    if (r.status !== 200) throw new Error(`listing failed: ${r.status} ${r.text}`);
    records.push(...r.json.records);
    cursor = r.json.next_cursor;
    if (++pages > 1000) throw new Error("paging does not end");
  } while (cursor);
  return { records, pages };
}

/** Waits until the D1 projection lists exactly `n` records for `hotelPhone` (optionally in `status`). */
export async function projected(hotelPhone: string, n: number, status?: string, ms = 10_000): Promise<any[]> {
  return eventually(async () => {
    const q = `hotel_phone=${encodeURIComponent(hotelPhone)}&limit=200${status ? `&status=${status}` : ""}`;
    const r = await api("GET", `/api/records?${q}`);
    return r.status === 200 && r.json.records.length === n ? r.json.records : undefined;
  }, ms);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
