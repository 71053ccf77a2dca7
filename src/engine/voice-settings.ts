// A call's voice: which TTS voice and models speak and listen, in which language, with which words
// the recogniser should expect. They come with the call's settings (CallSession.prepare, or a routed
// number's settings), so two products (or two numbers of one) can sound and listen differently on
// one deployment; what a call leaves out is the deployment's default (the OPENAI_* vars).
import { z } from "zod";

const name = z.string().trim().min(1).max(100);

export const voiceSettings = z
  .object({
    tts_voice: name,
    tts_model: name,
    llm_model: name,
    decide_model: name,
    stt_model: name,
    /** BCP-47 (ISO-639-1 first): what the recogniser is told the caller speaks. */
    language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "must be a BCP-47 tag such as en or de-DE"),
    /** Words the recogniser should expect (names, product terms), sent as its prompt. */
    stt_hints: z.array(z.string().trim().min(1).max(100)).max(50),
  })
  .partial()
  .strict();

export type VoiceSettings = z.infer<typeof voiceSettings>;

/** The settings key a routed number's voice lives under; it is lifted out of the playbook's params. */
export const VOICE_PARAM = "voice";

/** The recogniser's prompt for the hints: a plain list, as the transcription API's `prompt` takes it. */
export function sttPrompt(hints: readonly string[] | undefined): string | undefined {
  return hints && hints.length > 0 ? hints.join(", ") : undefined;
}
