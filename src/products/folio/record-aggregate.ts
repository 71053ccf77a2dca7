// The folio record as an aggregate (src/engine/aggregate/definition.ts): the catalog's events (docs/architecture.md, "Events"),
// the record's fold (planAppend, with its StatusUpdated notes), its timers (callbacks, reminders) and
// the queue messages its events cause. A simulated record runs on its campaign's scaled clock.
import { clockNow, toWallClock, type ClockSpec } from "../../domain/clock";
import { planAppend } from "../../domain/event-log";
import { newEvent, RECORD_AGGREGATE, type DomainEvent, type NewEvent } from "../../domain/events";
import { fieldErrors } from "../../domain/record-input";
import { effectsOf, onTimer, timersFor, type TimerName } from "../../domain/record-reactions";
import type { RecordState } from "../../domain/record-state";
import type { AggregateDefinition } from "../../engine/aggregate/definition";

const clockOf = (state: RecordState | null, first: NewEvent | undefined): ClockSpec | null | undefined =>
  state ? state.simulation?.clock : (first?.data as { simulation?: { clock: ClockSpec } } | undefined)?.simulation?.clock;

export const folioRecordAggregate: AggregateDefinition<RecordState, NewEvent, DomainEvent> = {
  type: RECORD_AGGREGATE,
  service: "folio-record",
  noun: "record",

  check(e, i) {
    const parsed = newEvent.safeParse(e);
    if (parsed.success) return null;
    const details = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, v]) => [`events.${i}.${k}`, v]));
    return { message: `event ${i} (${String((e as { event_type?: unknown } | null)?.event_type)}) does not match the catalog`, details };
  },

  creates: (first) => first.event_type === "RecordCreated",

  fold: (state, incoming, ctx) => planAppend(state, incoming, ctx),

  timers: (state) => timersFor(state),

  onTimer: (state, name, now) => onTimer(state, name as TimerName, now),

  effects: (events, state) => effectsOf(events, state),

  clock: {
    now: (state, first, wallNow) => clockNow(clockOf(state, first), wallNow),
    toWall: (state, dueAt) => toWallClock(state.simulation?.clock ?? null, dueAt),
  },
};
