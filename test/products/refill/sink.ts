// Where a call's events for a prescription go: its RefillDesk, appended at the sequence it stands at.
import type { Delivery, SubjectSink } from "../../../src/engine/subjects";
import type { PrescriptionEvent } from "./aggregate";
import { deskStub } from "./refill-desk";

export function refillDeskSink(env: Env): SubjectSink {
  return {
    async deliver(id, events, { actor }): Promise<Delivery> {
      const desk = deskStub(env, id);
      for (let attempt = 0; attempt < 4; attempt++) {
        const sequence = await desk.sequence();
        if (sequence === null) return { status: "refused", reason: "no such prescription" };
        const r = await desk.append(events as PrescriptionEvent[], sequence, { actor });
        if (r.ok) return { status: "stored" };
        if (r.code !== "conflict") return { status: "refused", reason: `${r.code}: ${r.message}` };
      }
      return { status: "retry", reason: "sequence conflicts" };
    },
  };
}
