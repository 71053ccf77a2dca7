// What a record asks of the world after its events change: messages to the work queues, and the
// timers it needs. Both are derived from events and state, so the DO writes them to its outbox and
// timer table in the same transaction as the events; nothing is lost between "decided" and "sent".
import type { DomainEvent, NewEvent, SimulationTag } from "./events";
import type { RecordState } from "./record-state";

export type QueueName = "scheduling" | "email-out" | "escalations";

import type { RecordInput } from "./record-input";

/**
 * A record joining its hotel's line. Carries what the line needs to place it without reading the record:
 * the hotel as the record knows it (a new hotel introduces itself), the check-out date (when it becomes
 * callable), the callback time the hotel named, and a simulated record's tag (its clock and persona).
 */
export type SchedulingMessage = {
  type: "record_created" | "record_callable";
  record_id: string;
  hotel: RecordInput["hotel"];
  check_out?: string;
  callback_at?: string | null;
  simulation?: SimulationTag | null;
};
export type EscalationMessage = { type: "escalated"; record_id: string; reason: string };
export type EmailOutMessage =
  | { type: "email_request" | "reminder"; record_id: string }
  /** Local simulation: the hotel answers the request with `message_id` (see src/email/simulated-hotel.ts). */
  | { type: "simulated_reply"; record_id: string; message_id: string; subject: string }
  /** Simulation: a hotel that agreed on the phone emails the folio. */
  | { type: "simulated_folio"; record_id: string };

export type QueueEffect = { queue: "scheduling"; body: SchedulingMessage } | { queue: "escalations"; body: EscalationMessage } | { queue: "email-out"; body: EmailOutMessage };

export interface TimerPolicy {
  reminderAfterMs: number;
  maxReminders: number;
}
export const defaultTimerPolicy: TimerPolicy = { reminderAfterMs: 24 * 3600_000, maxReminders: 3 };

export type TimerName = "callback" | "folio_wait";
export interface Timer {
  name: TimerName;
  due_at: number;
}

function lineFields(state: RecordState): Omit<SchedulingMessage, "type"> {
  return {
    record_id: state.id,
    hotel: state.input.hotel,
    check_out: state.input.check_out,
    ...(state.simulation ? { simulation: state.simulation } : {}),
  };
}

/** Queue messages implied by freshly appended events. */
export function effectsOf(events: readonly DomainEvent[], state: RecordState): QueueEffect[] {
  const effects: QueueEffect[] = [];
  for (const e of events) {
    if (e.event_type === "RecordCreated") {
      effects.push({ queue: "scheduling", body: { type: "record_created", ...lineFields(state) } });
    } else if (e.event_type === "FolioAgreed" && state.simulation) {
      effects.push({ queue: "email-out", body: { type: "simulated_folio", record_id: state.id } });
    } else if (e.event_type === "EmailRequested") {
      effects.push({ queue: "email-out", body: { type: "email_request", record_id: state.id } });
    } else if (e.event_type === "EscalationTriggered" && state.status === "escalated") {
      effects.push({ queue: "escalations", body: { type: "escalated", record_id: state.id, reason: e.data.reason } });
    }
  }
  return effects;
}

/** Every timer the record needs now; the DO multiplexes them on its one alarm. */
export function timersFor(state: RecordState, policy: TimerPolicy = defaultTimerPolicy): Timer[] {
  const timers: Timer[] = [];
  if (state.status === "callback_scheduled" && state.callback_at) {
    timers.push({ name: "callback", due_at: Date.parse(state.callback_at) });
  }
  if (state.status === "awaiting_folio" && state.awaiting_since) {
    timers.push({ name: "folio_wait", due_at: Date.parse(state.awaiting_since) + policy.reminderAfterMs });
  }
  return timers;
}

/** What a due timer does: events to append and messages to send. A stale timer does nothing. */
export function onTimer(state: RecordState, name: TimerName, now: number, policy: TimerPolicy = defaultTimerPolicy): { events: NewEvent[]; effects: QueueEffect[] } {
  const still = timersFor(state, policy).find((t) => t.name === name);
  if (!still || still.due_at > now) return { events: [], effects: [] };
  if (name === "callback") {
    // The record goes back into its hotel's batch; the hotel line decides when it is called.
    return {
      events: [{ event_type: "RecordQueued", data: { hotel_phone: state.input.hotel.phone } }],
      effects: [{ queue: "scheduling", body: { type: "record_callable", ...lineFields(state), callback_at: state.callback_at } }],
    };
  }
  const waited_h = Math.round(((now - Date.parse(state.awaiting_since!)) / 3600_000) * 10) / 10;
  if (state.emails.timeouts >= policy.maxReminders) {
    return {
      events: [
        { event_type: "EmailTimeout", data: { waited_h } },
        {
          event_type: "EscalationTriggered",
          data: { reason: "no_folio_after_reminders", details: `no folio after ${state.emails.timeouts} reminders` },
        },
      ],
      effects: [],
    };
  }
  return {
    events: [{ event_type: "EmailTimeout", data: { waited_h } }],
    effects: [{ queue: "email-out", body: { type: "reminder", record_id: state.id } }],
  };
}
