// Folio's events for the engine's call facts (src/engine/call-facts.ts): a call that ended is CallEnded
// on every record (its outcome for that record, the duration, the recording, the TOON, and how often
// the LLM decided), and time running out is CallDurationExceeded on each record not yet settled.
import { ONCE_PER_CALL } from "../../domain/call-events";
import type { CallFact } from "../../engine/call-facts";
import type { Playbook, PlaybookContext } from "../../engine/playbook";
import { forRecord, type RecordEvents } from "./subjects";

export function folioFactEvents<S>(playbook: Playbook<S>, ctx: PlaybookContext<S>, fact: CallFact): RecordEvents[] {
  if (fact.type === "time_up") {
    return fact.remaining.map((id) => forRecord(id, [{ event_type: "CallDurationExceeded", data: { call_id: fact.call_id, remaining_record_ids: fact.remaining } }]));
  }
  const llm = playbook.summary?.(ctx).llm_calls;
  return ctx.recordIds.map((id) =>
    forRecord(id, [
      {
        event_type: "CallEnded",
        data: {
          call_id: fact.call_id,
          outcome: playbook.outcomeFor?.(ctx, id, fact.outcome) ?? fact.outcome,
          duration_s: fact.duration_s,
          ...(fact.recording_key ? { recording_key: fact.recording_key } : {}),
          ...(typeof llm === "number" ? { llm_calls: llm } : {}),
          transcript: fact.transcript,
        },
      },
    ]),
  );
}

/** The folio events a call gives a record at most once (their ids derive from call, record and type). */
export const FOLIO_ONCE_PER_CALL: ReadonlySet<string> = ONCE_PER_CALL;
