// The dashboard's way into the JSON API: the same route modules, mounted on an inner app that takes
// the signed-in principal from the session instead of a Bearer key. Nothing is re-implemented, so the
// API's validation and role checks (requireRole) apply to every dashboard action as they do to HTTP
// callers. The principal rides in a WeakMap keyed by the Request object, so nothing a browser sends
// can set it.
import { Hono } from "hono";
import type { Principal, AppEnv } from "../http/auth";
import { notFoundHandler, onError } from "../http/errors";
import { mountApiRoutes } from "../routes/api";

const principals = new WeakMap<Request, Principal>();

const inner = new Hono<AppEnv>();
inner.use("*", async (c, next) => {
  const p = principals.get(c.req.raw);
  if (!p) return c.json({ error: { code: "unauthorized", message: "no session" } }, 401);
  c.set("principal", p);
  c.set("requestId", crypto.randomUUID());
  await next();
});
inner.route("/api", mountApiRoutes(new Hono<AppEnv>()));
inner.notFound(notFoundHandler);
inner.onError(onError);

export interface ApiReply<T = any> {
  status: number;
  ok: boolean;
  json: T;
  error: { code: string; message: string; details?: unknown } | null;
}

export interface ApiCaller {
  (method: string, path: string, body?: { json?: unknown; text?: string; contentType?: string }): Promise<ApiReply>;
  /** The API's response as it is (a file download). */
  raw(method: string, path: string): Promise<Response>;
}

/** An API caller acting as `principal`. */
export function apiAs(env: Env, ctx: ExecutionContext | undefined, principal: Principal): ApiCaller {
  const send = (method: string, path: string, body?: { json?: unknown; text?: string; contentType?: string }) => {
    const headers = new Headers();
    let payload: string | undefined;
    if (body?.json !== undefined) {
      headers.set("content-type", "application/json");
      payload = JSON.stringify(body.json);
    } else if (body?.text !== undefined) {
      headers.set("content-type", body.contentType ?? "text/plain");
      payload = body.text;
    }
    const req = new Request(`http://dashboard.internal${path}`, { method, headers, body: payload });
    principals.set(req, principal);
    return Promise.resolve(inner.fetch(req, env, ctx));
  };
  const caller = async (method: string, path: string, body?: { json?: unknown; text?: string; contentType?: string }): Promise<ApiReply> => {
    const res = await send(method, path, body);
    const text = await res.text();
    let json: any = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, ok: res.ok, json, error: res.ok ? null : (json?.error ?? { code: "error", message: text.slice(0, 200) }) };
  };
  return Object.assign(caller, { raw: (method: string, path: string) => send(method, path) });
}
