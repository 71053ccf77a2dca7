// What the agent sends, as 20 ms μ-law frames: TTS speech (PCM16 24 kHz → anti-alias resampler → 8 kHz
// → μ-law) and DTMF keys (in-band ITU-T Q.23 tones, ≥ 70 ms on and off), plus what a played segment
// amounts to for the transcript.

import { encodeMulaw, FRAME_BYTES, FrameChunker, generateDtmf, MULAW_SILENCE, Pcm16Assembler, type Resampler } from "../../audio";
import type { SpokenSegment } from "../../engine/call-leg";
import { heardPrefix } from "../../engine/transcript";
import type { TextToSpeech } from "../../providers/voice";
import type { PlaySegment } from "./playback";

/** Spoken-time estimate for a sentence whose audio was still arriving when it was cut. */
const MS_PER_CHAR = 70;

/** Frames of one sentence, as TTS streams it. The resampler is reset first and flushed at the end. */
export async function* speechFrames(tts: TextToSpeech, text: string, resampler: Resampler, signal: AbortSignal): AsyncGenerator<Uint8Array[]> {
  const assembler = new Pcm16Assembler();
  const chunker = new FrameChunker(FRAME_BYTES);
  resampler.reset();
  for await (const chunk of tts.speak(text, { signal })) {
    if (signal.aborted) return;
    yield chunker.push(encodeMulaw(resampler.process(assembler.push(chunk))));
  }
  if (signal.aborted) return;
  const tail = chunker.push(encodeMulaw(resampler.flush()));
  const last = chunker.flush();
  yield last ? [...tail, last] : tail;
}

/** Frames of a key sequence; Twilio's "w" is a half-second wait. */
export function dtmfFrames(digits: string): Uint8Array[] {
  const chunker = new FrameChunker(FRAME_BYTES);
  const frames: Uint8Array[] = [];
  for (const key of digits) {
    const mulaw = key === "w" ? new Uint8Array(4000).fill(MULAW_SILENCE) : encodeMulaw(generateDtmf(key));
    frames.push(...chunker.push(mulaw));
  }
  const last = chunker.flush();
  if (last) frames.push(last);
  return frames;
}

/** What the far end heard of a segment: all of it, or the words covered by its acknowledged marks. */
export function heardOf(seg: PlaySegment): SpokenSegment {
  const complete = seg.finished && !seg.cleared && !seg.broken && seg.acked >= seg.total;
  const expected = seg.finished && !seg.broken ? seg.total : Math.max(seg.total, Math.ceil((seg.text.length * MS_PER_CHAR) / 20));
  const keys = seg.text.startsWith("[DTMF");
  const heard = complete ? seg.text : keys ? "" : heardPrefix(seg.text, expected > 0 ? seg.acked / expected : 0);
  return { text: seg.text, heard, complete, heardMs: seg.acked * 20 };
}
