import { describe, expect, it } from "vitest";
import { decodeMulaw, parseWavHeader, WAV_HEADER_BYTES } from "../../src/audio";
import { OpenAISpeechToText } from "../../src/providers/openai/realtime-stt";
import { ProviderError, type TranscriptEvent } from "../../src/providers/voice";
import { collect, concatBytes, fakeOpenAI, mulawFrames, rejection, sleep } from "./helpers";

/** Waits until the session settled on a transport other than "connecting". */
async function settled(stt: OpenAISpeechToText): Promise<string> {
  for (let i = 0; i < 200 && stt.transport === "connecting"; i++) await sleep(5);
  return stt.transport;
}

/** The PCM inside a WAV upload. */
function wavPcm(bytes: Uint8Array): Int16Array {
  return new Int16Array(bytes.slice(WAV_HEADER_BYTES).buffer);
}

describe("OpenAISpeechToText over the Realtime socket", () => {
  it("streams μ-law as is and yields partials and the final, per commit", async () => {
    const said = ["I need the folio for room twelve.", "My name is Ada Lovelace."];
    const { fake, http } = await fakeOpenAI({ transcript: said, latency: { sttFinalMs: 5 } });
    const stt = new OpenAISpeechToText(http, { model: "gpt-4o-transcribe", language: "en" });
    const events = collect(stt);

    // The first utterance is appended while the socket is still connecting; it must not be lost.
    const first = mulawFrames(600, 1);
    for (const f of first) stt.append(f);
    expect(await stt.commit()).toBe("I need the folio for room twelve.");
    expect(stt.transport).toBe("stream");

    const second = mulawFrames(400, 2);
    for (const f of second) stt.append(f);
    expect(await stt.commit()).toBe("My name is Ada Lovelace.");
    stt.close();

    // The upgrade went to the https URL with the documented headers.
    const upgrade = (await fake.log()).requests.find((r) => r.endpoint === "realtime")!;
    expect(upgrade.url).toBe(`${fake.baseUrl}/realtime?intent=transcription`);
    expect(upgrade.headers.get("upgrade")).toBe("websocket");
    expect(upgrade.headers.get("openai-beta")).toBe("realtime=v1");
    expect(upgrade.headers.get("authorization")).toBe(`Bearer ${fake.apiKey}`);

    const [update] = (await fake.log()).realtime.clientEvents;
    expect(update).toMatchObject({
      type: "transcription_session.update",
      session: { input_audio_format: "g711_ulaw", input_audio_transcription: { model: "gpt-4o-transcribe", language: "en" }, turn_detection: null },
    });
    // The server received exactly the caller's μ-law bytes, utterance by utterance.
    expect((await fake.log()).realtime.committedAudio).toEqual([concatBytes(first), concatBytes(second)]);
    // Once open, every frame goes out as its own append (no batching delay).
    const appends = (await fake.log()).realtime.clientEvents.filter((e) => e.type === "input_audio_buffer.append");
    expect(appends.length).toBeGreaterThanOrEqual(second.length + 1);
    expect((await fake.log()).transcriptionUploads).toHaveLength(0);

    const seen = await events;
    const partials = seen.filter((e) => e.type === "partial").map((e) => e.text);
    expect(partials.length).toBeGreaterThan(2);
    expect(partials).toContain("I need the folio for room twelve.");
    expect(partials[0]).toBe("I ");
    expect(seen.filter((e) => e.type === "final")).toEqual<TranscriptEvent[]>([
      { type: "final", text: "I need the folio for room twelve.", via: "stream" },
      { type: "final", text: "My name is Ada Lovelace.", via: "stream" },
    ]);
  });

  it("falls back to REST with a WAV of the buffered audio when the socket cannot be opened", async () => {
    const { fake, http } = await fakeOpenAI({ transcript: { rest: "Room two hundred.", realtime: "wrong path" } });
    await fake.fail("realtime", { kind: "status", status: 503 });
    const stt = new OpenAISpeechToText(http, { model: "gpt-4o-transcribe" });
    const frames = mulawFrames(500);
    for (const f of frames) stt.append(f);
    expect(await stt.commit()).toBe("Room two hundred.");
    expect(stt.transport).toBe("rest");
    expect(stt.fallbackReason).toBeInstanceOf(ProviderError);
    expect((stt.fallbackReason as ProviderError).details.status).toBe(503);

    const [upload] = (await fake.log()).transcriptionUploads;
    expect(upload!.model).toBe("gpt-4o-transcribe");
    expect(upload!.filename).toMatch(/\.wav$/);
    const info = parseWavHeader(upload!.bytes);
    expect(info).toMatchObject({ audioFormat: 1, channels: 1, sampleRate: 8000, bitsPerSample: 16 });
    expect(info.durationSeconds).toBeCloseTo(0.5, 5);
    expect(wavPcm(upload!.bytes)).toEqual(decodeMulaw(concatBytes(frames)));
    stt.close();
  });

  it("falls back when the socket drops mid-call, for the utterance in flight and the ones after", async () => {
    const { fake, http } = await fakeOpenAI({ transcript: { rest: "rest transcript", realtime: "realtime transcript" } });
    await fake.fail("realtime", { kind: "drop" });
    const stt = new OpenAISpeechToText(http, { model: "gpt-4o-mini-transcribe" });
    const events = collect(stt);
    expect(await settled(stt)).toBe("stream");

    for (const f of mulawFrames(300)) stt.append(f);
    expect(await stt.commit()).toBe("rest transcript"); // the socket closed on this commit
    expect(stt.transport).toBe("rest");
    for (const f of mulawFrames(300, 7)) stt.append(f);
    expect(await stt.commit()).toBe("rest transcript");
    expect((await fake.log()).realtime.connections).toBe(1);
    expect((await fake.log()).transcriptionUploads).toHaveLength(2);
    expect((await fake.log()).transcriptionUploads.every((u) => u.model === "gpt-4o-mini-transcribe")).toBe(true);
    stt.close();
    expect((await events).filter((e) => e.type === "final")).toEqual([
      { type: "final", text: "rest transcript", via: "rest" },
      { type: "final", text: "rest transcript", via: "rest" },
    ]);
  });

  it("falls back when the server reports an error on the session", async () => {
    const { fake, http } = await fakeOpenAI({ transcript: "Thank you." });
    // The socket refuses this model (an `error` event), REST is given one it knows.
    const stt = new OpenAISpeechToText(http, { model: "gpt-4o-transcribe-unknown", restModel: "whisper-1" });
    for (const f of mulawFrames(300)) stt.append(f);
    expect(await stt.commit()).toBe("Thank you.");
    expect(stt.transport).toBe("rest");
    expect((stt.fallbackReason as ProviderError).details.code).toBe("invalid_value");
    expect((await fake.log()).transcriptionUploads[0]!.model).toBe("whisper-1");
    stt.close();
  });

  it("does not commit less than 100 ms: it clears the server's buffer and resolves empty", async () => {
    const { fake, http } = await fakeOpenAI();
    const stt = new OpenAISpeechToText(http, { model: "gpt-4o-transcribe" });
    expect(await settled(stt)).toBe("stream");
    for (const f of mulawFrames(60)) stt.append(f);
    expect(await stt.commit()).toBe("");
    await sleep(10);
    const types = (await fake.log()).realtime.clientEvents.map((e) => e.type);
    expect(types).toContain("input_audio_buffer.clear");
    expect(types).not.toContain("input_audio_buffer.commit");
    expect((await fake.log()).realtime.clientEvents.some((e) => e.type === "error")).toBe(false);
    stt.close();
  });

  it("close() ends the iterator and rejects commits still waiting", async () => {
    const { http } = await fakeOpenAI({ latency: { sttFinalMs: 5_000 } });
    const stt = new OpenAISpeechToText(http, { model: "gpt-4o-transcribe" });
    const events = collect(stt);
    for (const f of mulawFrames(300)) stt.append(f);
    const pending = stt.commit();
    stt.close();
    const err = await rejection(pending);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe("closed");
    expect(await events).toEqual([]);
    expect(await rejection(stt.commit())).toBeInstanceOf(ProviderError);
  });

  it("REST-only sessions never open a socket", async () => {
    const { fake, http } = await fakeOpenAI({ transcript: "Yes." });
    const stt = new OpenAISpeechToText(http, { model: "whisper-1", streaming: false });
    for (const f of mulawFrames(200)) stt.append(f);
    expect(await stt.commit()).toBe("Yes.");
    expect(await fake.count("realtime")).toBe(0);
    stt.close();
  });
});
