// What the engine knows about a call, as facts (connected, ended with an outcome, its duration and
// recording; time up), and never as a product's events: each product turns them into its own events
// for its subjects (Playbook.eventsForFact). Folio's become CallEnded and CallDurationExceeded.
import type { Toon } from "./transcript";
import type { Playbook, PlaybookContext } from "./playbook";
import { stampEvents } from "./event-ids";
import type { SubjectEvents } from "./subjects";

export type CallFact =
  | {
      type: "ended";
      call_id: string;
      /** The call's outcome (the playbook's, or how the call ended: hung_up, no_answer, lost, ...). */
      outcome: string;
      duration_s: number;
      recording_key: string | null;
      transcript: Toon;
    }
  | {
      type: "time_up";
      call_id: string;
      /** The subjects the playbook had not settled (Playbook.remaining). */
      remaining: string[];
    };

/** The playbook's events for a fact, with ids derived from (call, subject, type): a fact happens once. */
export function eventsOfFact<S>(playbook: Playbook<S>, ctx: PlaybookContext<S>, fact: CallFact): SubjectEvents[] {
  const batches = playbook.eventsForFact?.(ctx, fact) ?? [];
  return stampEvents(fact.call_id, batches, () => true);
}
