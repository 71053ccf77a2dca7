// FolioRecord: one Durable Object per folio request (docs/architecture.md, "A record, end to end"). It
// alone appends the record's events. The event-sourced base (src/engine/aggregate) does what every
// aggregate does: an append is validated, made idempotent per event id, folded by the folio record's
// pure definition (src/products/folio/record-aggregate.ts), sealed and written in one transaction with
// the state cache, the timers and the outbox. What is the record's own is here: its RPC surface and
// its read side in D1 (the audit copy of its events and its `records` row), brought up to date after
// every append and again from the alarm until it has been.
import type { DomainEvent, NewEvent } from "../domain/events";
import type { QueueEffect } from "../domain/record-reactions";
import type { RecordState } from "../domain/record-state";
import { EventSourcedObject } from "../engine/aggregate/event-sourced-object";
import type { PiiCipher } from "../platform/pii-cipher";
import { folioRecordAggregate } from "../products/folio/record-aggregate";
import type { AppendResult } from "./folio-record/append-result";
import { projectRecord } from "./folio-record/flush";

export interface AppendOptions {
  actor: string;
  /** Required when the append creates the record. */
  recordId?: string;
  /** Messages to send with these events (a timer's reactions), committed in the same transaction. */
  effects?: QueueEffect[];
}

export class FolioRecord extends EventSourcedObject<RecordState, NewEvent, DomainEvent> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, folioRecordAggregate);
  }

  /**
   * Appends `batch` if the log is at `expectedSequence`; idempotent per event id (see
   * EventSourcedObject.appendEvents), so at-least-once delivery never doubles an effect.
   */
  async append(batch: NewEvent[], expectedSequence: number, opts: AppendOptions): Promise<AppendResult> {
    return this.appendEvents(batch, expectedSequence, { actor: opts.actor, ...(opts.recordId ? { aggregateId: opts.recordId } : {}), ...(opts.effects ? { effects: opts.effects } : {}) });
  }

  /** The audit copy and the `records` row in D1, past their watermarks. */
  protected override project(state: RecordState, cipher: PiiCipher, force: boolean): Promise<void> {
    return projectRecord(this.env, this.store, state, cipher, force);
  }
}
