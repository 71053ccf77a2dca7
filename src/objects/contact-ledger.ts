// ContactLedger: the deployment's one contact ledger (opt-outs and do-not-call), a thin shell over
// src/engine/messaging/ledger.ts. Every outbound text (the threads) and call (the lines) asks it first.
import { DurableObject } from "cloudflare:workers";
import type { Channel } from "../engine/messaging/contact-ledger";
import { ContactLedgerBook } from "../engine/messaging/ledger";
import { piiCipher } from "../platform/pii-cipher";

export class ContactLedger extends DurableObject<Env> {
  private readonly book: ContactLedgerBook;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.book = new ContactLedgerBook(ctx.storage, () => piiCipher(env));
  }

  mayContact(phone: string, channel: Channel, ours: string | null = null) {
    return this.book.mayContact(phone, channel, ours);
  }

  inbound(phone: string, ours: string, body: string, sid: string) {
    return this.book.inbound(phone, ours, body, sid);
  }

  setDoNotContact(phone: string, reason: string, actor: string) {
    return this.book.setDoNotContact(phone, reason, actor);
  }

  clearDoNotContact(phone: string, actor: string) {
    return this.book.clearDoNotContact(phone, actor);
  }

  importDoNotContact(rows: ReadonlyArray<{ phone: string; reason: string }>, actor: string) {
    return this.book.importDoNotContact(rows, actor);
  }

  contact(phone: string) {
    return this.book.contact(phone);
  }

  blocked(limit: number) {
    return this.book.blocked(limit);
  }
}
