// Streaming rational resampler (polyphase FIR) for PCM16.
//
// Rates L/M in lowest terms: conceptually, upsample by L (zero-stuffing), low-pass, keep every M-th
// sample. The polyphase form only computes the kept samples and skips the zero products, so the cost is
// about taps / L multiply-adds per output sample.
//
// The low-pass sits below the lower of the two Nyquist rates: it removes what would alias when
// decimating (24 → 8 kHz: TTS content above 4 kHz) and the spectral images when interpolating
// (8 → 16 kHz). Defaults keep the telephone band (to 3.3 kHz at 8 kHz) flat and put everything from
// 3.8 kHz up at least 60 dB down.
//
// State between calls is the last Q-1 input samples (the filter history) and the phase of the next
// output, so splitting the input into chunks of any size gives exactly the output of one call: no clicks
// at chunk boundaries.

import { designLowPass } from "./fir";

export interface ResamplerOptions {
  /** Passband edge as a fraction of the lower Nyquist rate. Default 0.825 (3.3 kHz at 8 kHz). */
  passFraction?: number;
  /** Stopband start as a fraction of the lower Nyquist rate. Default 0.95 (3.8 kHz at 8 kHz). */
  stopFraction?: number;
  /** Stopband attenuation in dB. Default 60. */
  stopDb?: number;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export class Resampler {
  readonly inRate: number;
  readonly outRate: number;
  /** Filter length in the upsampled domain. */
  readonly taps: number;
  /** Delay the filter adds, in output samples (linear phase: half the filter). */
  readonly delayOutputSamples: number;
  private readonly up: number;
  private readonly down: number;
  /** Taps per phase. */
  private readonly q: number;
  /** Phase filters, each stored reversed so the inner loop walks the input forward. */
  private readonly phases: Float64Array[];
  /** Scratch: Q-1 history samples followed by the current chunk. Grows, never shrinks. */
  private work: Float64Array;
  /** Upsampled-domain position of the next output, relative to the first sample of the next chunk. */
  private pos = 0;

  constructor(inRate: number, outRate: number, options: ResamplerOptions = {}) {
    if (!Number.isInteger(inRate) || !Number.isInteger(outRate) || inRate <= 0 || outRate <= 0) {
      throw new RangeError("sample rates must be positive integers");
    }
    const g = gcd(inRate, outRate);
    this.inRate = inRate;
    this.outRate = outRate;
    this.up = outRate / g;
    this.down = inRate / g;
    if (this.up > 64 || this.down > 64) throw new RangeError(`ratio ${outRate}/${inRate} is too fine`);
    const nyquist = Math.min(inRate, outRate) / 2;
    const h = designLowPass({
      sampleRate: inRate * this.up,
      passHz: nyquist * (options.passFraction ?? 0.825),
      stopHz: nyquist * (options.stopFraction ?? 0.95),
      stopDb: options.stopDb ?? 60,
      gain: this.up, // zero-stuffing divides the level by L
    });
    this.taps = h.length;
    this.delayOutputSamples = (h.length - 1) / 2 / this.down;
    this.q = Math.ceil(h.length / this.up);
    this.phases = [];
    for (let p = 0; p < this.up; p++) {
      const c = new Float64Array(this.q);
      for (let k = 0; k < this.q; k++) {
        const j = p + (this.q - 1 - k) * this.up; // reversed: c[k] multiplies the k-th oldest sample
        c[k] = j < h.length ? h[j]! : 0;
      }
      this.phases.push(c);
    }
    this.work = new Float64Array(this.q - 1 + 4096);
  }

  /** Most output samples that `inputLength` more input samples can produce. */
  maxOutput(inputLength: number): number {
    return Math.ceil((inputLength * this.up) / this.down) + 1;
  }

  /**
   * Resamples `input` into `output` (no allocation once the scratch has grown to the chunk size).
   * `output` needs `maxOutput(input.length)` samples. Returns the number of samples written.
   */
  processInto(input: Int16Array, output: Int16Array): number {
    const hist = this.q - 1;
    const len = input.length;
    if (output.length < this.maxOutput(len)) throw new RangeError("output too small; see maxOutput()");
    if (this.work.length < hist + len) {
      const grown = new Float64Array(hist + Math.max(len, this.work.length * 2));
      grown.set(this.work.subarray(0, hist));
      this.work = grown;
    }
    const work = this.work;
    for (let i = 0; i < len; i++) work[hist + i] = input[i]!;

    const { up, down, q, phases } = this;
    const end = len * up; // first upsampled position not covered by this chunk
    let pos = this.pos;
    let n = 0;
    while (pos < end) {
      const xi = Math.floor(pos / up);
      const c = phases[pos - xi * up]!;
      // c[k] pairs with input sample (xi - (q-1) + k), which lives at work[xi + k].
      let acc = 0;
      for (let k = 0; k < q; k++) acc += c[k]! * work[xi + k]!;
      const s = Math.round(acc);
      output[n++] = s > 32767 ? 32767 : s < -32768 ? -32768 : s;
      pos += down;
    }
    this.pos = pos - end;
    // Keep the newest Q-1 samples as history for the next chunk.
    work.copyWithin(0, len, len + hist);
    return n;
  }

  /** Allocating convenience over processInto. */
  process(input: Int16Array): Int16Array {
    const out = new Int16Array(this.maxOutput(input.length));
    return out.slice(0, this.processInto(input, out));
  }

  /**
   * Ends the stream: pushes a filter's length of zeros through, so the last real samples (held back by
   * the filter delay) and the filter's decay after them come out, then resets. Call once after the final
   * chunk of an utterance; the tail is one filter length, about 7 ms for 24 → 8 kHz.
   */
  flush(): Int16Array {
    const zeros = new Int16Array(this.q - 1);
    const out = this.process(zeros);
    this.reset();
    return out;
  }

  /** Forgets the history, as at construction. */
  reset(): void {
    this.work.fill(0);
    this.pos = 0;
  }
}

/** TTS PCM (24 kHz) to the phone (8 kHz). */
export const createTtsToPhoneResampler = (options?: ResamplerOptions) => new Resampler(24000, 8000, options);
/** Phone (8 kHz) to 16 kHz, for speech models that want wideband input. */
export const createUpsampler8to16 = (options?: ResamplerOptions) => new Resampler(8000, 16000, options);
/** 16 kHz to the phone (8 kHz). */
export const createDownsampler16to8 = (options?: ResamplerOptions) => new Resampler(16000, 8000, options);
