import { describe, expect, it } from "vitest";
import { OpenAITextToSpeech } from "../../src/providers/openai/tts";
import { ProviderError } from "../../src/providers/voice";
import { collect, concatBytes, fakeOpenAI, rejection, sleep } from "./helpers";

function tts(client: Awaited<ReturnType<typeof fakeOpenAI>>["client"]) {
  return new OpenAITextToSpeech({ ...client, model: "gpt-4o-mini-tts", voice: "alloy" });
}

const LINE = "Good evening, I am calling about the folio for room twelve oh four.";

describe("OpenAITextToSpeech", () => {
  it("asks for raw PCM and yields it in whole-sample chunks", async () => {
    const { fake, client } = await fakeOpenAI({ speechChunks: 5 });
    const chunks = await collect(tts(client).speak(LINE));
    expect(chunks.length).toBeGreaterThan(1);
    // The fake splits its stream inside samples; every chunk handed on must still hold whole samples.
    for (const c of chunks) expect(c.length % 2).toBe(0);
    expect(concatBytes(chunks)).toEqual((await fake.log()).speech.lastPcm);
    expect((await fake.log()).speech.lastPcm.length).toBeGreaterThan(24_000); // seconds of 24 kHz PCM16
    const req = (await fake.log()).requests.find((r) => r.endpoint === "speech")!;
    expect(req.method).toBe("POST");
    expect(req.headers.get("content-type")).toBe("application/json");
  });

  it("hands over the first chunk before the rest of the audio exists", async () => {
    const { fake, client } = await fakeOpenAI({ speechChunks: 6, latency: { ttsFirstByteMs: 5, chunkGapMs: 40 } });
    let sentWhenFirstArrived = -1;
    let count = 0;
    for await (const chunk of tts(client).speak(LINE)) {
      expect(chunk.length).toBeGreaterThan(0);
      if (count++ === 0) sentWhenFirstArrived = (await fake.log()).speech.chunksSent;
    }
    expect(count).toBeGreaterThan(3);
    expect(sentWhenFirstArrived).toBe(1);
    expect((await fake.log()).speech.chunksSent).toBe(6);
  });

  it("stops downloading when the consumer stops listening (barge-in)", async () => {
    const { fake, client } = await fakeOpenAI({ speechChunks: 6, latency: { chunkGapMs: 20 } });
    for await (const _ of tts(client).speak(LINE)) break;
    await sleep(200);
    expect((await fake.log()).speech.chunksSent).toBeLessThan(6);
  });

  it("reports a stream that breaks mid-sentence", async () => {
    const { fake, client } = await fakeOpenAI({ speechChunks: 4 });
    await fake.fail("speech", { kind: "drop", after: 2 });
    const got: Uint8Array[] = [];
    const err = await rejection(
      (async () => {
        for await (const c of tts(client).speak(LINE)) got.push(c);
      })(),
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe("network");
    // What arrived before the reset was handed on (the network may split it further), and no more: half
    // of the sentence's audio, whole samples, exactly as the server sent it.
    const pcm = (await fake.log()).speech.lastPcm;
    const received = concatBytes(got);
    expect(received.length).toBeGreaterThan(0);
    expect(received.length).toBeLessThanOrEqual(2 * Math.ceil(pcm.length / 4));
    expect(received.length % 2).toBe(0);
    expect(received).toEqual(pcm.subarray(0, received.length));
  });

  it("says nothing for blank text and refuses text over the API's limit", async () => {
    const { fake, client } = await fakeOpenAI();
    expect(await collect(tts(client).speak("  \n "))).toEqual([]);
    await expect(collect(tts(client).speak("x".repeat(4097)))).rejects.toThrow(RangeError);
    expect(await fake.count("speech")).toBe(0);
  });
});
