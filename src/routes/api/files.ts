// A record's stored files (its folio attachment, its call recordings) are served only through signed
// links that expire (src/platform/signed-links.ts): an authorized caller mints one under /api, and
// the bytes come from /files, which takes no API key but checks the link. The link names the record
// (and call); the R2 key is looked up from the record's state when the file is served, so a link
// cannot be pointed at another record's file, and a file a record no longer names is gone.
import { Hono, type Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../http/auth";
import { readJsonOrEmpty } from "../../http/body";
import { ApiError, notFound } from "../../http/errors";
import { CALL_ID, publicBase } from "../../objects/telephony/twiml";
import { RECORD_ID, recordStub } from "../../objects/folio-record/client";
import { checkLink, LINK_TTL_S, MAX_LINK_TTL_S, signLink } from "../../platform/signed-links";
import { parseRange } from "./file-range";

type FileRef = { kind: "folio_attachment" } | { kind: "recording"; callId: string };

interface StoredFile {
  key: string;
  filename: string;
  fallbackType: string;
}

/** The file a record names today, or null. */
async function resolveFile(env: Env, recordId: string, ref: FileRef): Promise<StoredFile | null> {
  if (!RECORD_ID.test(recordId)) return null;
  if (ref.kind === "recording" && !CALL_ID.test(ref.callId)) return null;
  const state = await recordStub(env, recordId).getState();
  if (!state) return null;
  if (ref.kind === "folio_attachment") {
    // The folio's source, or the scan a failed extraction could not read (it still needs a reader).
    const key = state.folio?.source ?? state.folio_source;
    if (typeof key !== "string" || !key.startsWith("attachments/")) return null;
    return { key, filename: key.split("/").pop()!.replace(/^\d+-/, ""), fallbackType: "application/octet-stream" };
  }
  const key = state.calls.find((c) => c.call_id === ref.callId)?.recording_key;
  if (!key) return null;
  return { key, filename: `${ref.callId}.wav`, fallbackType: "audio/wav" };
}

function pathOf(recordId: string, ref: FileRef): string {
  return ref.kind === "folio_attachment" ? `/files/records/${recordId}/folio/attachment` : `/files/records/${recordId}/calls/${ref.callId}/recording`;
}

async function mint(c: Context<AppEnv>, recordId: string, ref: FileRef, ttlS = LINK_TTL_S) {
  if (!(await resolveFile(c.env, recordId, ref))) throw notFound(ref.kind === "recording" ? "call recording" : "folio attachment");
  return signLink(c.env, publicBase(c.env), pathOf(recordId, ref), ttlS);
}

// ---- /api: minting, for callers with a key (viewer and up) ----

export const fileLinkRoutes = new Hono<AppEnv>();

const linkRequest = z
  .object({
    resource: z.enum(["folio_attachment", "recording"]).default("folio_attachment"),
    call_id: z.string().regex(CALL_ID, "must be a call id").optional(),
    ttl_s: z.number().int().min(1).max(MAX_LINK_TTL_S).optional(),
  })
  .strict()
  .refine((b) => b.resource !== "recording" || b.call_id, { message: "call_id is required for a recording", path: ["call_id"] });

fileLinkRoutes.post("/records/:id/links", async (c) => {
  const body = await readJsonOrEmpty(c, linkRequest);
  const ref: FileRef = body.resource === "recording" ? { kind: "recording", callId: body.call_id! } : { kind: "folio_attachment" };
  return c.json(await mint(c, c.req.param("id"), ref, body.ttl_s), 201);
});

/** The file's old addresses answer with a fresh link: a redirect any HTTP client follows. */
function redirectTo(link: { url: string; expires_at: string }): Response {
  return new Response(JSON.stringify(link), {
    status: 302,
    headers: { location: link.url, "content-type": "application/json", "cache-control": "private, no-store" },
  });
}

fileLinkRoutes.get("/records/:id/folio/attachment", async (c) => redirectTo(await mint(c, c.req.param("id"), { kind: "folio_attachment" })));
fileLinkRoutes.get("/records/:id/calls/:callId/recording", async (c) => redirectTo(await mint(c, c.req.param("id"), { kind: "recording", callId: c.req.param("callId") })));

// ---- /files: serving, for whoever holds a valid link ----

export const signedFileRoutes = new Hono<AppEnv>();

async function serve(c: Context<AppEnv>, recordId: string, ref: FileRef): Promise<Response> {
  const check = await checkLink(c.env, new URL(c.req.url).pathname, c.req.query("expires"), c.req.query("sig"));
  if (check === "expired") throw new ApiError(403, "link_expired", "this link has expired; ask for a new one");
  if (check !== "ok") throw new ApiError(403, "forbidden", "this link is not valid");
  const file = await resolveFile(c.env, recordId, ref);
  const head = file ? await c.env.BLOBS.head(file.key) : null;
  if (!file || !head) throw notFound(ref.kind === "recording" ? "call recording" : "folio attachment");
  const type = head.httpMetadata?.contentType ?? file.fallbackType;
  // `?inline=1` shows a PDF or an image in the page that asked (the operator's review beside the
  // fields); anything else, HTML above all, is only ever a download from this origin.
  const inline = c.req.query("inline") === "1" && /^(application\/pdf|image\/(png|jpeg|gif|webp))$/.test(type);
  const headers: Record<string, string> = {
    "content-type": type,
    "content-disposition": `${inline ? "inline" : "attachment"}; filename="${file.filename.replace(/["\\\r\n]/g, "_")}"`,
    "cache-control": "private, no-store",
    "accept-ranges": "bytes",
    etag: head.httpEtag,
  };
  const range = parseRange(c.req.header("range"), head.size);
  if (range.kind === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...headers, "content-range": `bytes */${head.size}` } });
  }
  const whole = range.kind === "whole";
  const object = await c.env.BLOBS.get(file.key, whole ? {} : { range: { offset: range.offset, length: range.length } });
  if (!object) throw notFound(ref.kind === "recording" ? "call recording" : "folio attachment");
  if (whole) return new Response(object.body, { status: 200, headers: { ...headers, "content-length": String(head.size) } });
  return new Response(object.body, {
    status: 206,
    headers: { ...headers, "content-length": String(range.length), "content-range": `bytes ${range.offset}-${range.offset + range.length - 1}/${head.size}` },
  });
}

signedFileRoutes.get("/records/:id/folio/attachment", (c) => serve(c, c.req.param("id"), { kind: "folio_attachment" }));
signedFileRoutes.get("/records/:id/calls/:callId/recording", (c) => serve(c, c.req.param("id"), { kind: "recording", callId: c.req.param("callId") }));
