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
