// The escalations queue: each record that needs a person. The operator's list is the records'
// projection (GET /api/escalations, the dashboard's live view), so this consumer's job is the alert:
// one structured log line per escalation (no PII: the record id and the reason), which log-based
// alerting (Workers Logs, Logpush) can page on. Acknowledged once logged.
import type { EscalationMessage } from "../domain/record-reactions";
import { createLogger } from "../platform/log";

export function handleEscalations(env: Env, batch: MessageBatch<EscalationMessage>): void {
  const log = createLogger(env.LOG_LEVEL, { service: "escalations" });
  for (const m of batch.messages) {
    log.warn("record escalated", { record_id: m.body.record_id, reason: m.body.reason, attempts: m.attempts });
    m.ack();
  }
}
