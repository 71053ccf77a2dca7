// The engine's parts on their own: the TOON transcript, playback marks and clear, the scripted playbook,
// the recording's persistence, the alarm's decisions, and the turn loop's fallbacks.
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CallLeg, LegEvent, SpeechResult } from "../../src/engine/call-leg";
import { Conversation } from "../../src/engine/conversation";
import type { MaybePromise, PlaybookContext, PlaybookStep } from "../../src/engine/playbook";
import { scriptedPlaybook, type ScriptedState } from "../../src/products/folio/scripted-playbook";
import { heardPrefix, Transcript, type ToonNode } from "../../src/engine/transcript";
import { alarmAction } from "../../src/objects/call-session/ending";
import { Playback } from "../../src/objects/call-session/playback";
import { Recorder } from "../../src/objects/call-session/recorder";
import { configFrom, initialState } from "../../src/objects/call-session/state";
import { AUDIO_BLOCK, CallStore } from "../../src/objects/call-session/store";
import { createLogger } from "../../src/platform/log";
import { createOpenAIVoice } from "../../src/providers/openai";
import { FakeOpenAI } from "../fakes/openai-fake";
import { callStub, newCallId } from "./helpers";

describe("Transcript (TOON)", () => {
  it("chains nodes, keeps a context window, notifies listeners, and turns into chat history", () => {
    const t = new Transcript("call_1", [], 2);
    const seen: string[] = [];
    t.onNode((n, change) => seen.push(`${change}:${n.node_id}`));
    t.add({ type: "system_utterance", content: "Hello." });
    const reply = t.add({ type: "hotel_response", content: "Who is this?" });
    t.update(reply.node_id, { intent: "question", layer: "rules" });
    t.add({ type: "dtmf_received", content: "5" });
    const toon = t.toJSON();
    expect(toon).toMatchObject({ conversation_id: "call_1", current_node: 3, context_window: [2, 3] });
    expect(toon.nodes.map((n) => n.parent_node)).toEqual([undefined, 1, 2]);
    expect(toon.nodes[1]).toMatchObject({ intent: "question", layer: "rules" });
    expect(seen).toEqual(["added:1", "added:2", "updated:2", "added:3"]);
    expect(t.history()).toEqual([
      { role: "assistant", content: "Hello." },
      { role: "user", content: "Who is this?" },
      { role: "user", content: "[the hotel pressed 5]" },
    ]);
    // Persisted nodes come back in order.
    const again = new Transcript("call_1", [...toon.nodes].reverse());
    expect(again.toJSON().nodes).toEqual(toon.nodes);
  });

  it("cuts heard text at whole words", () => {
    expect(heardPrefix("one two three four", 0.5)).toBe("one two");
    expect(heardPrefix("one two three four", 0.1)).toBe("");
    expect(heardPrefix("one two", 1)).toBe("one two");
  });
});

