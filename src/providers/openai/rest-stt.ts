// REST transcription (POST /audio/transcriptions): the fallback when the Realtime socket cannot be opened
// or drops. It takes the whole utterance at commit time, so it costs one round trip after the endpoint
// instead of streaming, but it needs nothing but HTTP and gets the same retries and deadline as any call.
//
// The endpoint wants a file, not raw μ-law, so the utterance goes in as an 8 kHz PCM16 WAV built by the
// audio layer (the table-driven decoder and the same WAV writer the recordings use).

import { decodeMulaw, encodeWavMono } from "../../audio";
import { ProviderError } from "../voice";
import type { OpenAIHttp, RequestOptions } from "./http";

export interface RestTranscriptionOptions extends RequestOptions {
  model: string;
  /** ISO-639-1, e.g. "en": improves accuracy and latency. */
  language?: string;
  /** Vocabulary hints (hotel names, "folio"). */
  prompt?: string;
}

/** Transcribes one μ-law 8 kHz utterance. */
export async function transcribeMulaw(http: OpenAIHttp, mulaw: Uint8Array, options: RestTranscriptionOptions): Promise<string> {
  const wav = encodeWavMono(decodeMulaw(mulaw), 8000);
  const form = new FormData();
  form.set("file", new Blob([wav], { type: "audio/wav" }), "utterance.wav");
  form.set("model", options.model);
  form.set("response_format", "json");
  if (options.language) form.set("language", options.language);
  if (options.prompt) form.set("prompt", options.prompt);
  const body = (await http.json("stt", "/audio/transcriptions", form, options)) as { text?: unknown } | null;
  if (typeof body?.text !== "string") {
    throw new ProviderError("openai", "stt", "protocol", "transcription answer has no text");
  }
  return body.text.trim();
}
