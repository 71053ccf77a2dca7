// A matched email reaches its records: attachments kept in R2, EmailResponseReceived on each record,
// then the folio extracted from every text source and the best one recorded. Event ids derive from
// the inbox id and the record, so processing the same message twice changes nothing.
import type { MatchedBy } from "./correlate";
import type { ParsedEmail } from "./parse";
import type { TextSources } from "./text";
import { extractFolio } from "../../domain/folio";
import { folioOutcome, type SourcedExtraction } from "../../domain/folio-outcome";
import type { NewEvent } from "../../domain/events";
import { appendToRecord, stableUuid } from "../../objects/folio-record/client";

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
): Promise<void> {
  const keys = await storeAttachments(env, m.inboxId, m.email);
  const imageOnly = m.sources.imageOnly.map((p) => p.filename ?? "unnamed.pdf");
  for (const recordId of m.recordIds) {
    await appendToRecord(
      env,
      recordId,
      async (state) => {
        const record = { guest_name: state.input.guest_name, check_in: state.input.check_in, check_out: state.input.check_out, confirmation_number: state.input.confirmation_number };
        const candidates: SourcedExtraction[] = m.sources.sources.map((s) => ({
          source: (s.filename !== null && keys.get(s.filename)) || (s.filename ? `attachment:${s.filename}` : "body"),
          extraction: extractFolio(s.text, record),
        }));
        const seed = `${m.inboxId}:${recordId}`;
        return [
          {
            event_id: await stableUuid(`${seed}:received`),
            event_type: "EmailResponseReceived",
            data: { email_id: m.inboxId, from: m.email.from ?? "unknown", subject: m.email.subject.slice(0, 300), raw_key: m.rawKey, matched_by: m.matchedBy },
          },
          { ...folioOutcome(candidates, imageOnly), event_id: await stableUuid(`${seed}:folio`) },
        ] as NewEvent[];
      },
      { actor: ACTOR },
    );
  }
}
