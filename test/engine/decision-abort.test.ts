// A decision in flight is cancelled with its turn: the playbook's classify and onReply get the turn's
// signal (aborted on barge-in and when the call stops), the folio playbook hands it to the LLM fallback,
// and the OpenAI client stops the request. Without it a barged-in turn went on waiting for the model.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { CallLeg, LegEvent, SpeechResult } from "../../src/engine/call-leg";
import { Conversation } from "../../src/engine/conversation";
import type { Playbook, PlaybookStep } from "../../src/engine/playbook";
import { Transcript } from "../../src/engine/transcript";
import { createLogger } from "../../src/platform/log";
import { folioPlaybook } from "../../src/products/folio/playbook";
import { OpenAIBrain } from "../../src/providers/openai/brain";
import type { Brain, BrainEvent, ChatMessage, DecideOptions } from "../../src/providers/voice";
import { folioParams, FolioSim } from "../products/folio/folio-driver";

class MemoryLeg implements CallLeg {
  readonly kind = "text";
  readonly said: string[] = [];
  listener: (e: LegEvent) => void = () => {};
  get speaking() {
    return false;
  }
  listen(l: (e: LegEvent) => void) {
    this.listener = l;
  }
  async say(sentences: AsyncIterable<string>): Promise<SpeechResult> {
    const segments = [];
    for await (const s of sentences) {
      this.said.push(s);
      segments.push({ text: s, heard: s, complete: true, heardMs: 0 });
    }
    return { segments, interrupted: false };
  }
  async sendDigits(): Promise<SpeechResult> {
    return { segments: [], interrupted: false };
  }
  interrupt() {}
  close() {}
}

/** Resolves with "aborted" when the signal aborts, or "timed out" after `ms`. */
function untilAborted(signal: AbortSignal | undefined, ms: number): Promise<"aborted" | "timed out" | "no signal"> {
  if (!signal) return new Promise((r) => setTimeout(() => r("no signal"), ms));
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve("timed out"), ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), resolve("aborted")), { once: true });
  });
}

function slowPlaybook(seen: string[], where: "classify" | "onReply"): Playbook<null> {
  return {
    name: "slow-decision",
    tools: [],
    initialState: () => null,
    systemPrompt: () => "",
    opening: () => ({ actions: [] }),
    classify: async (_text, ctx) => {
      if (where === "classify") seen.push(await untilAborted(ctx.signal, 3_000));
      return { intent: "other", layer: "test" };
    },
    onReply: async (ctx): Promise<PlaybookStep<null>> => {
      if (where === "onReply") seen.push(await untilAborted(ctx.signal, 3_000));
      return { actions: [{ type: "say", text: "Decided." }] };
    },
    remaining: () => [],
    wrapUp: () => ({ actions: [] }),
  };
}

function run(playbook: Playbook<null>) {
  const leg = new MemoryLeg();
  const conversation = new Conversation<null>({
    callId: "call_abort",
    recordIds: [],
    params: {},
    playbook,
    leg,
    brain: null,
    transcript: new Transcript("call_abort"),
    state: undefined,
    answeredBy: null,
    saveState: () => {},
    emit: () => {},
    end: () => {},
    log: createLogger("error", { service: "test" }),
  });
  leg.listen((e) => conversation.handle(e));
  conversation.start(false);
  return { leg, conversation };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe("the turn's signal reaches the playbook's decisions", () => {
  it("barge-in aborts classify's signal at once", async () => {
    const seen: string[] = [];
    const { leg, conversation } = run(slowPlaybook(seen, "classify"));
    await tick();
    leg.listener({ type: "utterance", text: "Hello?", via: "text" });
    await tick();
    const started = Date.now();
    leg.listener({ type: "speech_start" }); // the hotel talks again while we are thinking
    await tick(50);
    expect(seen).toEqual(["aborted"]);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(leg.said).toEqual([]); // the cut turn says nothing; its reply is carried into the next
    conversation.stop();
  });

  it("the call stopping (hang-up) aborts onReply's signal", async () => {
    const seen: string[] = [];
    const { leg, conversation } = run(slowPlaybook(seen, "onReply"));
    await tick();
    leg.listener({ type: "utterance", text: "Hello?", via: "text" });
    await tick();
    conversation.stop();
    await tick(50);
    expect(seen).toEqual(["aborted"]);
    expect(leg.said).toEqual([]);
  });
});

/** A Brain whose structured answer never comes: it waits for its signal (or 10 s). */
class StalledBrain implements Brain {
  readonly signals: Array<AbortSignal | undefined> = [];
  async *respond(): AsyncIterable<BrainEvent> {}
  async decide<T>(_messages: readonly ChatMessage[], _schema: z.ZodType<T>, options?: DecideOptions): Promise<T> {
    this.signals.push(options?.signal);
    await untilAborted(options?.signal, 10_000);
    throw options?.signal?.reason ?? new Error("stalled");
  }
}

describe("the folio playbook's LLM fallback", () => {
  it("gets the turn's signal: aborting the turn ends the model's decision now, not at its 4 s timeout", async () => {
    const brain = new StalledBrain();
    const sim = await new FolioSim(folioParams(), brain).open();
    await sim.hotel("Front desk, this is Sam speaking, how can I help you?"); // a person: the desk phase
    const turn = new AbortController();
    const text = "The weather is lovely by the harbour today.";
    const classified = folioPlaybook.classify(text, { ...sim.ctx(), signal: turn.signal });
    await tick();
    expect(brain.signals).toHaveLength(1);
    const started = Date.now();
    turn.abort(new Error("barge-in"));
    const c = await classified;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(c.layer).toBe("rules"); // the rules' reading stands when the model's is cut off
  });
});

describe("OpenAIBrain.decide", () => {
  it("stops the request when the caller's signal aborts", async () => {
    let requestSignal: AbortSignal | null = null;
    const brain = new OpenAIBrain({
      apiKey: "sk-test",
      model: "gpt-4.1-mini",
      fetch: (_url, init) =>
        new Promise<Response>((_resolve, reject) => {
          requestSignal = init.signal ?? null;
          init.signal?.addEventListener("abort", () => reject(init.signal!.reason), { once: true });
        }),
    });
    const ctl = new AbortController();
    const decided = brain.decide([{ role: "user", content: "hi" }], z.object({ ok: z.boolean() }), { signal: ctl.signal }).catch((err: unknown) => err);
    await tick();
    const reason = new Error("barge-in");
    ctl.abort(reason);
    expect(await decided).toBe(reason);
    expect(requestSignal!.aborted).toBe(true);
  });
});
