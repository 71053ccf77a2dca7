// One error shape for every route (docs/architecture.md, "Public contracts"): `{ error: { code, message, details? } }`. Bad input is
// a 4xx with the field that was wrong; anything else is a bug, logged with its request id.
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { fieldErrors } from "../domain/record-input";
import { createLogger, errorFields } from "../platform/log";
import { PiiKeyError } from "../platform/pii-cipher";

export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, "bad_request", message, details);
export const invalid = (error: z.ZodError, message = "the request does not match the schema") => new ApiError(400, "validation_failed", message, fieldErrors(error));
export const notFound = (what: string) => new ApiError(404, "not_found", `${what} not found`);
export const conflict = (message: string, details?: unknown) => new ApiError(409, "conflict", message, details);

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: { code, message, ...(details === undefined ? {} : { details }) } };
}

export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiError) return c.json(errorBody(err.code, err.message, err.details), err.status);
  if (err instanceof HTTPException) {
    const status = err.status as ContentfulStatusCode;
    const code = status === 413 ? "payload_too_large" : status === 401 ? "unauthorized" : "bad_request";
    return c.json(errorBody(code, err.message || "bad request"), status);
  }
  const log = createLogger((c.env as Env | undefined)?.LOG_LEVEL);
  if (err instanceof PiiKeyError) {
    // A deployment without a usable PII_KEY: say so, and never fall back to storing PII in the clear.
    log.error("PII key misconfigured", { request_id: c.get("requestId" as never) as string | undefined, ...errorFields(err) });
    return c.json(errorBody("misconfigured", "the server's PII_KEY is missing or invalid"), 503);
  }
  log.error("unhandled error", { request_id: c.get("requestId" as never) as string | undefined, path: new URL(c.req.url).pathname, ...errorFields(err) });
  return c.json(errorBody("internal", "internal error"), 500);
}

export function notFoundHandler(c: Context): Response {
  return c.json(errorBody("not_found", `no route for ${c.req.method} ${new URL(c.req.url).pathname}`), 404);
}