describe("Playback", () => {
  function setup() {
    const sent: Array<{ event: string; mark?: { name: string } }> = [];
    let now = 0;
    const frames: Uint8Array[] = [];
    const p = new Playback({ streamSid: "MZ1", send: (m) => sent.push(JSON.parse(m)), now: () => now, onFrame: (f) => frames.push(f), markEveryFrames: 5, leadFrames: 3 });
    return { p, sent, frames, tick: (ms: number) => (now += ms) };
  }
  const frame = () => new Uint8Array(160).fill(0x7f);

  it("sends the lead at once, then one frame per 20 ms, with a mark every 5 frames and after the last", async () => {
    const { p, sent, frames, tick } = setup();
    const seg = p.segment("Hello there.");
    p.push(seg, Array.from({ length: 7 }, frame));
    p.finish(seg);
    await Promise.resolve();
    expect(frames).toHaveLength(3); // the lead
    for (let i = 0; i < 6; i++) {
      tick(20);
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(frames).toHaveLength(7);
    const marks = sent.filter((m) => m.event === "mark").map((m) => m.mark!.name);
    expect(marks).toEqual(["e0.s1.f5", "e0.s1.f7"]);
    expect(p.idle).toBe(false);
    p.ack("e0.s1.f5");
    expect(seg.acked).toBe(5);
    p.ack("e0.s1.f7");
    expect(p.idle).toBe(true);
  });

  it("clear drops the queue, reports unacknowledged frames, and ignores the marks Twilio echoes after it", async () => {
    const { p, sent } = setup();
    const seg = p.segment("A long sentence.");
    p.push(seg, Array.from({ length: 20 }, frame));
    await Promise.resolve();
    expect(p.clear()).toBe(3); // the lead was sent, nothing acknowledged
    expect(sent.at(-1)).toEqual({ event: "clear", streamSid: "MZ1" });
    expect(p.idle).toBe(true);
    p.ack("e0.s1.f5"); // an echo of a cleared mark: not ours any more
    expect(seg.acked).toBe(0);
    expect(seg.cleared).toBe(true);
  });
});

describe("scripted playbook", () => {
  const ctx = (state: ScriptedState, params: Record<string, unknown> = {}): PlaybookContext<ScriptedState> => ({
    callId: "call_x",
    subjects: [
      { type: "record", id: "rec_a" },
      { type: "record", id: "rec_b" },
    ],
    recordIds: ["rec_a", "rec_b"],
    params,
    state,
    now: new Date(),
    transcript: [],
    answeredBy: null,
    brain: null,
  });
  const fresh = scriptedPlaybook.initialState(ctx({} as ScriptedState));
  /** The scripted playbook decides synchronously. */
  const sync = (step: MaybePromise<PlaybookStep<ScriptedState> | null> | undefined) => step as PlaybookStep<ScriptedState>;

  it("opens with keys, a greeting (fixed or the Brain's) and the question", () => {
    expect(sync(scriptedPlaybook.opening(ctx(fresh, { digits: "3", greeting: "Hi." }))).actions).toEqual([
      { type: "digits", digits: "3" },
      { type: "say", text: "Hi." },
      { type: "say", text: "Could you email the guest's folio to us, please?" },
    ]);
    expect(sync(scriptedPlaybook.opening(ctx(fresh))).actions[0]!.type).toBe("respond");
  });

  it("turns an agreement into FolioAgreed for every record, says goodbye and ends", () => {
    const asked = { ...fresh, phase: "asked" as const, asks: 1 };
    const text = "Sure, we can email it.";
    const step = sync(scriptedPlaybook.onReply(ctx(asked, { email: "ap@x.example" }), { text, classification: scriptedPlaybook.classify(text, ctx(asked)) as { intent: string; layer: string } }));
    expect(step.events!.map((e) => [e.subject.id, e.events[0]!.event_type, (e.events[0]!.data as { email?: string }).email])).toEqual([
      ["rec_a", "FolioAgreed", "ap@x.example"],
      ["rec_b", "FolioAgreed", "ap@x.example"],
    ]);
    expect(step.actions.at(-1)).toEqual({ type: "end", outcome: "agreed" });
    expect(scriptedPlaybook.remaining(ctx(step.state!))).toEqual([]);
  });

  it("asks again once when the reply says nothing, then gives up", () => {
    const asked = { ...fresh, phase: "asked" as const, asks: 1 };
    const other = { intent: "other", layer: "rules" };
    const again = sync(scriptedPlaybook.onReply(ctx(asked), { text: "Hmm.", classification: other }));
    expect(again.actions).toEqual([{ type: "say", text: "Sorry, let me ask again. Could you email the guest's folio to us, please?" }]);
    const gaveUp = sync(scriptedPlaybook.onReply(ctx(again.state!), { text: "Hmm.", classification: other }));
    expect(gaveUp.actions.at(-1)).toEqual({ type: "end", outcome: "no_outcome" });
    expect(scriptedPlaybook.remaining(ctx(gaveUp.state!))).toEqual(["rec_a", "rec_b"]);
  });

  it("leaves a message on a machine after the beep, and notes a human", () => {
    const beep = sync(scriptedPlaybook.onAnsweredBy!(ctx(fresh), "machine_end_beep"));
    expect(beep.events!.map((e) => e.events.map((x) => x.event_type))).toEqual([
      ["VoicemailDetected", "VoicemailLeft"],
      ["VoicemailDetected", "VoicemailLeft"],
    ]);
    expect(beep.actions.at(-1)).toEqual({ type: "end", outcome: "voicemail" });
    const human = sync(scriptedPlaybook.onAnsweredBy!(ctx(fresh), "human"));
    expect(human.actions).toEqual([]);
    expect(human.events![0]!.events[0]).toMatchObject({ event_type: "HumanDetected", data: { call_id: "call_x", layer: "amd" } });
  });
});

describe("Recorder persistence", () => {
  it("writes one-second blocks as it goes, rewrites them after a barge-in cut, and restores exactly", async () => {
    const callId = newCallId();
    const stub = callStub(callId);
    await stub.prepare(callId, {});
    await runInDurableObject(stub, (_instance, state) => {
      const store = new CallStore(state.storage.sql);
      const rec = new Recorder(store);
      const hotel = (v: number) => new Uint8Array(160).fill(v);
      for (let i = 0; i < 130; i++) rec.hotelFrame(hotel(i % 200)); // 2.6 s
      for (let i = 0; i < 60; i++) rec.agentFrame(hotel(7)); // 1.2 s, after the hotel's 2.6 s
      rec.flush();
      rec.unplayed(40); // cut back across the block boundary
      for (let i = 0; i < 10; i++) rec.hotelFrame(hotel(1));
      rec.flush();
      const restored = new Recorder(store);
      restored.restore();
      expect(restored.hotel.bytes()).toEqual(rec.hotel.bytes());
      expect(restored.agent.bytes()).toEqual(rec.agent.bytes());
      expect(rec.agent.length).toBe(130 * 160 + 20 * 160);
      expect(store.readTrack("agent").length).toBe(rec.agent.length);
      expect(Math.ceil(rec.agent.length / AUDIO_BLOCK)).toBe(3);
    });
  });
});

describe("the keepalive alarm's decisions", () => {
  const live = (patch: Partial<ReturnType<typeof initialState>> = {}) => ({
    ...initialState(configFrom("call_a", { max_duration_ms: 60_000 })),
    phase: "live" as const,
    started_at: 1_000_000,
    last_seen_at: 1_000_000,
    leg: "audio" as const,
    call_sid: "CA1",
    ...patch,
  });
  it("keeps a live stream alive, wraps up at the limit, cuts an overrun, reconnects a lost stream and gives it up", () => {
    const t0 = 1_000_000;
    expect(alarmAction(live(), { leg: true, conversation: true }, t0 + 10_000)).toBe("keepalive");
    expect(alarmAction(live(), { leg: true, conversation: true }, t0 + 60_000)).toBe("wrap_up");
    expect(alarmAction(live({ wrapping_up: true }), { leg: true, conversation: true }, t0 + 95_000)).toBe("cut");
    expect(alarmAction(live(), { leg: false, conversation: false }, t0 + 60_000)).toBe("cut");
    expect(alarmAction(live(), { leg: false, conversation: false }, t0 + 6_000)).toBe("reconnect");
    expect(alarmAction(live({ reconnect_requested_at: t0 + 6_000 }), { leg: false, conversation: false }, t0 + 20_000)).toBe("keepalive");
    expect(alarmAction(live({ config: configFrom("call_a", { max_duration_ms: 600_000 }) }), { leg: false, conversation: false }, t0 + 61_000)).toBe("give_up");
    expect(alarmAction({ ...live(), phase: "ended" }, { leg: false, conversation: false }, t0)).toBe("finalize");
    expect(alarmAction({ ...live(), phase: "prepared" }, { leg: false, conversation: false }, t0)).toBe("none");
  });
});

/** A leg that records what it is asked to say, and hears everything at once. */
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
  async sendDigits(digits: string): Promise<SpeechResult> {
    this.said.push(`[${digits}]`);
    return { segments: [], interrupted: false };
  }
  interrupt() {}
  close() {}
}

