// Per-record outcomes (contract.ts) the playbook decides, and what a call outcome means for a record
// the conversation never settled.
import { DECISIVE_OUTCOMES, FOLIO_RECORD_OUTCOMES, type FolioRecordOutcome } from "./contract";

export const DECISIVE: ReadonlySet<string> = DECISIVE_OUTCOMES;

/** The record outcome for a call that ended without the playbook deciding one for the record. */
export function outcomeOfCall(callOutcome: string): FolioRecordOutcome {
  switch (callOutcome) {
    case "no_answer":
    case "failed":
    case "canceled":
      return FOLIO_RECORD_OUTCOMES.no_answer;
    case "busy":
      return FOLIO_RECORD_OUTCOMES.busy;
    case "max_duration":
      return FOLIO_RECORD_OUTCOMES.max_duration;
    case "voicemail":
      return FOLIO_RECORD_OUTCOMES.voicemail;
    default:
      return FOLIO_RECORD_OUTCOMES.no_outcome;
  }
}
