// Every request gets an id (echoed as x-request-id) that its log lines carry as the correlation id,
// and one access-log line: method, route pattern, status, duration. Never bodies or query strings.
import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { createLogger } from "../platform/log";
import type { AppEnv } from "./auth";

export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header("x-request-id");
  const id = given && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
  c.set("requestId", id);
  const started = Date.now();
  await next();
  c.header("x-request-id", id);
  createLogger(c.env.LOG_LEVEL).info("request", {
    request_id: id,
    method: c.req.method,
    route: routePath(c, -1),
    status: c.res.status,
    ms: Date.now() - started,
    actor_key: c.get("principal")?.key_id,
  });
};
