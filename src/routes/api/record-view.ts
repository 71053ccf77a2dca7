// The API's view of a record's state (GET /api/records/:id): the docs/architecture.md, "Public contracts" fields first.
import type { RecordState } from "../../domain/record-state";

export function recordView(s: RecordState) {
  return {
    id: s.id,
    status: s.status,
    attempts: s.attempts,
    folio: s.folio,
    folio_issues: s.folio_issues,
    folio_source: s.folio_source ?? null,
    reply_to: s.reply_to,
    external_id: s.input.external_id ?? null,
    guest_name: s.input.guest_name,
    confirmation_number: s.input.confirmation_number,
    check_in: s.input.check_in,
    check_out: s.input.check_out,
    hotel: s.input.hotel,
    folio_email: s.input.folio_email ?? null,
    notes: s.input.notes ?? null,
    voicemails: s.voicemails,
    calls: s.calls,
    emails: s.emails,
    callback_at: s.callback_at,
    escalation: s.escalation,
    sequence: s.sequence,
    created_at: s.created_at,
    updated_at: s.updated_at,
  };
}
