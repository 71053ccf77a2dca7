// A matched email reaches its records: attachments kept in R2, EmailResponseReceived on each record,
// then the folio read from every source, layer by layer (rules, the hotel's hints, the LLM when a key
// is set: folio-layers.ts), and the best reading recorded with the layer that decided each field. Event ids derive from
// the inbox id and the record, so processing the same message twice changes nothing.
import type { MatchedBy } from "./correlate";
import type { ParsedEmail } from "./parse";
import type { TextSources } from "./text";
import { splitFolios, type FolioFields } from "../../domain/folio";
import { folioOutcome } from "../../domain/folio-outcome";
import type { NewEvent } from "../../domain/events";
import { appendToRecord, recordStub, stableUuid } from "../../objects/folio-record/client";
import { createLogger, errorFields } from "../../platform/log";
import { folioReaderFromEnv, type FolioReader } from "../../providers/openai/folio-reader";
import { readFolioLayers, type ScannedPdf } from "./folio-layers";
import { hotelHints, rememberLayout } from "./layout-memory";

const ACTOR = "email-in";
const MAX_ATTACHMENTS = 20;

export function attachmentKey(inboxId: string, index: number, filename: string | null): string {
  const safe = (filename ?? "attachment").replace(/[^A-Za-z0-9._-]/g, "_").slice(0, 80);
  return `attachments/${inboxId}/${index}-${safe}`;
}

/** Keeps the attachments (up to a limit) and answers the R2 key of each by file name. */
export async function storeAttachments(env: Env, inboxId: string, email: ParsedEmail): Promise<Map<string | null, string>> {
  const keys = new Map<string | null, string>();
  for (const [i, a] of email.attachments.slice(0, MAX_ATTACHMENTS).entries()) {
    const key = attachmentKey(inboxId, i, a.filename);
    await env.BLOBS.put(key, a.content, { httpMetadata: { contentType: a.mimeType || "application/octet-stream" } });
    if (!keys.has(a.filename)) keys.set(a.filename, key);
  }
  return keys;
}

export async function applyToRecords(
  env: Env,
  m: { inboxId: string; rawKey: string; email: ParsedEmail; sources: TextSources; recordIds: readonly string[]; matchedBy: MatchedBy | "operator" },
  options: { reader?: FolioReader | null } = {},
): Promise<void> {
  const keys = await storeAttachments(env, m.inboxId, m.email);
  const imageOnly = m.sources.imageOnly.map((p) => p.filename ?? "unnamed.pdf");
  const sourceOf = (filename: string | null) => (filename !== null && keys.get(filename)) || (filename ? `attachment:${filename}` : "body");
  // A reply to a batch may carry one document with a folio per guest: each folio is a candidate of its
  // own, and each record takes the one that reads best against it (its guest, its stay).
  const sources = m.sources.sources.flatMap((s) => splitFolios(s.text).map((text) => ({ source: sourceOf(s.filename), text })));
  const scans: ScannedPdf[] = m.sources.imageOnly.flatMap((p) => {
    const a = m.email.attachments.find((x) => x.filename === p.filename);
    return a ? [{ source: sourceOf(p.filename), filename: p.filename ?? "folio.pdf", bytes: a.content }] : [];
  });
  // No key, no LLM: the rules and the hotel's hints decide alone (simulation, offline npm start).
  const reader = options.reader !== undefined ? options.reader : folioReaderFromEnv(env as unknown as Record<string, unknown>);
  for (const recordId of m.recordIds) {
    // Read before the append: the LLM may take seconds, and appendToRecord re-runs its decision on a
    // stale sequence; the record's guest and stay, which the reading depends on, never change.
    const state = await recordStub(env, recordId).getState();
    if (!state) continue;
    const record = { guest_name: state.input.guest_name, check_in: state.input.check_in, check_out: state.input.check_out, confirmation_number: state.input.confirmation_number };
    const phone = state.input.hotel.phone;
    const reading = await readFolioLayers({ sources, scans, record, hints: await hotelHints(env, phone), reader });
    if (reading.llm.asked && reading.llm.error) log(env).warn("folio LLM layer failed", { record_id: recordId, model: reading.llm.model, error: reading.llm.error });
    const llm = reading.llm.asked ? { model: reading.llm.model, taken: reading.llm.taken, ...(reading.llm.error ? { error: reading.llm.error } : {}) } : undefined;
    const outcome = folioOutcome(reading.candidates, imageOnly, { ...(llm ? { llm } : {}), ...(scans[0] ? { scanSource: scans[0].source } : {}) });
    const seed = `${m.inboxId}:${recordId}`;
    const events = [
      {
        event_id: await stableUuid(`${seed}:received`),
        event_type: "EmailResponseReceived",
        data: { email_id: m.inboxId, from: m.email.from ?? "unknown", subject: m.email.subject.slice(0, 300), raw_key: m.rawKey, matched_by: m.matchedBy },
      },
      { ...outcome, event_id: await stableUuid(`${seed}:folio`) },
    ] as NewEvent[];
    await appendToRecord(env, recordId, () => events, { actor: ACTOR });
    // An LLM answer that validated teaches the hotel's layout: the next folio is read by rules alone.
    if (outcome.event_type === "FolioExtracted" && reading.llm.asked && reading.llm.taken.length && reading.text) {
      await rememberLayout(env, phone, reading.text, outcome.data.folio as Partial<FolioFields>, record).catch((err: unknown) =>
        log(env).warn("could not keep the folio layout", { record_id: recordId, ...errorFields(err) }),
      );
    }
  }
}

const log = (env: Env) => createLogger(env.LOG_LEVEL, { service: ACTOR });
