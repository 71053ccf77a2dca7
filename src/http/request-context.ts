// Every request gets an id (echoed as x-request-id) that logs carry as their correlation id.
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./auth";

export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header("x-request-id");
  const id = given && /^[\w.-]{1,64}$/.test(given) ? given : crypto.randomUUID();
  c.set("requestId", id);
  await next();
  c.header("x-request-id", id);
};
