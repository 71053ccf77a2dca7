// POST /api/records/import: CSV (RFC 4180) read as a stream, each line checked like a JSON record,
// bad lines reported with their errors, good ones handed in chunks to the jobs queue. The job id is
// the hash of the upload, so sending the same file again creates nobody twice.
import { createHash } from "node:crypto";
import { Hono } from "hono";
import { readSettings } from "../../config";
import { CsvReader, type CsvRecord } from "../../domain/csv";
import { CSV_HEADER, csvRowToRequest, MAX_IMPORT_ROWS, requiredCsvColumns } from "../../domain/csv-records";
import { recordRequest, type RecordInput } from "../../domain/record-input";
import { actorOf, requireRole, type AppEnv } from "../../http/auth";
import { requireMediaType, tooLarge } from "../../http/body";
import { ApiError, badRequest } from "../../http/errors";
import { enqueueImport } from "../../queues/jobs";

export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

export const importRoutes = new Hono<AppEnv>();

importRoutes.post("/import", requireRole("operator"), async (c) => {
  requireMediaType(c, "text/csv");
  const settings = readSettings(c.env);
  const schema = recordRequest(settings.defaultCountry);
  const rejected: { line: number; errors: Record<string, string> }[] = [];
  const accepted: { line: number; input: RecordInput }[] = [];
  const seenExternal = new Map<string, number>();
  let header: string[] | null = null;
  let rows = 0;

  const take = (rec: CsvRecord) => {
    if (!header) {
      if ("error" in rec) throw badRequest(`the header line is malformed: ${rec.error}`);
      header = rec.fields.map((f) => f.trim().toLowerCase());
      const unknown = header.filter((h) => !CSV_HEADER.includes(h as never));
      const missing = requiredCsvColumns.filter((h) => !header!.includes(h));
      if (unknown.length || missing.length || new Set(header).size !== header.length) {
        throw badRequest("the header does not match the import format", {
          expected: CSV_HEADER.join(","),
          ...(unknown.length ? { unknown: unknown.join(",") } : {}),
          ...(missing.length ? { missing: missing.join(",") } : {}),
        });
      }
      return;
    }
    if (++rows > MAX_IMPORT_ROWS) throw new ApiError(413, "payload_too_large", `an import holds at most ${MAX_IMPORT_ROWS} rows`);
    if ("error" in rec) {
      rejected.push({ line: rec.line, errors: { row: rec.error } });
      return;
    }
    const row = csvRowToRequest(header, rec.fields, schema);
    if (!row.ok) {
      rejected.push({ line: rec.line, errors: row.errors });
      return;
    }
    const ext = row.input.external_id;
    if (ext !== undefined) {
      const first = seenExternal.get(ext);
      if (first !== undefined) {
        rejected.push({ line: rec.line, errors: { external_id: `repeats line ${first}` } });
        return;
      }
      seenExternal.set(ext, rec.line);
    }
    accepted.push({ line: rec.line, input: row.input });
  };

  const hash = createHash("sha256");
  const reader = new CsvReader();
  const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
  let bytes = 0;
  const body = c.req.raw.body?.getReader();
  try {
    for (;;) {
      const chunk = body ? await body.read() : { done: true as const, value: undefined };
      if (chunk.done) break;
      bytes += chunk.value.byteLength;
      if (bytes > MAX_IMPORT_BYTES) throw tooLarge(MAX_IMPORT_BYTES);
      hash.update(chunk.value);
      reader.push(decoder.decode(chunk.value, { stream: true })).forEach(take);
    }
    reader.push(decoder.decode()).forEach(take);
  } catch (err) {
    await body?.cancel().catch(() => {});
    if (err instanceof TypeError) throw new ApiError(400, "invalid_encoding", "the CSV is not valid UTF-8");
    throw err;
  }
  reader.end().forEach(take);
  if (!header) throw badRequest("the CSV is empty; it needs the header line", { expected: CSV_HEADER.join(",") });

  const jobId = `imp_${hash.digest("hex").slice(0, 24)}`;
  await enqueueImport(c.env, { jobId, actor: actorOf(c), rows: accepted });
  return c.json({ imported: accepted.length, rejected, job_id: jobId }, 202);
});
