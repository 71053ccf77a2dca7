// Dashboard test helpers: a browser-like client (cookies kept per "browser"), sign-in through the real
// form, and the CSRF token a signed-in page carries.
import { exports } from "cloudflare:workers";
import { call, recordInput } from "../helpers";

export const ORIGIN = "http://folio.test";

export interface Browser {
  cookies: Map<string, string>;
}

export interface Page {
  status: number;
  text: string;
  headers: Headers;
  location: string | null;
  setCookies: string[];
}

export const newBrowser = (): Browser => ({ cookies: new Map() });

/** One request as a browser would send it (no redirects followed), keeping the cookies it is given. */
export async function visit(b: Browser, method: string, path: string, opts: { form?: Record<string, string>; headers?: Record<string, string>; body?: BodyInit } = {}): Promise<Page> {
  const headers: Record<string, string> = { accept: "text/html", ...opts.headers };
  if (b.cookies.size) headers.cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  let body = opts.body;
  if (opts.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    headers.origin ??= ORIGIN;
    body = new URLSearchParams(opts.form).toString();
  }
  const res = await (exports as unknown as { default: Fetcher }).default.fetch(`${ORIGIN}${path}`, { method, headers, body, redirect: "manual" });
  const setCookies = res.headers.getSetCookie();
  for (const c of setCookies) {
    const [pair, ...attrs] = c.split(";");
    const [name, value] = [pair!.slice(0, pair!.indexOf("=")), pair!.slice(pair!.indexOf("=") + 1)];
    if (attrs.some((a) => /max-age=0/i.test(a.trim())) || value === "") b.cookies.delete(name.trim());
    else b.cookies.set(name.trim(), value);
  }
  return { status: res.status, text: await res.text(), headers: res.headers, location: res.headers.get("location"), setCookies };
}

export function hiddenCsrf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error("no CSRF field on the page");
  return m[1]!;
}

/** Signs in through the form; answers the browser and the session's CSRF token. */
export async function signedIn(key: string): Promise<{ b: Browser; csrf: string }> {
  const b = newBrowser();
  const form = await visit(b, "GET", "/dash/signin");
  const res = await visit(b, "POST", "/dash/signin", { form: { _csrf: hiddenCsrf(form.text), key, next: "/dash" } });
  if (res.status !== 303 || !b.cookies.has("folio_session")) throw new Error(`sign-in failed: ${res.status} ${res.text.slice(0, 300)}`);
  const page = await visit(b, "GET", "/dash");
  return { b, csrf: hiddenCsrf(page.text) };
}

export async function newRecord(overrides: Record<string, unknown> = {}): Promise<string> {
  const r = await call("POST", "/api/records", { json: { records: [recordInput(overrides)] } });
  if (r.status !== 201) throw new Error(`record creation failed: ${r.status} ${r.text}`);
  return r.json.records[0].id;
}
