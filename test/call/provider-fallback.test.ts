// Providers failing mid-call, against the fake OpenAI server: the hotel always hears words, never
// silence. TTS that breaks (a dropped stream, then 5xx) is tried once more, then the fallback line
// rendered after the agent's first words is played; STT whose socket never opens (a timeout) falls back to REST,
// and when REST fails too (5xx) the agent asks the hotel to say it again. The call goes on either way.
import { afterEach, describe, expect, it } from "vitest";
import { NOT_CAUGHT_LINE } from "../../src/engine/conversation";
import { TTS_FALLBACK_LINE } from "../../src/objects/call-session/media-leg";
import { hotelSpeech } from "../fakes/speech";
import { agentNodes, installFakes, prepareCall, untilCall, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

const QUESTION = "Could you email the folio?";

describe("spoken fallbacks when a provider fails mid-call", () => {
  it("TTS: a sentence whose stream drops, and then answers 503, is followed by the pre-rendered fallback line", async () => {
    fakes = await installFakes({ transcript: "Yes, we can email it." });
    // Only the question's audio fails: first its stream is cut after one chunk, then the retry gets 503s.
    const when = { match: QUESTION };
    await fakes.openai.fail("speech", { kind: "drop", after: 1, ...when }, ...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 503, ...when })));
    const { callId } = await prepareCall({ params: { greeting: "Hello, this is Folio.", question: QUESTION } });
    const emu = await fakes.connect({ callId });

    let s = await untilCall(callId, (x) => agentNodes(x).length >= 2, 20_000, "greeting and question");
    const [greeting, question] = agentNodes(s);
    expect(greeting).toMatchObject({ content: "Hello, this is Folio." });
    // The question was cut (what little was heard stays in the transcript), then the fallback line was said in full.
    expect(question!.truncated).toBe(true);
    expect(question!.full_text).toContain(QUESTION);
    expect(question!.full_text!.endsWith(TTS_FALLBACK_LINE)).toBe(true);
    expect(question!.content.endsWith(TTS_FALLBACK_LINE)).toBe(true);
    expect(question!.heard_ms).toBeGreaterThan(2_000); // the fallback line is real audio, not silence

    // The hotel answers anyway; TTS is back for the goodbye.
    await emu.say(await hotelSpeech("Yes we can email it"));
    s = await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    expect(s.state?.outcome).toBe("agreed");
    expect(agentNodes(s).at(-1)).toMatchObject({ content: "Thank you very much. Goodbye." });
    const seen = await fakes.openai.log();
    // The fallback line (rendered once, after the greeting), the greeting, the question 1 + 1 retry (+ the
    // 503s' own retries: 3), and the goodbye's two sentences.
    expect(seen.count("speech")).toBe(1 + 1 + 1 + 3 + 2);
    expect(seen.requests.filter((r) => r.endpoint === "speech")).toHaveLength(8);
  });

  it("TTS down before any line was rendered: Twilio says the sentence (REST <Say>), then the call resumes on a fresh stream", async () => {
    fakes = await installFakes({ transcript: "Yes, we can email it." });
    const GREETING = "Hello, this is Folio.";
    // Both attempts at the greeting get 503s (three requests each, with the client's retries).
    await fakes.openai.fail("speech", ...Array.from({ length: 6 }, () => ({ kind: "status" as const, status: 503, match: GREETING })));
    const { callId } = await prepareCall({ params: { greeting: GREETING, question: QUESTION } });
    const callSid = `CA${crypto.randomUUID().replaceAll("-", "")}`;
    const first = await fakes.connect({ callId, callSid });

    expect((await first.closed).code).toBe(1000); // handed to Twilio: this stream is over
    const update = (await fakes.rest.log()).requests.find((r) => r.form.get("Twiml") !== null);
    const twiml = update!.form.get("Twiml")!;
    expect(twiml).toMatch(
      new RegExp(`^<Response><Say>${GREETING}</Say><Connect action="https://folio.test/twilio/voice/${callId}" method="POST"><Stream url="wss://folio.test/twilio/media/${callId}">`),
    );
    let s = await untilCall(callId, (x) => agentNodes(x).length >= 1, 5_000, "the greeting");
    expect(agentNodes(s)[0]).toMatchObject({ content: GREETING });
    expect(s.transcript!.nodes.find((n) => n.type === "call_event" && n.content === "line played by Twilio")).toMatchObject({ data: { say: GREETING, via: "rest" } });
    expect(first.heard).toHaveLength(0); // nothing of ours was played on the old stream

    const second = await fakes.connect({ callId, callSid });
    s = await untilCall(callId, (x) => agentNodes(x).length >= 2, 15_000, "the resumed question");
    expect(agentNodes(s)[1]).toMatchObject({ content: `Sorry, we were cut off. ${QUESTION}` });
    await second.say(await hotelSpeech("Yes we can email it"));
    s = await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    expect(s.state).toMatchObject({ outcome: "agreed", streams: 2 });
  });

  it("STT: the realtime socket drops on the hotel's answer; the answer is transcribed over REST and the call goes on", async () => {
    fakes = await installFakes({ transcript: { realtime: "never heard on the socket", rest: "Yes, we can email it." } });
    await fakes.openai.fail("realtime", { kind: "drop" });
    const { callId } = await prepareCall({ params: { greeting: "Hello, this is Folio.", question: QUESTION } });
    const emu = await fakes.connect({ callId });
    await untilCall(callId, (x) => agentNodes(x).length >= 2, 20_000, "greeting and question");
    await emu.say(await hotelSpeech("Yes we can email it"));
    const s = await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    expect(s.state?.outcome).toBe("agreed");
    expect(s.transcript!.nodes.filter((n) => n.type === "hotel_response").map((n) => n.content)).toEqual(["Yes, we can email it."]);
    const seen = await fakes.openai.log();
    expect(seen.realtime.connections).toBe(1);
    expect(seen.transcriptionUploads).toHaveLength(1); // the utterance in flight, as a WAV
  });

  it("STT: the socket never opens, REST fails with 500s, the agent says it did not catch that, and the next answer is heard", async () => {
    fakes = await installFakes({ transcript: "Sure, we can email it." });
    await fakes.openai.fail("realtime", { kind: "timeout" });
    await fakes.openai.fail("transcriptions", ...Array.from({ length: 3 }, () => ({ kind: "status" as const, status: 500 })));
    const { callId } = await prepareCall({ params: { greeting: "Hello, this is Folio.", question: QUESTION } });
    const emu = await fakes.connect({ callId });

    await untilCall(callId, (x) => agentNodes(x).length >= 2, 20_000, "greeting and question");
    await emu.say(await hotelSpeech("Sure we can email it"));
    let s = await untilCall(callId, (x) => agentNodes(x).length >= 3, 20_000, "the agent asking again");
    expect(agentNodes(s)[2]).toMatchObject({ content: NOT_CAUGHT_LINE });
    expect(s.transcript!.nodes.filter((n) => n.type === "hotel_response")).toEqual([]);

    await emu.say(await hotelSpeech("Sure we can email it"));
    s = await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    expect(s.state?.outcome).toBe("agreed");
    expect(s.transcript!.nodes.filter((n) => n.type === "hotel_response").map((n) => [n.content, n.via])).toEqual([["Sure, we can email it.", "rest"]]);
    const seen = await fakes.openai.log();
    expect(seen.count("realtime")).toBe(1); // one upgrade that never answered; REST from then on
    expect(seen.count("transcriptions")).toBe(4); // three 500s for the first answer, one for the second
  });
});
