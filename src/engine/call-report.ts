// What a finished call tells whoever placed it (for folio calls, the hotel's line): the call's outcome,
// each record's outcome (as its CallEnded says) and what the playbook learned (Playbook.summary).
export interface CallReport {
  call_id: string;
  outcome: string;
  ended_at: number;
  recording_key: string | null;
  records: { id: string; outcome: string }[];
  summary: Record<string, unknown>;
}
