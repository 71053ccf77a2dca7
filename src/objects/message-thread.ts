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
  private pair: ThreadPair | null = null;
  private sealing: Promise<string> | null = null;

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
      project: async (pair, rows) => {
        const theirsSealed = await this.theirsSealed(pair);
        await projectMessages(env.DB, pair.ours, theirsSealed, rows);
      },
      wakeAt: async (at) => {
        const current = await ctx.storage.getAlarm();
        if (current === null || at < current) await ctx.storage.setAlarm(at);
      },
      log: createLogger(env.LOG_LEVEL, { service: "thread" }),
    });
  }

  async send(pair: ThreadPair, message: OutboundMessage) {
    this.check(pair);
    return this.thread.send(pair, message);
  }

  async inbound(pair: ThreadPair, text: { provider_sid: string; body: string }) {
    this.check(pair);
    return this.thread.inbound(pair, text);
  }

  async providerStatus(pair: ThreadPair, report: { message_id: string | null; provider_sid: string; status: string; error_code: number | null }) {
    this.check(pair);
    return this.thread.providerStatus(pair, report);
  }

  expect(pair: ThreadPair, expectation: { id: string; product: string; about: string; deadline_at: number }): void {
    this.check(pair);
    this.thread.expect(expectation);
  }

  async history() {
    return this.thread.history();
  }

  override async alarm(): Promise<void> {
    const stored = this.ctx.storage.kv.get<StoredPair>(PAIR_KEY);
    if (!stored) return;
    const theirs = await (await piiCipher(this.env)).open(stored.theirs_sealed);
    this.pair = { ours: stored.ours, theirs };
    await this.thread.alarm(this.pair);
  }

  /** The pair is the object's name: a call naming another pair is a bug, refused before anything is written. */
  private check(pair: ThreadPair): void {
    this.pair ??= pair;
    if (this.pair.ours !== pair.ours || this.pair.theirs !== pair.theirs) throw new Error("a thread is one pair of numbers");
  }

  /** Their number sealed, kept for the read model and for the alarm (which is told nothing). Sealed once,
   *  off the send's path: only the projection, after the provider request, waits for it. */
  private theirsSealed(pair: ThreadPair): Promise<string> {
    this.sealing ??= (async () => {
      const stored = this.ctx.storage.kv.get<StoredPair>(PAIR_KEY);
      if (stored) return stored.theirs_sealed;
      const theirs_sealed = await (await piiCipher(this.env)).seal(pair.theirs);
      if (!this.ctx.storage.kv.get(PAIR_KEY)) this.ctx.storage.kv.put(PAIR_KEY, { ours: pair.ours, theirs_sealed } satisfies StoredPair);
      return this.ctx.storage.kv.get<StoredPair>(PAIR_KEY)!.theirs_sealed;
    })();
    return this.sealing;
  }
}
