// Long work split into queue messages: imports (create records) and rebuilds (replay records into
// fresh projections). Each chunk is idempotent and counted once in `job_chunks`, so redelivery and
// retries neither double records nor overcount progress.
import { readSettings } from "../config";
import type { RecordInput } from "../domain/record-input";
import { createRecord, recordIdFor, recordStub } from "../objects/folio-record/client";
import { mapLimit } from "../platform/concurrency";
import { piiCipher } from "../platform/pii-cipher";

const IMPORT_CHUNK = 100;
const REBUILD_CHUNK = 100;
const SEND_BATCH = 4; // messages per sendBatch, well under the 256 KB batch limit

export type JobMessage = { type: "import_chunk"; job_id: string; chunk: number; actor: string; rows_sealed: string } | { type: "rebuild_chunk"; job_id: string; chunk: number; record_ids: string[] };

async function startJob(env: Env, jobId: string, kind: string, total: number): Promise<void> {
  const now = new Date().toISOString();
  await env.DB.prepare("INSERT INTO jobs (id, kind, status, total, done, failed, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 0, 0, ?5, ?5) ON CONFLICT(id) DO NOTHING")
    .bind(jobId, kind, total === 0 ? "done" : "running", total, now)
    .run();
}

async function sendAll(env: Env, messages: JobMessage[]): Promise<void> {
  for (let i = 0; i < messages.length; i += SEND_BATCH) {
    await env.JOBS_QUEUE.sendBatch(messages.slice(i, i + SEND_BATCH).map((body) => ({ body })));
  }
}

export async function enqueueImport(env: Env, job: { jobId: string; actor: string; rows: { line: number; input: RecordInput }[] }): Promise<void> {
  await startJob(env, job.jobId, "import", job.rows.length);
  const cipher = await piiCipher(env);
  const messages: JobMessage[] = [];
  for (let i = 0; i < job.rows.length; i += IMPORT_CHUNK) {
    messages.push({
      type: "import_chunk",
      job_id: job.jobId,
      chunk: i / IMPORT_CHUNK,
      actor: job.actor,
      rows_sealed: await cipher.sealJson(job.rows.slice(i, i + IMPORT_CHUNK)),
    });
  }
  await sendAll(env, messages);
}

export async function enqueueRebuild(env: Env, jobId: string, recordIds: string[]): Promise<void> {
  await startJob(env, jobId, "rebuild", recordIds.length);
  const messages: JobMessage[] = [];
  for (let i = 0; i < recordIds.length; i += REBUILD_CHUNK) {
    messages.push({ type: "rebuild_chunk", job_id: jobId, chunk: i / REBUILD_CHUNK, record_ids: recordIds.slice(i, i + REBUILD_CHUNK) });
  }
  await sendAll(env, messages);
}

async function completeChunk(env: Env, jobId: string, chunk: number, count: number, failed: number): Promise<void> {
  await env.DB.batch([
    env.DB.prepare("INSERT INTO job_chunks (job_id, chunk, count) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING").bind(jobId, chunk, count),
    env.DB.prepare(
      `UPDATE jobs SET done = (SELECT COALESCE(SUM(count), 0) FROM job_chunks WHERE job_id = ?1),
         failed = failed + ?2, updated_at = ?3,
         status = CASE WHEN (SELECT COALESCE(SUM(count), 0) FROM job_chunks WHERE job_id = ?1) >= total THEN 'done' ELSE status END
       WHERE id = ?1`,
    ).bind(jobId, failed, new Date().toISOString()),
  ]);
}

export async function runJobMessage(env: Env, msg: JobMessage): Promise<void> {
  if (msg.type === "import_chunk") {
    const rows = await (await piiCipher(env)).openJson<{ line: number; input: RecordInput }[]>(msg.rows_sealed);
    const inboundDomain = readSettings(env).inboundDomain;
    await mapLimit(rows, 25, async (row) =>
      createRecord(env, row.input, {
        recordId: await recordIdFor(row.input.external_id ? `ext:${row.input.external_id}` : `import:${msg.job_id}:${row.line}`),
        actor: msg.actor,
        inboundDomain,
        correlationId: msg.job_id,
      }),
    );
    await completeChunk(env, msg.job_id, msg.chunk, rows.length, 0);
    return;
  }
  const results = await mapLimit(msg.record_ids, 25, (id) => recordStub(env, id).reproject());
  await completeChunk(env, msg.job_id, msg.chunk, msg.record_ids.length, results.filter((r) => !r.ok).length);
}
