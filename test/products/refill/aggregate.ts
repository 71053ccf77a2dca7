// The refill product's aggregate, a prescription: defined with engine types only (no Folio code). Its
// catalog is three events; its fold keeps what a pharmacy's phone line needs to answer a caller.
import type { AggregateDefinition, StoredEvent } from "../../../src/engine/aggregate/definition";

export type PrescriptionEvent =
  | { event_id?: string; event_type: "PrescriptionFiled"; data: { medication: string; refills_left: number }; correlation_id?: string | null }
  | { event_id?: string; event_type: "RefillRequested"; data: { call_id: string; caller: string | null }; correlation_id?: string | null }
  | { event_id?: string; event_type: "RefillCallEnded"; data: { call_id: string; outcome: string }; correlation_id?: string | null };

export interface PrescriptionState {
  id: string;
  sequence: number;
  medication: string;
  refills_left: number;
  requested_on_calls: string[];
}

const TYPES = new Set(["PrescriptionFiled", "RefillRequested", "RefillCallEnded"]);

export const prescriptionAggregate: AggregateDefinition<PrescriptionState, PrescriptionEvent, StoredEvent> = {
  type: "Prescription",
  service: "refill-desk",
  noun: "prescription",
  check(e, i) {
    const type = (e as { event_type?: unknown } | null)?.event_type;
    return typeof type === "string" && TYPES.has(type) ? null : { message: `event ${i} (${String(type)}) is not a prescription event`, details: { [`events.${i}.event_type`]: "unknown" } };
  },
  creates: (first) => first.event_type === "PrescriptionFiled",
  fold(state, incoming, ctx) {
    let s: PrescriptionState = state ?? { id: ctx.aggregateId, sequence: 0, medication: "", refills_left: 0, requested_on_calls: [] };
    const events: StoredEvent[] = [];
    for (const e of incoming) {
      if (e.event_type === "PrescriptionFiled") s = { ...s, medication: e.data.medication, refills_left: e.data.refills_left };
      if (e.event_type === "RefillRequested") s = { ...s, refills_left: Math.max(0, s.refills_left - 1), requested_on_calls: [...s.requested_on_calls, e.data.call_id] };
      s = { ...s, sequence: s.sequence + 1 };
      events.push({
        event_id: e.event_id ?? ctx.newId(),
        event_type: e.event_type,
        aggregate_id: ctx.aggregateId,
        aggregate_type: "Prescription",
        sequence: s.sequence,
        timestamp: ctx.now,
        correlation_id: e.correlation_id ?? null,
        causation_id: null,
        data: e.data,
        metadata: ctx.metadata,
      });
    }
    return { events, state: s };
  },
  timers: () => [],
  onTimer: () => ({ events: [], effects: [] }),
  effects: () => [],
};
