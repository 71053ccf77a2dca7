// Framing and pacing for the media stream.
//
// Twilio Media Streams carry 20 ms frames: 160 μ-law bytes at 8 kHz. Audio arrives in chunks of any
// size (TTS streams, resampler output), so the chunker carries the remainder across calls. TTS PCM
// arrives as bytes whose chunk boundaries can split a sample, so the PCM assembler carries an odd byte.
// The pacer decides how many frames may go out now: a small lead keeps playback smooth, and not sending
// far ahead keeps `clear` (barge-in) effective and the marks close to what was actually heard.

import { MULAW_SILENCE } from "./mulaw";

/** 20 ms at 8 kHz, one byte a sample. */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;

/** Splits a byte stream into fixed-size frames, carrying the remainder to the next push. */
export class FrameChunker {
  readonly frameBytes: number;
  private readonly carry: Uint8Array;
  private carried = 0;

  constructor(frameBytes = FRAME_BYTES) {
    if (!Number.isInteger(frameBytes) || frameBytes <= 0) throw new RangeError("frameBytes must be a positive integer");
    this.frameBytes = frameBytes;
    this.carry = new Uint8Array(frameBytes);
  }

  /** Bytes waiting for a full frame. */
  get pending(): number {
    return this.carried;
  }

  /** Adds bytes; returns the frames completed, each a fresh array the caller owns. */
  push(data: Uint8Array): Uint8Array[] {
    const size = this.frameBytes;
    const frames: Uint8Array[] = [];
    let i = 0;
    if (this.carried > 0) {
      const take = Math.min(size - this.carried, data.length);
      this.carry.set(data.subarray(0, take), this.carried);
      this.carried += take;
      i = take;
      if (this.carried < size) return frames;
      frames.push(this.carry.slice());
      this.carried = 0;
    }
    for (; i + size <= data.length; i += size) frames.push(data.slice(i, i + size));
    if (i < data.length) {
      this.carry.set(data.subarray(i), 0);
      this.carried = data.length - i;
    }
    return frames;
  }

  /** Ends the stream: the last partial frame padded with `fill` (μ-law silence), or null if none. */
  flush(fill = MULAW_SILENCE): Uint8Array | null {
    if (this.carried === 0) return null;
    const frame = new Uint8Array(this.frameBytes).fill(fill);
    frame.set(this.carry.subarray(0, this.carried));
    this.carried = 0;
    return frame;
  }

  /** Drops the remainder (on barge-in). */
  reset(): void {
    this.carried = 0;
  }
}

/** Turns little-endian PCM16 byte chunks into samples, carrying a split sample across chunks. */
export class Pcm16Assembler {
  private odd = -1;

  /** Returns the whole samples available after `bytes`. */
  push(bytes: Uint8Array): Int16Array {
    const start = this.odd >= 0 ? 1 : 0;
    const total = bytes.length + start;
    const out = new Int16Array(total >> 1);
    let j = 0;
    let i = 0;
    if (start && bytes.length > 0) {
      out[j++] = (((bytes[0]! << 8) | this.odd) << 16) >> 16;
      i = 1;
      this.odd = -1;
    }
    for (; i + 1 < bytes.length; i += 2) out[j++] = (((bytes[i + 1]! << 8) | bytes[i]!) << 16) >> 16;
    if (i < bytes.length) this.odd = bytes[i]!;
    return out;
  }

  /** True if half a sample is waiting. */
  get pending(): boolean {
    return this.odd >= 0;
  }

  reset(): void {
    this.odd = -1;
  }
}

/**
 * Real-time pacing for outbound frames. The far end plays one frame every `frameMs`; we stay at most
 * `leadFrames` ahead of it. Time comes from the caller (any monotonic ms clock), so this stays pure.
 */
export class FramePacer {
  readonly frameMs: number;
  readonly leadFrames: number;
  private startMs = -1;
  private sent = 0;

  constructor(options: { frameMs?: number; leadFrames?: number } = {}) {
    this.frameMs = options.frameMs ?? FRAME_MS;
    this.leadFrames = options.leadFrames ?? 3;
  }

  /** Frames that may be sent at `nowMs`. */
  allowance(nowMs: number): number {
    this.rebase(nowMs);
    const played = Math.floor((nowMs - this.startMs) / this.frameMs);
    return Math.max(0, played + this.leadFrames - this.sent);
  }

  /** Records that `frames` frames went out at `nowMs`. */
  markSent(frames: number, nowMs: number): void {
    this.rebase(nowMs);
    this.sent += frames;
  }

  /** Audio sent but, by the clock, not yet played at the far end (ms). */
  bufferedMs(nowMs: number): number {
    if (this.startMs < 0) return 0;
    return Math.max(0, this.sent * this.frameMs - (nowMs - this.startMs));
  }

  /** Forgets the clock (after `clear`, or at the end of a turn). */
  reset(): void {
    this.startMs = -1;
    this.sent = 0;
  }

  /** When the far end has played everything sent, the next frame starts a new clock. */
  private rebase(nowMs: number): void {
    if (this.startMs < 0 || nowMs - this.startMs >= this.sent * this.frameMs) {
      this.startMs = nowMs;
      this.sent = 0;
    }
  }
}
