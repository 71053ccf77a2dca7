// Where CallSession gets its providers. Real ones switch on per secret (DESIGN §7): OpenAI when
// OPENAI_API_KEY is set, Twilio REST when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are. Tests (same
// isolate as the object) use setCallSessionHooks, the only seam: no test code in the object. A test gives
// its own secrets (`env`), so the real providers reach the local fake servers through the worker's
// OPENAI_BASE_URL and TWILIO_API_BASE with a key that names the test's scenario there.

import { createOpenAIVoice, openAIConfigFromEnv, type VoiceProviders } from "../../providers/openai";
import { TwilioRestClient } from "../../providers/twilio/rest";
import { sttPrompt, type VoiceSettings } from "../../engine/voice-settings";

export interface CallSessionHooks {
  /** Settings laid over the worker's env (a test's provider keys). */
  env?: Record<string, string>;
  /** Voice providers for a call; null means none is configured. */
  voice?: (env: Env) => VoiceProviders | null;
  /** The Twilio REST client (an emulator's); null means none. */
  twilio?: (env: Env) => TwilioRestClient | null;
  /** Outbound pacing and marks (tests may mark every frame). */
  media?: { markEveryFrames?: number; leadFrames?: number };
}

let hooks: CallSessionHooks = {};

/** Replaces the hooks; returns a function that puts the previous ones back. */
export function setCallSessionHooks(next: CallSessionHooks): () => void {
  const previous = hooks;
  hooks = next;
  return () => {
    hooks = previous;
  };
}

export function mediaTuning(): { markEveryFrames?: number; leadFrames?: number } {
  return hooks.media ?? {};
}

/** The env with the hooks' settings laid over it. */
function withHooks(env: Env): Env {
  return hooks.env ? ({ ...env, ...hooks.env } as Env) : env;
}

/** The voice providers for a call: the deployment's OpenAI settings with the call's own laid over them. */
export function voiceFor(base: Env, settings: VoiceSettings = {}): VoiceProviders | null {
  const env = withHooks(base);
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

export function twilioFor(base: Env): TwilioRestClient | null {
  const env = withHooks(base);
  if (hooks.twilio) return hooks.twilio(env);
  const sid = env.TWILIO_ACCOUNT_SID?.trim();
  const token = env.TWILIO_AUTH_TOKEN?.trim();
  if (!sid || !token) return null;
  return new TwilioRestClient({
    accountSid: sid,
    authToken: token,
    baseUrl: env.TWILIO_API_BASE?.trim() || undefined,
  });
}
