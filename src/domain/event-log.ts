// Turns what a producer wants to append into the exact envelopes to store, with the new state.
// Pure: the FolioRecord DO checks sequence and idempotency, calls this, and writes the result in one
// transaction. Each status change gets a StatusUpdated note right after its cause, so the audit trail
// reads as a timeline without anyone having to remember to emit it.
import { EVENT_SCHEMA_VERSION, RECORD_AGGREGATE, type DomainEvent, type EventMetadata, type NewEvent } from "./events";
import { applyEvent, type RecordState } from "./record-state";

export interface AppendContext {
  aggregateId: string;
  now: string;
  newId: () => string;
  /** Defaults for metadata fields the producer left out. */
  metadata: EventMetadata;
}

export interface PlannedAppend {
  events: DomainEvent[];
  state: RecordState;
}

function definedOnly<T extends object>(o: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function planAppend(state: RecordState | null, incoming: readonly NewEvent[], ctx: AppendContext): PlannedAppend {
  let current = state;
  let sequence = state?.sequence ?? 0;
  const out: DomainEvent[] = [];
  for (const e of incoming) {
    const event = {
      event_id: e.event_id ?? ctx.newId(),
      event_type: e.event_type,
      aggregate_id: ctx.aggregateId,
      aggregate_type: RECORD_AGGREGATE,
      sequence: ++sequence,
      timestamp: e.timestamp ?? ctx.now,
      correlation_id: e.correlation_id ?? null,
      causation_id: e.causation_id ?? null,
      data: e.data,
      // A field given as undefined is left out: it must not blank the default.
      metadata: { ...ctx.metadata, ...definedOnly(e.metadata), version: EVENT_SCHEMA_VERSION },
    } as DomainEvent;
    const before = current?.status ?? null;
    current = applyEvent(current, event);
    out.push(event);
    if (before !== null && before !== current.status) {
      const note: DomainEvent<"StatusUpdated"> = {
        event_id: ctx.newId(),
        event_type: "StatusUpdated",
        aggregate_id: ctx.aggregateId,
        aggregate_type: RECORD_AGGREGATE,
        sequence: ++sequence,
        timestamp: event.timestamp,
        correlation_id: event.correlation_id,
        causation_id: event.event_id,
        data: { from: before, to: current.status, cause: event.event_type },
        metadata: event.metadata,
      };
      current = applyEvent(current, note);
      out.push(note);
    }
  }
  if (!current) throw new Error("planAppend needs at least one event for a new record");
  return { events: out, state: current };
}
