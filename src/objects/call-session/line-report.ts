// Telling the hotel's line that its call is over (CallReport): after every record has its CallEnded, so
// what the line decides next (a retry, an email request) comes after the call in each record's log.
// Delivered at least once (the alarm retries); the line ignores a report it already has.
import type { CallReport } from "../../engine/call-report";
import type { Transcript } from "../../engine/transcript";
import { hotelStub } from "../hotel-line";
import { offlineContext, playbookOf } from "./state";
import type { CallState } from "./store";

const REPORT_TO = "report_to";
const REPORTED = "reported";

/** The line that placed the call (set at prepare). */
export function rememberReportTo(storage: DurableObjectStorage, hotelPhone: string | undefined): void {
  if (hotelPhone && storage.kv.get(REPORT_TO) === undefined) storage.kv.put(REPORT_TO, hotelPhone);
}

export function reportPending(storage: DurableObjectStorage): boolean {
  return storage.kv.get(REPORT_TO) !== undefined && storage.kv.get(REPORTED) !== true;
}

export function callReport(s: CallState, transcript: Transcript): CallReport {
  const ctx = offlineContext(s, transcript.all());
  const playbook = playbookOf(s);
  const outcome = s.outcome ?? "ended";
  return {
    call_id: s.call_id,
    outcome,
    ended_at: s.ended_at ?? Date.now(),
    recording_key: s.recording_key,
    records: s.config.record_ids.map((id) => ({ id, outcome: playbook.outcomeFor?.(ctx, id, outcome) ?? outcome })),
    summary: playbook.summary?.(ctx) ?? {},
  };
}

/** Sends the report once it is due; throws when the line could not take it (the alarm retries). */
export async function reportToLine(env: Env, storage: DurableObjectStorage, s: CallState, transcript: Transcript): Promise<void> {
  const phone = storage.kv.get<string>(REPORT_TO);
  if (!phone || storage.kv.get(REPORTED) === true) return;
  await hotelStub(env, phone).callFinished(callReport(s, transcript));
  storage.kv.put(REPORTED, true);
}
