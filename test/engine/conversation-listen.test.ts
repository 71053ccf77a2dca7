// The turn loop's `listen` action: wait for the other party; words (or keys) end the wait and become the
// next reply; silence for the whole wait hands the turn to the playbook's onSilence. Noise alone
// (speech_start without words) does not end it.
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
  constructor(private readonly sayMs = 0) {}
  get speaking() {
    return false;
  }
  listen(l: (e: LegEvent) => void) {
    this.listener = l;
  }
  async say(sentences: AsyncIterable<string>): Promise<SpeechResult> {
    const segments = [];
    for await (const s of sentences) {
      if (this.sayMs) await new Promise((r) => setTimeout(r, this.sayMs));
      this.said.push(s);
      segments.push({ text: s, heard: s, complete: true, heardMs: 0 });
    }
    return { segments, interrupted: false };
  }
  async sendDigits(digits: string): Promise<SpeechResult> {
    this.said.push(`[${digits}]`);
    return { segments: [], interrupted: false };
  }
  interrupt() {}
  close() {}
}

interface S {
  replies: string[];
  silences: number;
}

function playbook(listenMs: number): Playbook<S> {
  return {
    name: "listen-test",
    tools: [],
    initialState: () => ({ replies: [], silences: 0 }),
    systemPrompt: () => "",
    opening: () => ({
      actions: [
        { type: "say", text: "Hello." },
        { type: "listen", ms: listenMs },
        { type: "say", text: "never said: after a listen, the rest is onSilence's" },
      ],
    }),
    classify: () => ({ intent: "other", layer: "test" }),
    onReply: (ctx, r): PlaybookStep<S> => ({
      state: { ...ctx.state, replies: [...ctx.state.replies, r.text] },
      actions: [
        { type: "say", text: `You said ${r.text}` },
        { type: "end", outcome: "replied" },
      ],
    }),
    onSilence: (ctx, waited): PlaybookStep<S> => ({
      state: { ...ctx.state, silences: ctx.state.silences + 1 },
      actions: [
        { type: "say", text: `Silence for ${waited} ms.` },
        { type: "end", outcome: "silent" },
      ],
    }),
    remaining: () => [],
    wrapUp: () => ({ actions: [{ type: "end", outcome: "max_duration" }] }),
  };
}

function run(listenMs: number, leg = new MemoryLeg()) {
  let ended: (outcome: string) => void = () => {};
  const done = new Promise<string>((r) => (ended = r));
  const conversation = new Conversation<S>({
    callId: "call_listen",
    recordIds: [],
    params: {},
    playbook: playbook(listenMs),
    leg,
    brain: null,
    transcript: new Transcript("call_listen"),
    state: undefined,
    answeredBy: null,
    saveState: () => {},
    emit: () => {},
    end: (o) => ended(o),
    log: createLogger("error", { service: "test" }),
  });
  leg.listen((e) => conversation.handle(e));
  conversation.start(false);
  return { leg, conversation, done };
}

describe("Conversation: the listen action", () => {
  it("silence for the whole wait hands the turn to onSilence, and the rest of the step is never run", async () => {
    const { leg, conversation, done } = run(60);
    expect(await done).toBe("silent");
    expect(leg.said).toEqual(["Hello.", "Silence for 60 ms."]);
    expect(conversation.playbookState).toEqual({ replies: [], silences: 1 });
  });

  it("words during the wait end it: they are the next reply, and onSilence never runs", async () => {
    const { leg, conversation, done } = run(5_000);
    await new Promise((r) => setTimeout(r, 30));
    const started = Date.now();
    leg.listener({ type: "speech_start" });
    leg.listener({ type: "utterance", text: "Front desk.", via: "text" });
    expect(await done).toBe("replied");
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(leg.said).toEqual(["Hello.", "You said Front desk."]);
    expect(conversation.playbookState.silences).toBe(0);
  });

  it("noise without words does not end the wait", async () => {
    const { leg, done } = run(80);
    await new Promise((r) => setTimeout(r, 20));
    leg.listener({ type: "speech_start" });
    expect(await done).toBe("silent");
    expect(leg.said.at(-1)).toBe("Silence for 80 ms.");
  });

  it("a reply that arrived before the wait began ends it at once", async () => {
    const { leg, done } = run(5_000, new MemoryLeg(50));
    // Arrives while "Hello." is still being said (no speech_start: nothing to barge in on).
    setTimeout(() => leg.listener({ type: "utterance", text: "Hi there.", via: "text" }), 10);
    const started = Date.now();
    expect(await done).toBe("replied");
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
