// Async AMD's verdict goes through the turn queue: its step is decided on the state the turn before it
// saved, never on a snapshot taken while that turn was still thinking (which would overwrite it). A
// verdict with something to say still cuts the turn in progress.
import { describe, expect, it } from "vitest";
import type { CallLeg, LegEvent, SpeechResult } from "../../src/engine/call-leg";
import { Conversation } from "../../src/engine/conversation";
import type { Playbook, PlaybookStep } from "../../src/engine/playbook";
import { Transcript } from "../../src/engine/transcript";
import { createLogger } from "../../src/platform/log";

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

interface S {
  replies: string[];
  amd: string[];
}

/** A playbook whose onReply waits for `release` (a decision in flight), then records the reply. */
function playbook(opts: { replyGate: Promise<void>; amdSays: boolean; openingListenMs: number }): Playbook<S> {
  return {
    name: "amd-test",
    tools: [],
    initialState: () => ({ replies: [], amd: [] }),
    systemPrompt: () => "",
    opening: () => ({ actions: [{ type: "listen", ms: opts.openingListenMs }] }),
    classify: () => ({ intent: "other", layer: "test" }),
    onReply: async (ctx, r): Promise<PlaybookStep<S>> => {
      await opts.replyGate;
      return { state: { ...ctx.state, replies: [...ctx.state.replies, r.text] }, actions: [{ type: "say", text: `Noted ${r.text}` }] };
    },
    onAnsweredBy: (ctx, answeredBy): PlaybookStep<S> => ({
      state: { ...ctx.state, amd: [...ctx.state.amd, answeredBy] },
      actions: opts.amdSays
        ? [
            { type: "say", text: "Leaving a message." },
            { type: "end", outcome: "voicemail" },
          ]
        : [],
    }),
    remaining: () => [],
    wrapUp: () => ({ actions: [{ type: "end", outcome: "max_duration" }] }),
  };
}

function run(opts: { replyGate: Promise<void>; amdSays: boolean; openingListenMs: number }) {
  const leg = new MemoryLeg();
  const saved: S[] = [];
  let ended: (outcome: string) => void = () => {};
  const done = new Promise<string>((r) => (ended = r));
  const conversation = new Conversation<S>({
    callId: "call_amd",
    recordIds: [],
    params: {},
    playbook: playbook(opts),
    leg,
    brain: null,
    transcript: new Transcript("call_amd"),
    state: undefined,
    answeredBy: null,
    saveState: (s) => saved.push(s),
    emit: () => {},
    end: (o) => ended(o),
    log: createLogger("error", { service: "test" }),
  });
  leg.listen((e) => conversation.handle(e));
  conversation.start(false);
  return { leg, conversation, saved, done };
}

const tick = (ms = 20) => new Promise((r) => setTimeout(r, ms));

describe("Conversation: async AMD's verdict", () => {
  it("is decided after the turn in flight, so the state that turn saved is kept", async () => {
    let release: () => void = () => {};
    const replyGate = new Promise<void>((r) => (release = r));
    const { leg, conversation, saved } = run({ replyGate, amdSays: false, openingListenMs: 5_000 });
    await tick();
    leg.listener({ type: "utterance", text: "Front desk.", via: "text" });
    await tick(); // the reply's turn is thinking (onReply awaits the gate)
    conversation.setAnsweredBy("human");
    await tick();
    release();
    await tick(50);
    expect(conversation.playbookState).toEqual({ replies: ["Front desk."], amd: ["human"] });
    expect(saved.at(-1)).toEqual({ replies: ["Front desk."], amd: ["human"] });
    expect(leg.said).toEqual(["Noted Front desk."]);
    conversation.stop();
  });

  it("with something to say, cuts the turn in progress at once and speaks on the latest state", async () => {
    const { leg, conversation, done } = run({ replyGate: Promise.resolve(), amdSays: true, openingListenMs: 5_000 });
    await tick();
    const started = Date.now();
    conversation.setAnsweredBy("machine_end_beep");
    expect(await done).toBe("voicemail");
    expect(Date.now() - started).toBeLessThan(1_000); // the opening's 5 s listen was cut, not waited out
    expect(leg.said).toEqual(["Leaving a message."]);
    expect(conversation.playbookState).toEqual({ replies: [], amd: ["machine_end_beep"] });
  });

  it("with something to say while a reply is being decided: the reply is carried, not lost, and the verdict's state is built on the turn's", async () => {
    let release: () => void = () => {};
    const replyGate = new Promise<void>((r) => (release = r));
    const { conversation, saved, done } = run({ replyGate, amdSays: true, openingListenMs: 5_000 });
    await tick();
    conversation.handle({ type: "utterance", text: "Hello?", via: "text" });
    await tick();
    conversation.setAnsweredBy("machine_end_beep");
    release();
    expect(await done).toBe("voicemail");
    // Whatever the reply's turn saved before it was cut is the base of the verdict's state.
    const last = saved.at(-1)!;
    expect(last.amd).toEqual(["machine_end_beep"]);
    expect(conversation.playbookState).toEqual(last);
  });
});
