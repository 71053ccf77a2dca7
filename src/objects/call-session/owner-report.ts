// Telling the call's owner (whoever placed it: a hotel's line) that the call is over (CallReport):
// after every record has its CallEnded, so what the owner decides next (a retry, an email request) comes
// after the call in each record's log. Delivered at least once (the alarm retries); the owner ignores a
// report it already has. A call nobody owns (an inbound call) reports to no one.
import type { CallOwnerRef } from "../../engine/call-owner";
import type { CallReport } from "../../engine/call-report";
import type { Transcript } from "../../engine/transcript";
import type { Logger } from "../../platform/log";
import { callOwners } from "../call-owners";
import { HOTEL_LINE_OWNER } from "../hotel-line/owner";
import { offlineContext, playbookOf } from "./state";
import type { CallState } from "./store";

/** Kept under the key calls stored a hotel's phone in before owners had types, so those still report. */
const OWNER = "report_to";
const REPORTED = "reported";

/** A stored owner: a ref, or (stored before owners had types) a hotel line's phone. */
export function ownerRefOf(stored: unknown): CallOwnerRef | null {
  if (typeof stored === "string" && stored !== "") return { type: HOTEL_LINE_OWNER, id: stored };
  if (stored && typeof stored === "object") {
    const { type, id } = stored as Partial<CallOwnerRef>;
    if (typeof type === "string" && typeof id === "string" && type !== "" && id !== "") return { type, id };
  }
  return null;
}

/** The owner that placed the call (set at prepare; the first one named stays). */
export function rememberOwner(storage: DurableObjectStorage, owner: CallOwnerRef | null): void {
  if (owner && ownerRefOf(storage.kv.get(OWNER)) === null) storage.kv.put(OWNER, { type: owner.type, id: owner.id });
}

export function reportPending(storage: DurableObjectStorage): boolean {
  return ownerRefOf(storage.kv.get(OWNER)) !== null && storage.kv.get(REPORTED) !== true;
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

/** Sends the report once it is due; throws when the owner could not take it (the alarm retries). */
export async function reportToOwner(env: Env, storage: DurableObjectStorage, s: CallState, transcript: Transcript, log: Logger): Promise<void> {
  const ref = ownerRefOf(storage.kv.get(OWNER));
  if (!ref || storage.kv.get(REPORTED) === true) return;
  const owner = callOwners.resolve(env, ref);
  if (owner) await owner.callFinished(callReport(s, transcript));
  // A type this worker does not run cannot take the report, now or on a retry: it is dropped, loudly.
  // The owners it could be watch their calls and give a silent one up as lost (HotelLine does).
  else log.error("the call's owner is of no known type; report dropped", { call_id: s.call_id, owner_type: ref.type });
  storage.kv.put(REPORTED, true);
}
