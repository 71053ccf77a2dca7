// What makes an aggregate a product's own (docs/architecture.md, "Aggregates"): its catalog (which
// events it accepts), its fold (how an append becomes stored envelopes and a new state), its timers and
// what they do, and the queue messages its events cause. Pure: no bindings, no I/O. The event-sourced
// object (event-sourced-object.ts) does the rest the same way for every product: idempotent appends,
// sealing, one transaction, one alarm, the outbox.

/** An event as a producer hands it in: the aggregate gives it its sequence, timestamp and metadata. */
export interface IncomingEvent {
  event_id?: string;
  event_type: string;
  data: unknown;
  correlation_id?: string | null;
}

/** An event as stored: the envelope the fold made. */
export interface StoredEvent {
  event_id: string;
  event_type: string;
  aggregate_id: string;
  aggregate_type: string;
  sequence: number;
  timestamp: string;
  correlation_id: string | null;
  causation_id: string | null;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** The state every aggregate's fold keeps, whatever else it holds. */
export interface AggregateState {
  id: string;
  sequence: number;
}

export interface AggregateTimer {
  name: string;
  /** On the aggregate's clock (ms). */
  due_at: number;
}

export interface AggregateEffect {
  queue: string;
  body: unknown;
}

export interface FoldContext {
  aggregateId: string;
  /** ISO time on the aggregate's clock. */
  now: string;
  newId: () => string;
  metadata: { actor: string; service: string; version: string };
}

export interface AggregateDefinition<S extends AggregateState, In extends IncomingEvent, Out extends StoredEvent> {
  /** The aggregate type in every envelope ("FolioRecord"). */
  readonly type: string;
  /** Names the writer in the events' metadata and logs. */
  readonly service: string;
  /** What one aggregate is called in answers ("record": "no such record"). */
  readonly noun: string;
  /** Why event `index` of a batch does not match the catalog, or null. */
  check(event: unknown, index: number): { message: string; details: Record<string, string> } | null;
  /** Whether this event may start a new log (a record's RecordCreated). */
  creates(first: In): boolean;
  /** The envelopes to store and the new state (the fold). */
  fold(state: S | null, incoming: readonly In[], ctx: FoldContext): { events: Out[]; state: S };
  timers(state: S): AggregateTimer[];
  /** What a due timer appends (and sends); nothing when the state moved on since it was set. */
  onTimer(state: S, name: string, now: number): { events: In[]; effects: AggregateEffect[] };
  /** Queue messages the appended events cause, sent after the commit (at least once). */
  effects(events: readonly Out[], state: S): AggregateEffect[];
  /**
   * The aggregate's clock, when it is not the wall clock (a simulated record runs on a scaled one):
   * now on that clock, and a due time on it as wall-clock ms for the alarm.
   */
  clock?: {
    now(state: S | null, first: In | undefined, wallNow: number): number;
    toWall(state: S, dueAt: number): number;
  };
}
