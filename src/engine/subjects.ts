// What a call is about: its subjects (a folio record, an appointment, a ticket), each an event-sourced
// aggregate of some product. A playbook's events address a subject by {type, id}; the session queues
// them in its outbox and hands each batch to the sink registered for the subject's type. The engine
// knows no type: the shell registers a sink per product aggregate (docs/architecture.md, "Subjects").

export interface Subject {
  /** The aggregate's type, as its product registered it ("record" is folio's). */
  readonly type: string;
  readonly id: string;
}

/**
 * An event for a subject. The product's catalog decides what `event_type` and `data` may be; the engine
 * only gives it an `event_id` (fixed before anything is stored, so a redelivery is a replay) and the
 * call as its `correlation_id`.
 */
export interface SubjectEvent {
  event_type: string;
  data: unknown;
  event_id?: string;
  correlation_id?: string | null;
}

/** Events for one subject, appended in order. */
export interface SubjectEvents<E extends SubjectEvent = SubjectEvent> {
  subject: Subject;
  events: E[];
}

/** What a sink did with a batch: stored (or already held it), try again later, or never (it is parked). */
export type Delivery = { status: "stored" } | { status: "retry"; reason: string } | { status: "refused"; reason: string };

/** Appends a call's events to the subjects of one type. Must be idempotent by event id: delivery is at least once. */
export interface SubjectSink {
  deliver(subjectId: string, events: readonly SubjectEvent[], context: { actor: string }): Promise<Delivery>;
}

/** Sinks by subject type, filled by the shell with each product's aggregates. */
export class SubjectSinks {
  private readonly byType = new Map<string, (env: Env) => SubjectSink>();

  register(type: string, sink: (env: Env) => SubjectSink): void {
    const known = this.byType.get(type);
    if (known && known !== sink) throw new Error(`two sinks for subject type ${type}`);
    this.byType.set(type, sink);
  }

  /** The sink for `type`, or null when no product this worker runs has such subjects. */
  sinkFor(env: Env, type: string): SubjectSink | null {
    return this.byType.get(type)?.(env) ?? null;
  }
}

/** The same events for each subject (call-level facts every subject of the call hears). */
export function eachSubject<E extends SubjectEvent>(subjects: readonly Subject[], make: (subject: Subject) => E[]): SubjectEvents<E>[] {
  return subjects.map((subject) => ({ subject, events: make(subject) })).filter((b) => b.events.length > 0);
}

export function sameSubject(a: Subject, b: Subject): boolean {
  return a.type === b.type && a.id === b.id;
}
