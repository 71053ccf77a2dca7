// TTS on POST /audio/speech with response_format "pcm": raw 24 kHz 16-bit mono little-endian samples,
// no header, streamed as the model produces them. Chunks are handed on as they arrive, so playback starts
// on the first bytes rather than after the whole sentence.
//
// Network chunks have no respect for sample boundaries: an odd-length chunk would leave half a sample at
// its end and shift every later sample by one byte (loud noise). The odd byte is carried into the next
// chunk, so every chunk handed on holds whole samples.

import type { CallOptions, TextToSpeech } from "../voice";
import { OpenAIHttp, type OpenAIClientOptions } from "./http";

export interface OpenAITextToSpeechOptions extends OpenAIClientOptions {
  /** e.g. gpt-4o-mini-tts or tts-1. */
  model: string;
  /** e.g. alloy. */
  voice: string;
  /** Tone and pacing guidance (not supported by tts-1 / tts-1-hd). */
  instructions?: string;
  /** 0.25 to 4.0. */
  speed?: number;
}

/** The API's limit for `input`. */
export const MAX_SPEECH_INPUT = 4096;

export class OpenAITextToSpeech implements TextToSpeech {
  private readonly http: OpenAIHttp;

  constructor(private readonly options: OpenAITextToSpeechOptions) {
    this.http = new OpenAIHttp(options);
  }

  async *speak(text: string, options: CallOptions = {}): AsyncGenerator<Uint8Array> {
    const input = text.trim();
    if (input === "") return;
    if (input.length > MAX_SPEECH_INPUT) throw new RangeError(`speech input is ${input.length} characters; the limit is ${MAX_SPEECH_INPUT}`);
    const { model, voice, instructions, speed } = this.options;
    const body = {
      model,
      voice,
      input,
      response_format: "pcm",
      ...(instructions ? { instructions } : {}),
      ...(speed !== undefined ? { speed } : {}),
    };
    let carry: number | null = null;
    for await (const chunk of await this.http.stream("tts", "/audio/speech", body, options)) {
      const total = chunk.length + (carry === null ? 0 : 1);
      if (total < 2) {
        if (chunk.length === 1) carry = chunk[0]!;
        continue;
      }
      const even = total - (total % 2);
      const out = new Uint8Array(even);
      let o = 0;
      if (carry !== null) out[o++] = carry;
      out.set(chunk.subarray(0, even - o), o);
      carry = total % 2 === 1 ? chunk[chunk.length - 1]! : null;
      yield out;
    }
    // A dangling byte at the very end is half a sample: dropped rather than played as noise.
  }
}
