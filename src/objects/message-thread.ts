// MessageThread: the Durable Object for one thread (our number, their number), a thin shell over
// src/engine/messaging/thread.ts that fills in its ports with this worker's bindings.
import { DurableObject } from "cloudflare:workers";
import { numberRoute } from "../db/phone-numbers";
import { projectMessages } from "../db/messages";
import type { OutboundMessage } from "../engine/messaging/message";
import { Thread, type ThreadPair } from "../engine/messaging/thread";
import { createLogger } from "../platform/log";
import { piiCipher } from "../platform/pii-cipher";
import { withHooks } from "./telephony/provider-hooks";
import { smsProviderFor } from "./messaging/sms-provider";
import { ledgerStub, pacerStub } from "../engine/messaging/stubs";
import { replyHandlers } from "./reply-handlers";

const PAIR_KEY = "thread:pair";

interface StoredPair {
  ours: string;
  theirs_sealed: string;
}

export class MessageThread extends DurableObject<Env> {
  private readonly thread: Thread;
  private pair: (ThreadPair & { theirs_sealed: string }) | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const cipher = () => piiCipher(env);
    this.thread = new Thread(ctx.storage, {
      cipher,
      ledger: {
        mayContact: (theirs, channel, ours) => ledgerStub(env).mayContact(theirs, channel, ours),
        inbound: (theirs, ours, body, sid) => ledgerStub(env).inbound(theirs, ours, body, sid),
      },
      pacer: { reserve: (ours) => pacerStub(env, ours).reserve() },
      provider: () => smsProviderFor(withHooks(env)),
      handlers: {
        async deliver(product, reply) {
          const handler = replyHandlers.get(product);
          if (!handler) return false;
          await handler(env, reply);
          return true;
        },
      },
      numberOwner: async (ours) => (await numberRoute(env.DB, ours))?.product ?? null,
      project: async (_pair, rows) => projectMessages(env.DB, this.pair!.ours, this.pair!.theirs_sealed, rows),
      wakeAt: async (at) => {
        const current = await ctx.storage.getAlarm();
        if (current === null || at < current) await ctx.storage.setAlarm(at);
      },
      log: createLogger(env.LOG_LEVEL, { service: "thread" }),
    });
  }

  async send(pair: ThreadPair, message: OutboundMessage) {
    await this.remember(pair);
    return this.thread.send(pair, message);
  }

  async inbound(pair: ThreadPair, text: { provider_sid: string; body: string }) {
    await this.remember(pair);
    return this.thread.inbound(pair, text);
  }

  async providerStatus(pair: ThreadPair, report: { message_id: string | null; provider_sid: string; status: string; error_code: number | null }) {
    await this.remember(pair);
    return this.thread.providerStatus(pair, report);
  }

  async history() {
    return this.thread.history();
  }

  override async alarm(): Promise<void> {
    const stored = this.ctx.storage.kv.get<StoredPair>(PAIR_KEY);
    if (!stored) return;
    const theirs = await (await piiCipher(this.env)).open(stored.theirs_sealed);
    this.pair = { ours: stored.ours, theirs, theirs_sealed: stored.theirs_sealed };
    await this.thread.alarm({ ours: stored.ours, theirs });
  }

  /** The pair is the object's name; kept (their number sealed) for the alarm, which is told nothing. */
  private async remember(pair: ThreadPair): Promise<void> {
    if (this.pair) {
      if (this.pair.ours !== pair.ours || this.pair.theirs !== pair.theirs) throw new Error("a thread is one pair of numbers");
      return;
    }
    const stored = this.ctx.storage.kv.get<StoredPair>(PAIR_KEY);
    const cipher = await piiCipher(this.env);
    if (stored) {
      const theirs = await cipher.open(stored.theirs_sealed);
      if (stored.ours !== pair.ours || theirs !== pair.theirs) throw new Error("a thread is one pair of numbers");
      this.pair = { ...pair, theirs_sealed: stored.theirs_sealed };
      return;
    }
    const theirs_sealed = await cipher.seal(pair.theirs);
    this.pair ??= { ...pair, theirs_sealed };
    if (!this.ctx.storage.kv.get(PAIR_KEY)) this.ctx.storage.kv.put(PAIR_KEY, { ours: pair.ours, theirs_sealed: this.pair.theirs_sealed } satisfies StoredPair);
  }
}
