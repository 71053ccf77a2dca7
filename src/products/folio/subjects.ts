// Folio's subjects: a call is about records (each a FolioRecord), and every event the folio playbooks
// emit is for one of them. The helpers keep each record's events in order and together.
import type { NewEvent } from "../../domain/events";
import type { Subject, SubjectEvents } from "../../engine/subjects";

/** Folio's subject type, the one its sink (FolioRecord) is registered under. */
export const RECORD_SUBJECT = "record";

export type RecordEvents = SubjectEvents<NewEvent>;

export const recordSubject = (id: string): Subject => ({ type: RECORD_SUBJECT, id });

/** Events for one record. */
export function forRecord(recordId: string, events: NewEvent[]): RecordEvents {
  return { subject: recordSubject(recordId), events };
}

/** The same events for each record (call-level facts: connected, an IVR, a person). */
export function toEach(recordIds: readonly string[], make: (recordId: string) => NewEvent[]): RecordEvents[] {
  return recordIds.map((id) => forRecord(id, make(id))).filter((b) => b.events.length > 0);
}

/** Merges batches so each record's events stay in order and together. */
export function merge(...groups: Array<RecordEvents[] | undefined>): RecordEvents[] {
  const out: RecordEvents[] = [];
  for (const group of groups) {
    for (const b of group ?? []) {
      const last = out.at(-1);
      if (last && last.subject.id === b.subject.id) last.events = [...last.events, ...b.events];
      else out.push(forRecord(b.subject.id, [...b.events]));
    }
  }
  return out;
}
