// Reading request bodies at the edge: size first, then media type, then JSON, then the schema.
// Each failure is its own 4xx, so a client can tell a typo from an oversized upload.
import type { Context } from "hono";
import type { z } from "zod";
import { readBounded } from "../platform/bytes";
import { ApiError, invalid } from "./errors";

export const MAX_JSON_BYTES = 5 * 1024 * 1024;

/** Reads at most `maxBytes` of the body; a larger body is refused without reading the rest. */
export async function readLimited(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array();
  const read = await readBounded(req.body, maxBytes);
  if ("tooLarge" in read) throw tooLarge(maxBytes);
  return read.bytes;
}

export function tooLarge(maxBytes: number) {
  return new ApiError(413, "payload_too_large", `the body is larger than ${maxBytes} bytes`);
}

export function requireMediaType(c: Context, type: string): void {
  const ct = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (ct !== type) throw new ApiError(415, "unsupported_media_type", `expected content-type ${type}`);
}

function parseJsonBytes(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new ApiError(400, "invalid_json", "the body is not valid UTF-8 JSON");
  }
}

function validate<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(parsed.error);
  return parsed.data;
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.output<S>> {
  requireMediaType(c, "application/json");
  return validate(schema, parseJsonBytes(await readLimited(c.req.raw, maxBytes)));
}

/**
 * For commands whose body is optional: an empty body reads as `{}`, whatever the content-type says
 * (clients commonly send `Content-Type: application/json` with no body). A non-empty body must be JSON.
 */
export async function readJsonOrEmpty<S extends z.ZodType>(c: Context, schema: S, maxBytes = MAX_JSON_BYTES): Promise<z.output<S>> {
  const bytes = await readLimited(c.req.raw, maxBytes);
  if (bytes.byteLength === 0) return validate(schema, {});
  requireMediaType(c, "application/json");
  return validate(schema, parseJsonBytes(bytes));
}

/** Query strings through zod too: unknown parameters are refused, not ignored. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw invalid(parsed.error, "the query string does not match the schema");
  return parsed.data;
}
