// What every dashboard route shares: the session middleware (a signed cookie, re-checked against the
// key each time), the CSRF check on every form post, role checks that refuse with 403, security
// headers, and rendering a page.
import { badRequest } from "../../http/errors";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import type { JSX } from "hono/jsx/jsx-runtime";
import { readSettings } from "../../config";
import type { Principal, Role } from "../../http/auth";
import { apiAs, type ApiCaller } from "../../dash/api";
import { readSession, sameToken, SESSION_COOKIE, type Session } from "../../dash/session";
import type { PageCtx } from "../../dash/views/layout";

export type DashEnv = { Bindings: Env; Variables: { principal: Principal; requestId: string; session: Session } };
export type DashContext = Context<DashEnv>;

const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self'; " +
  "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'";

export const securityHeaders: MiddlewareHandler<DashEnv> = async (c, next) => {
  await next();
  c.header("content-security-policy", CSP);
  c.header("x-frame-options", "DENY");
  c.header("x-content-type-options", "nosniff");
  c.header("referrer-policy", "same-origin");
  if (!c.res.headers.has("cache-control")) c.header("cache-control", "no-store");
};

/** A page request that should be sent to sign-in rather than answered with 401. */
function wantsPage(c: DashContext): boolean {
  return c.req.method === "GET" && !c.req.header("x-folio-fragment") && !c.req.header("upgrade") && (c.req.header("accept") ?? "").includes("text/html");
}

export const requireSession: MiddlewareHandler<DashEnv> = async (c, next) => {
  const session = await readSession(c.env, getCookie(c, SESSION_COOKIE));
  if (!session) {
    if (wantsPage(c)) {
      const url = new URL(c.req.url);
      return c.redirect(`/dash/signin?next=${encodeURIComponent(url.pathname + url.search)}`, 303);
    }
    return c.json({ error: { code: "unauthorized", message: "sign in first" } }, 401);
  }
  c.set("session", session);
  c.set("principal", session.principal);
  await next();
};

/**
 * Refuses a cross-site post: the Origin (when the browser sends one) must be this site, and the form's
 * `_csrf` field (or the x-csrf-token header) must be this session's token.
 */
export function csrfValid(c: DashContext, expected: string, given: string | undefined): boolean {
  const origin = c.req.header("origin");
  if (origin && origin !== "null" && origin !== new URL(c.req.url).origin) return false;
  if (origin === "null") return false;
  return typeof given === "string" && sameToken(given, expected);
}

/** The request's form. A body that does not parse as its content type says (a multipart body without its
 *  boundary, say) is the client's mistake: a 400, never a 500. */
export async function parseForm(c: DashContext, options?: { all: boolean }): Promise<Record<string, string | File | (string | File)[]>> {
  try {
    return await c.req.parseBody(options);
  } catch {
    throw badRequest("the form body could not be read");
  }
}

export async function formField(c: DashContext, name: string): Promise<string | undefined> {
  const ct = c.req.header("content-type") ?? "";
  if (!ct.startsWith("application/x-www-form-urlencoded") && !ct.startsWith("multipart/form-data")) return undefined;
  const body = await parseForm(c);
  const v = body[name];
  return typeof v === "string" ? v : undefined;
}

export const requireCsrf: MiddlewareHandler<DashEnv> = async (c, next) => {
  if (c.req.method !== "POST") return next();
  const given = c.req.header("x-csrf-token") ?? (await formField(c, "_csrf"));
  if (!csrfValid(c, c.get("session").csrf, given)) {
    return c.json({ error: { code: "csrf_failed", message: "the form's CSRF token is missing or wrong; reload the page and try again" } }, 403);
  }
  await next();
};

/** 403 for a signed-in key whose role is too low (viewers may not act). */
export function requireDashRole(role: Role): MiddlewareHandler<DashEnv> {
  return async (c, next) => {
    const p = c.get("principal");
    if (rank[p.role] < rank[role]) return c.json({ error: { code: "forbidden", message: `this needs the ${role} role; the key has ${p.role}` } }, 403);
    await next();
  };
}

export function pageCtx(c: DashContext): PageCtx {
  const s = readSettings(c.env);
  return { principal: c.get("principal"), csrf: c.get("session").csrf, local: s.local, simulation: s.simulation };
}

export function apiFor(c: DashContext): ApiCaller {
  let ctx: ExecutionContext | undefined;
  try {
    ctx = c.executionCtx as unknown as ExecutionContext;
  } catch {
    ctx = undefined;
  }
  return apiAs(c.env, ctx, c.get("principal"));
}

export async function render(c: DashContext, node: JSX.Element, status: 200 | 400 | 403 | 404 | 409 = 200): Promise<Response> {
  return c.html(`<!doctype html>${await node}`, status);
}

/** Redirect after a post, with a short message for the next page (never record contents). */
export function back(c: DashContext, to: string, message: string, error = false): Response {
  const url = new URL(to, "http://x");
  url.searchParams.set(error ? "err" : "msg", message);
  return c.redirect(url.pathname + url.search, 303);
}

export function flashOf(c: DashContext): { message: string | null; error: string | null } {
  return { message: c.req.query("msg")?.slice(0, 300) ?? null, error: c.req.query("err")?.slice(0, 300) ?? null };
}

/** An API error, readably: the message and, per field, what was wrong. */
export function errorText(e: { message: string; details?: unknown } | null): string {
  if (!e) return "something went wrong";
  const d = e.details && typeof e.details === "object" ? Object.entries(e.details as Record<string, unknown>).map(([k, v]) => `${k}: ${String(v)}`) : [];
  return d.length ? `${e.message} (${d.join("; ")})` : e.message;
}