describe("Conversation", () => {
  it("speaks a fallback line when the Brain fails mid-call, and keeps listening", async () => {
    const fake = await FakeOpenAI.create();
    await fake.fail("chat", { kind: "status", status: 400, message: "bad request" });
    const voice = createOpenAIVoice({ apiKey: fake.apiKey, baseUrl: fake.baseUrl, retries: 0 });
    const leg = new MemoryLeg();
    const transcript = new Transcript("call_f");
    const ended: string[] = [];
    const conversation = new Conversation({
      callId: "call_f",
      recordIds: [],
      params: { question: "Could you email it?" },
      playbook: scriptedPlaybook,
      leg,
      brain: voice.brain,
      transcript,
      state: undefined,
      answeredBy: null,
      saveState: () => {},
      emit: () => {},
      end: (o) => ended.push(o),
      log: createLogger("error"),
    });
    leg.listen((e) => conversation.handle(e));
    conversation.start(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(leg.said).toEqual(["Sorry, I missed that.", "Could you say it again?", "Could you email it?"]);
    leg.listener({ type: "utterance", text: "Yes, of course.", via: "text" });
    await new Promise((r) => setTimeout(r, 20));
    expect(ended).toEqual(["agreed"]);
    expect(transcript.all().map((n: ToonNode) => n.type)).toEqual(["system_utterance", "system_utterance", "hotel_response", "system_utterance"]);
  });
});
