import { describe, expect, it } from "vitest";
import { createOpenAIVoice, openAIConfigFromEnv } from "../../src/providers/openai";
import { sentenceChunker } from "../../src/providers/voice";
import { FAKE_BASE_URL, FakeOpenAI } from "../fakes/openai-fake";
import { mulawFrames } from "./helpers";

describe("createOpenAIVoice", () => {
  it("reads its configuration from vars", () => {
    const config = openAIConfigFromEnv({ OPENAI_API_KEY: " sk-1 ", OPENAI_BASE_URL: FAKE_BASE_URL, OPENAI_LLM_MODEL: "gpt-4o", OPENAI_TTS_VOICE: "" });
    expect(config).toMatchObject({ apiKey: "sk-1", baseUrl: FAKE_BASE_URL, llmModel: "gpt-4o", ttsVoice: undefined });
    expect(() => openAIConfigFromEnv({})).toThrow(/OPENAI_API_KEY/);
  });

  it("runs a turn: speech in, reply streamed, speaking starts on the first sentence", async () => {
    const fake = new FakeOpenAI({
      transcript: "Hi, who is calling?",
      chat: { text: "Hello, this is Folio calling for Dr. Lee. I would like a copy of the folio for room 12, please." },
      latency: { sttFinalMs: 10, llmFirstTokenMs: 10, ttsFirstByteMs: 5, chunkGapMs: 3 },
    });
    const config = openAIConfigFromEnv({ OPENAI_API_KEY: fake.apiKey, OPENAI_BASE_URL: FAKE_BASE_URL });
    const voice = createOpenAIVoice({ ...config, fetch: fake.fetch });

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
    expect(fake.chatBodies[0]!.model).toBe("gpt-4.1-mini");
    expect(fake.realtime.clientEvents[0]!.session.input_audio_transcription.model).toBe("gpt-4o-transcribe");
    expect(fake.count("speech")).toBe(2);
  });
});
