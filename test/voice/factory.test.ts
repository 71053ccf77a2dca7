import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createOpenAIVoice, openAIConfigFromEnv } from "../../src/providers/openai";
import { sentenceChunker } from "../../src/providers/voice";
import { FakeOpenAI } from "../fakes/openai-fake";
import { mulawFrames } from "./helpers";

describe("createOpenAIVoice", () => {
  it("reads its configuration from vars", () => {
    const config = openAIConfigFromEnv({ OPENAI_API_KEY: " sk-1 ", OPENAI_BASE_URL: "https://openai.example/v1", OPENAI_LLM_MODEL: "gpt-4o", OPENAI_TTS_VOICE: "" });
    expect(config).toMatchObject({ apiKey: "sk-1", baseUrl: "https://openai.example/v1", llmModel: "gpt-4o", ttsVoice: undefined });
    expect(() => openAIConfigFromEnv({})).toThrow(/OPENAI_API_KEY/);
  });

  it("runs a turn against the worker's OPENAI_BASE_URL: speech in, reply streamed, speaking starts on the first sentence", async () => {
    const fake = await FakeOpenAI.create({
      transcript: "Hi, who is calling?",
      chat: { text: "Hello, this is Folio calling for Dr. Lee. I would like a copy of the folio for room 12, please." },
      latency: { sttFinalMs: 10, llmFirstTokenMs: 10, ttsFirstByteMs: 5, chunkGapMs: 3 },
    });
    // The worker's own setting points at the fake server (vitest.workers.ts); only the key is the test's.
    expect(env.OPENAI_BASE_URL).toBe(fake.baseUrl);
    const config = openAIConfigFromEnv({ ...env, OPENAI_API_KEY: fake.apiKey });
    const voice = createOpenAIVoice(config);

    const stt = voice.speechToText();
    for (const frame of mulawFrames(800)) stt.append(frame);
    const heard = await stt.commit();
    stt.close();
    expect(heard).toBe("Hi, who is calling?");

    const log: string[] = [];
    async function* replyText() {
      for await (const e of voice.brain.respond([{ role: "user", content: heard }])) if (e.type === "text") yield e.delta;
      log.push("reply complete");
    }
    for await (const sentence of sentenceChunker(replyText())) {
      let bytes = 0;
      for await (const chunk of voice.tts.speak(sentence)) bytes += chunk.length;
      log.push(`spoke ${bytes > 0 ? "" : "nothing: "}${sentence}`);
    }
    expect(log).toEqual([
      "spoke Hello, this is Folio calling for Dr. Lee.", // before the model finished writing
      "reply complete",
      "spoke I would like a copy of the folio for room 12, please.",
    ]);
    // The defaults went out as the model names.
    const seen = await fake.log();
    expect(seen.chatBodies[0]!.model).toBe(env.OPENAI_LLM_MODEL);
    expect(seen.realtime.clientEvents[0]!.session.input_audio_transcription.model).toBe(env.OPENAI_STT_MODEL);
    expect(seen.count("speech")).toBe(2);
  });
});
