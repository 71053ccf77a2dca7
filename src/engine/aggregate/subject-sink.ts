// An aggregate built on EventSourcedObject as a subject sink (src/engine/subjects.ts): where a call's
// events for it go. Under optimistic concurrency the sink needs only where the log stands (its
// sequence, read without opening the sealed state); a log that moved in between is a conflict tried
// again at the new sequence. The append is idempotent per event id, so a batch delivered twice is
// stored once.
import type { Delivery, SubjectEvent, SubjectSink } from "../subjects";
import type { AppendResultOf } from "./append-result";

/** What the sink needs of an aggregate's stub. */
export interface AppendableAggregate {
  sequence(): Promise<number | null>;
  append(events: never[], expectedSequence: number, opts: { actor: string }): Promise<AppendResultOf<unknown, unknown>>;
}

const CONFLICT_ATTEMPTS = 4;

/** A sink over the aggregates `stubFor` names; `noun` words the refusal for one that does not exist. */
export function aggregateSink(stubFor: (id: string) => AppendableAggregate, noun: string): SubjectSink {
  return {
    async deliver(id, events: readonly SubjectEvent[], { actor }): Promise<Delivery> {
      const aggregate = stubFor(id);
      for (let attempt = 0; attempt < CONFLICT_ATTEMPTS; attempt++) {
        // The call's events are facts whatever the aggregate's state: only where its log stands matters.
        const sequence = await aggregate.sequence();
        if (sequence === null) return { status: "refused", reason: `no such ${noun}` };
        const r = await aggregate.append(events as never[], sequence, { actor });
        if (r.ok) return { status: "stored" };
        // Invalid events never become valid: parked with the reason rather than retried forever.
        if (r.code !== "conflict") return { status: "refused", reason: `${r.code}: ${r.message}` };
      }
      return { status: "retry", reason: "sequence conflicts" };
    },
  };
}
