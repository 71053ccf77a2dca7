// Serving a stored recording to the dashboard's audio element with HTTP Range (the API's parser,
// src/routes/api/file-range.ts): 200 with Accept-Ranges, 206 with Content-Range, or 416.
import { parseRange } from "../routes/api/file-range";

export async function serveRanged(bucket: R2Bucket, key: string, rangeHeader: string | null, filename: string): Promise<Response | null> {
  const head = await bucket.head(key);
  if (!head) return null;
  const base: Record<string, string> = {
    "accept-ranges": "bytes",
    "content-type": head.httpMetadata?.contentType ?? "audio/wav",
    "cache-control": "private, no-store",
    "content-disposition": `inline; filename="${filename.replace(/["\\\r\n]/g, "_")}"`,
    etag: head.httpEtag,
  };
  const ask = parseRange(rangeHeader, head.size);
  if (ask.kind === "unsatisfiable") return new Response(null, { status: 416, headers: { ...base, "content-range": `bytes */${head.size}` } });
  if (ask.kind === "whole") {
    const obj = await bucket.get(key);
    return obj ? new Response(obj.body, { status: 200, headers: { ...base, "content-length": String(obj.size) } }) : null;
  }
  const obj = await bucket.get(key, { range: { offset: ask.offset, length: ask.length } });
  if (!obj) return null;
  return new Response(obj.body, {
    status: 206,
    headers: { ...base, "content-length": String(ask.length), "content-range": `bytes ${ask.offset}-${ask.offset + ask.length - 1}/${head.size}` },
  });
}
