// Sign-in and sessions: an API key becomes a signed, HttpOnly, SameSite cookie that does not carry the
// key; the cookie is checked against the key on every request; sign-in itself needs its CSRF token.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { cookieOptions, issueSession, readSession } from "../../src/dash/session";
import { ADMIN, call, keyFor } from "../helpers";
import { hiddenCsrf, newBrowser, signedIn, visit } from "./helpers";

describe("dashboard sign-in", () => {
  it("sends / to the dashboard and a visitor without a session to sign-in", async () => {
    const b = newBrowser();
    const root = await visit(b, "GET", "/");
    expect(root.status).toBe(302);
    expect(root.location).toBe("/dash");
    const page = await visit(b, "GET", "/dash/records?status=queued");
    expect(page.status).toBe(303);
    expect(page.location).toBe("/dash/signin?next=%2Fdash%2Frecords%3Fstatus%3Dqueued");
    // Not a page load (the live stream, a fragment): 401 in the API's error shape.
    const live = await visit(b, "GET", "/dash/live", { headers: { accept: "text/event-stream" } });
    expect(live.status).toBe(401);
    expect(JSON.parse(live.text).error.code).toBe("unauthorized");
  });

  it("signs in with a key: HttpOnly SameSite cookie, not Secure locally, without the key in it", async () => {
    const b = newBrowser();
    const form = await visit(b, "GET", "/dash/signin");
    expect(form.status).toBe(200);
    expect(form.text).toContain('<label for="key">API key</label>');
    const res = await visit(b, "POST", "/dash/signin", { form: { _csrf: hiddenCsrf(form.text), key: ADMIN, next: "/dash/hotels" } });
    expect(res.status).toBe(303);
    expect(res.location).toBe("/dash/hotels");
    const cookie = res.setCookies.find((c) => c.startsWith("folio_session="))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
    expect(cookie).not.toContain(ADMIN);
    expect(atob(b.cookies.get("folio_session")!.split(".")[0]!.replaceAll("-", "+").replaceAll("_", "/"))).not.toContain(ADMIN);
    const page = await visit(b, "GET", "/dash/hotels");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(page.text).toContain('data-testid="role">admin<');
  });

  it("marks the cookie Secure outside local mode", () => {
    expect(cookieOptions({ ...env, FOLIO_ENV: "production" } as Env, 60).secure).toBe(true);
    expect(cookieOptions(env, 60).secure).toBe(false);
  });

  it("refuses a bad key, a sign-in without its CSRF token, and a next address off the site", async () => {
    const b = newBrowser();
    const form = await visit(b, "GET", "/dash/signin");
    const bad = await visit(b, "POST", "/dash/signin", { form: { _csrf: hiddenCsrf(form.text), key: "fk_nope" } });
    expect(bad.status).toBe(403);
    expect(bad.text).toContain("not valid");
    expect(b.cookies.has("folio_session")).toBe(false);

    const forged = await visit(newBrowser(), "POST", "/dash/signin", { form: { _csrf: "guess", key: ADMIN } });
    expect(forged.status).toBe(403);
    expect(forged.setCookies.some((c) => c.startsWith("folio_session="))).toBe(false);

    const again = await visit(b, "GET", "/dash/signin");
    const offsite = await visit(b, "POST", "/dash/signin", { form: { _csrf: hiddenCsrf(again.text), key: ADMIN, next: "//evil.example/dash" } });
    expect(offsite.status).toBe(303);
    expect(offsite.location).toBe("/dash");
  });

  it("rejects a tampered or expired cookie, and a session whose key was revoked", async () => {
    const viewer = await keyFor("viewer");
    const { b } = await signedIn(viewer);
    expect((await visit(b, "GET", "/dash")).status).toBe(200);

    const value = b.cookies.get("folio_session")!;
    const tampered = newBrowser();
    tampered.cookies.set("folio_session", `${value.split(".")[0]!.slice(0, -2)}xy.${value.split(".")[1]}`);
    expect((await visit(tampered, "GET", "/dash")).status).toBe(303);

    const principal = { key_id: "bootstrap", name: "bootstrap admin", role: "admin" as const };
    const old = await issueSession(env, principal, ADMIN, Date.now() - 13 * 3600_000);
    expect(await readSession(env, old)).toBeNull();
    expect(await readSession(env, await issueSession(env, principal, ADMIN))).not.toBeNull();
    expect(await readSession(env, await issueSession(env, principal, "not-the-admin-key"))).toBeNull();

    const keys = await call("GET", "/api/keys");
    const id = keys.json.keys.find((k: { prefix: string; revoked_at: string | null }) => viewer.startsWith(k.prefix) && !k.revoked_at).id;
    expect((await call("DELETE", `/api/keys/${id}`)).status).toBe(200);
    expect((await visit(b, "GET", "/dash")).status).toBe(303);
  });

  it("signs out (CSRF-checked) and the cookie is gone", async () => {
    const { b, csrf } = await signedIn(ADMIN);
    const refused = await visit(b, "POST", "/dash/signout", { form: { _csrf: "wrong" } });
    expect(refused.status).toBe(403);
    expect(b.cookies.has("folio_session")).toBe(true);
    const out = await visit(b, "POST", "/dash/signout", { form: { _csrf: csrf } });
    expect(out.status).toBe(303);
    expect(out.location).toBe("/dash/signin?msg=Signed%20out");
    expect(b.cookies.has("folio_session")).toBe(false);
    expect((await visit(b, "GET", "/dash")).status).toBe(303);
  });
});
