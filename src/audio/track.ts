// A growable μ-law recording track: one per direction of a call, turned into a stereo WAV at hang-up
// (see encodeWavStereoMulaw).
//
// Why μ-law: both directions are μ-law on the wire, so storing the bytes loses nothing and holds half
// the memory of PCM16 (a 10-minute call is 4.8 MB a track instead of 9.6 MB, in a Durable Object with
// 128 MB). Appending a 20 ms frame is a 160-byte copy; the buffer doubles when full, so the cost stays
// amortised O(1) per byte and the hot path does not allocate.

import { MULAW_SILENCE } from "./mulaw";

export interface TrackOptions {
  /** Initial capacity in samples. Default 60 s at 8 kHz. */
  initialSamples?: number;
  /** Hard cap in samples; audio past it is dropped and `truncated` is set. Default 15 min at 8 kHz. */
  maxSamples?: number;
}

export class MulawTrack {
  private buf: Uint8Array;
  private len = 0;
  private readonly max: number;
  /** True once audio was dropped at the cap. */
  truncated = false;

  constructor(options: TrackOptions = {}) {
    this.max = options.maxSamples ?? 15 * 60 * 8000;
    this.buf = new Uint8Array(Math.min(this.max, options.initialSamples ?? 60 * 8000));
  }

  /** Samples recorded so far. */
  get length(): number {
    return this.len;
  }

  /** Appends μ-law bytes. */
  append(bytes: Uint8Array): void {
    const n = this.reserve(bytes.length);
    if (n === bytes.length) this.buf.set(bytes, this.len);
    else this.buf.set(bytes.subarray(0, n), this.len);
    this.len += n;
  }

  /**
   * Pads with silence up to `samples` (no-op if already that long). Keeps the two tracks of a call on one
   * clock: pad the agent track to the hotel track's length before appending what the agent says.
   */
  padTo(samples: number): void {
    if (samples <= this.len) return;
    const n = this.reserve(samples - this.len);
    this.buf.fill(MULAW_SILENCE, this.len, this.len + n);
    this.len += n;
  }

  /** Cuts the track back to `samples`, e.g. audio that was sent but cleared on barge-in and never heard. */
  truncate(samples: number): void {
    if (samples < this.len) this.len = Math.max(0, samples);
  }

  /** The recorded bytes (a view: copy it if the track keeps growing). */
  bytes(): Uint8Array {
    return this.buf.subarray(0, this.len);
  }

  /** Makes room for up to `want` more samples; returns how many fit under the cap. */
  private reserve(want: number): number {
    const room = this.max - this.len;
    const n = want <= room ? want : room;
    if (n < want) this.truncated = true;
    const need = this.len + n;
    if (need > this.buf.length) {
      let cap = this.buf.length || 1024;
      while (cap < need) cap *= 2;
      const grown = new Uint8Array(Math.min(cap, this.max));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    return n;
  }
}
