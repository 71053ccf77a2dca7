// SenderPacer: one per sender number, the one writer of that number's next send slot (the pacing rule is
// src/engine/messaging/pacing.ts). The rate is the SMS_PER_SECOND setting, a long code's 1 by default.
import { DurableObject } from "cloudflare:workers";
import { intervalFor, nextSlot } from "../engine/messaging/pacing";

const LAST_KEY = "pacer:last";

export class SenderPacer extends DurableObject<Env> {
  reserve(): number {
    const perSecond = Number(this.env.SMS_PER_SECOND ?? "1");
    const slot = nextSlot(this.ctx.storage.kv.get<number>(LAST_KEY) ?? null, Date.now(), intervalFor(perSecond));
    this.ctx.storage.kv.put(LAST_KEY, slot.last);
    return slot.at;
  }
}
