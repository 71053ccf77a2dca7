// Where CallSession gets its providers. Real ones switch on per secret (docs/architecture.md, "Running offline"): OpenAI when
// OPENAI_API_KEY is set, Twilio REST when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are. Tests (same
// isolate as the object) use setCallSessionHooks, the only seam: no test code in the object. A test gives
// its own secrets (`env`), so the real providers reach the local fake servers through the worker's
// OPENAI_BASE_URL and TWILIO_API_BASE with a key that names the test's scenario there. The seam and the
// Twilio client live in ../telephony, which the line that dials shares.

import { createOpenAIVoice, openAIConfigFromEnv, type VoiceProviders } from "../../providers/openai";
import { sttPrompt, type VoiceSettings } from "../../engine/voice-settings";
import { currentHooks, withHooks } from "../telephony/provider-hooks";

export { setCallSessionHooks, type CallSessionHooks } from "../telephony/provider-hooks";

export function mediaTuning(): { markEveryFrames?: number; leadFrames?: number } {
  return currentHooks().media ?? {};
}

/** The voice providers for a call: the deployment's OpenAI settings with the call's own laid over them. */
export function voiceFor(base: Env, settings: VoiceSettings = {}): VoiceProviders | null {
  const env = withHooks(base);
  const hooks = currentHooks();
  if (hooks.voice) return hooks.voice(env);
  const vars = env as unknown as Record<string, unknown>;
  if (typeof vars.OPENAI_API_KEY !== "string" || vars.OPENAI_API_KEY.trim() === "") return null;
  const config = openAIConfigFromEnv(vars);
  const prompt = sttPrompt(settings.stt_hints);
  return createOpenAIVoice({
    ...config,
    ...(settings.stt_model ? { sttModel: settings.stt_model } : {}),
    ...(settings.llm_model ? { llmModel: settings.llm_model } : {}),
    ...(settings.decide_model ? { decideModel: settings.decide_model } : {}),
    ...(settings.tts_model ? { ttsModel: settings.tts_model } : {}),
    ...(settings.tts_voice ? { ttsVoice: settings.tts_voice } : {}),
    stt: { ...config.stt, ...(settings.language ? { language: settings.language } : {}), ...(prompt ? { prompt } : {}) },
  });
}
