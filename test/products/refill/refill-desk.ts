// The refill product's Durable Object: a prescription's event store, built on the engine's base with
// nothing of its own but its RPC surface (it has no read side, so the base's default projection holds).
import { EventSourcedObject } from "../../../src/engine/aggregate/event-sourced-object";
import type { StoredEvent } from "../../../src/engine/aggregate/definition";
import { prescriptionAggregate, type PrescriptionEvent, type PrescriptionState } from "./aggregate";

export class RefillDesk extends EventSourcedObject<PrescriptionState, PrescriptionEvent, StoredEvent> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, prescriptionAggregate);
  }

  append(batch: PrescriptionEvent[], expectedSequence: number, opts: { actor: string; id?: string }) {
    return this.appendEvents(batch, expectedSequence, { actor: opts.actor, ...(opts.id ? { aggregateId: opts.id } : {}) });
  }
}

export interface RefillEnv {
  REFILL_DESK: DurableObjectNamespace<RefillDesk>;
}

export function deskStub(env: Env, prescriptionId: string): DurableObjectStub<RefillDesk> {
  const ns = (env as unknown as RefillEnv).REFILL_DESK;
  return ns.get(ns.idFromName(prescriptionId));
}
