// OpenAI behind the voice interfaces. Models and the base URL come from vars, so a deploy can change a
// model without a code change and tests can point everything at the in-process fake.

import type { Brain, SpeechToText, TextToSpeech } from "../voice";
import { OpenAIBrain } from "./brain";
import { OpenAIHttp, type OpenAIClientOptions } from "./http";
import { OpenAISpeechToText, type OpenAISpeechToTextOptions } from "./realtime-stt";
import { OpenAITextToSpeech } from "./tts";

export { OpenAIBrain, type OpenAIBrainOptions } from "./brain";
export { OPENAI_BASE_URL, OpenAIHttp, type FetchLike, type OpenAIClientOptions } from "./http";
export { OpenAISpeechToText, type OpenAISpeechToTextOptions } from "./realtime-stt";
export { transcribeMulaw } from "./rest-stt";
export { OpenAITextToSpeech, type OpenAITextToSpeechOptions } from "./tts";

export const OPENAI_DEFAULT_MODELS = {
  stt: "gpt-4o-transcribe",
  llm: "gpt-4.1-mini",
  tts: "gpt-4o-mini-tts",
  voice: "alloy",
} as const;

export interface OpenAIVoiceConfig extends OpenAIClientOptions {
  sttModel?: string;
  llmModel?: string;
  decideModel?: string;
  ttsModel?: string;
  ttsVoice?: string;
  /** Passed to every STT session (language, prompt, timeouts, streaming). */
  stt?: Omit<OpenAISpeechToTextOptions, "model">;
}

export interface VoiceProviders {
  /** A new STT session (one per call; it opens its socket at once). */
  speechToText(): SpeechToText;
  brain: Brain;
  tts: TextToSpeech;
}

/** Reads OPENAI_API_KEY, OPENAI_BASE_URL and the OPENAI_*_MODEL / OPENAI_TTS_VOICE vars. */
export function openAIConfigFromEnv(vars: Record<string, unknown>): OpenAIVoiceConfig {
  const str = (name: string) => (typeof vars[name] === "string" && (vars[name] as string).trim() !== "" ? (vars[name] as string).trim() : undefined);
  const apiKey = str("OPENAI_API_KEY");
  if (!apiKey) throw new TypeError("OPENAI_API_KEY is not set");
  return {
    apiKey,
    baseUrl: str("OPENAI_BASE_URL"),
    sttModel: str("OPENAI_STT_MODEL"),
    llmModel: str("OPENAI_LLM_MODEL"),
    decideModel: str("OPENAI_DECIDE_MODEL"),
    ttsModel: str("OPENAI_TTS_MODEL"),
    ttsVoice: str("OPENAI_TTS_VOICE"),
  };
}

export function createOpenAIVoice(config: OpenAIVoiceConfig): VoiceProviders {
  const http = new OpenAIHttp(config);
  const sttModel = config.sttModel ?? OPENAI_DEFAULT_MODELS.stt;
  return {
    speechToText: () => new OpenAISpeechToText(http, { ...config.stt, model: sttModel }),
    brain: new OpenAIBrain({ ...config, model: config.llmModel ?? OPENAI_DEFAULT_MODELS.llm, decideModel: config.decideModel }),
    tts: new OpenAITextToSpeech({ ...config, model: config.ttsModel ?? OPENAI_DEFAULT_MODELS.tts, voice: config.ttsVoice ?? OPENAI_DEFAULT_MODELS.voice }),
  };
}
