// DTMF per ITU-T Q.23: each key is one low-group (row) and one high-group (column) sine.
//
// Out: PCM16 tones for in-band dialling into the media stream. In: a Goertzel detector, used to check
// what we send (the stream's own `dtmf` events carry what the far end keys).

export const DTMF_ROWS = [697, 770, 852, 941] as const;
export const DTMF_COLS = [1209, 1336, 1477, 1633] as const;
const KEYPAD = ["123A", "456B", "789C", "*0#D"] as const;

/** Row and column frequency (Hz) of a key, or undefined for anything else. */
export function dtmfFrequencies(digit: string): [number, number] | undefined {
  for (let r = 0; r < 4; r++) {
    const c = KEYPAD[r]!.indexOf(digit.toUpperCase());
    if (c >= 0 && digit.length === 1) return [DTMF_ROWS[r]!, DTMF_COLS[c]!];
  }
  return undefined;
}

export interface DtmfToneOptions {
  sampleRate?: number; // default 8000
  /** Peak amplitude of the row tone. Default 11000 (about -9.5 dBFS). */
  lowAmplitude?: number;
  /** Peak amplitude of the column tone. Default 14000: about 2 dB above the row tone, the usual twist
   *  that makes up for lines losing more at high frequencies. */
  highAmplitude?: number;
  /** Raised-cosine fade in and out, so the tone starts and stops without a click. Default 5 ms. */
  rampMs?: number;
}

/** Writes one key's tone, `samples` long, into `out` at `offset`. Low level: no duration rules. */
export function writeDtmfTone(digit: string, out: Int16Array, offset: number, samples: number, options: DtmfToneOptions = {}): void {
  const f = dtmfFrequencies(digit);
  if (!f) throw new RangeError(`not a DTMF key: ${JSON.stringify(digit)}`);
  const rate = options.sampleRate ?? 8000;
  const lo = options.lowAmplitude ?? 11000;
  const hi = options.highAmplitude ?? 14000;
  // The two sines can peak together, so their amplitudes add; keep one step clear of full scale.
  if (lo + hi > 32766) throw new RangeError("lowAmplitude + highAmplitude would clip");
  const ramp = Math.min(Math.floor(samples / 2), Math.round(((options.rampMs ?? 5) * rate) / 1000));
  const w1 = (2 * Math.PI * f[0]) / rate;
  const w2 = (2 * Math.PI * f[1]) / rate;
  for (let i = 0; i < samples; i++) {
    let g = 1;
    const edge = Math.min(i, samples - 1 - i);
    if (edge < ramp) g = 0.5 - 0.5 * Math.cos((Math.PI * (edge + 0.5)) / ramp);
    out[offset + i] = Math.round(g * (lo * Math.sin(w1 * i) + hi * Math.sin(w2 * i)));
  }
}

export interface DtmfSequenceOptions extends DtmfToneOptions {
  /** Tone length. Q.23 wants at least 70 ms; default 80. */
  onMs?: number;
  /** Silence after each tone. At least 70 ms; default 80. */
  gapMs?: number;
}

/** PCM16 for a key sequence: each tone then its gap. Throws on a non-key or a duration under 70 ms. */
export function generateDtmf(digits: string, options: DtmfSequenceOptions = {}): Int16Array {
  const rate = options.sampleRate ?? 8000;
  const onMs = options.onMs ?? 80;
  const gapMs = options.gapMs ?? 80;
  if (onMs < 70 || gapMs < 70) throw new RangeError("Q.23 needs tones and gaps of at least 70 ms");
  const on = Math.round((onMs * rate) / 1000);
  const gap = Math.round((gapMs * rate) / 1000);
  const out = new Int16Array(digits.length * (on + gap));
  for (let i = 0; i < digits.length; i++) writeDtmfTone(digits[i]!, out, i * (on + gap), on, options);
  return out;
}

export interface DtmfDetectorOptions {
  sampleRate?: number; // default 8000
  /** Shortest tone reported. Default 60 ms: 70 ms tones pass, 40 ms ones do not. */
  minToneMs?: number;
  /** Largest level difference between the row and column tones, either way. Default 8 dB. */
  maxTwistDb?: number;
  /** Each tone must beat the runner-up of its group by this much. Default 6 dB. */
  minPeakRatioDb?: number;
  /** Share of the window's energy the two tones must hold. Default 0.75; speech and noise hold far less. */
  minEnergyRatio?: number;
  /** Quietest tone accepted (peak amplitude of each sine). Default 400 (about -38 dBFS). */
  minAmplitude?: number;
}

const WINDOW_MS = 20;
const HOP_MS = 10;
const FREQS = [...DTMF_ROWS, ...DTMF_COLS];

/**
 * Streaming Goertzel detector: 20 ms windows every 10 ms. A key is reported once when enough
 * consecutive windows agree on it, and must then be released (two windows without it) before it can be
 * reported again, so a held tone is one key and two presses of the same key are two.
 */
export class DtmfDetector {
  private readonly window: number;
  private readonly hop: number;
  private readonly buf: Float64Array;
  private fill = 0;
  private readonly coeffs: Float64Array;
  private readonly power = new Float64Array(8);
  private readonly minWindows: number;
  private readonly twist: number;
  private readonly peak: number;
  private readonly energyRatio: number;
  private readonly minPower: number;
  private candidate = "";
  private run = 0;
  private reported = "";
  private quiet = 0;

  constructor(options: DtmfDetectorOptions = {}) {
    const rate = options.sampleRate ?? 8000;
    this.window = Math.round((rate * WINDOW_MS) / 1000);
    this.hop = Math.round((rate * HOP_MS) / 1000);
    this.buf = new Float64Array(this.window);
    this.coeffs = Float64Array.from(FREQS, (f) => 2 * Math.cos((2 * Math.PI * f) / rate));
    // A tone of T ms fully covers about (T - window) / hop + 1 consecutive windows.
    this.minWindows = Math.ceil(((options.minToneMs ?? 60) - WINDOW_MS) / HOP_MS) + 1;
    this.twist = Math.pow(10, (options.maxTwistDb ?? 8) / 10);
    this.peak = Math.pow(10, (options.minPeakRatioDb ?? 6) / 10);
    this.energyRatio = options.minEnergyRatio ?? 0.75;
    // Goertzel power of a sine of amplitude A over N samples is (N·A/2)².
    const a = options.minAmplitude ?? 400;
    this.minPower = ((this.window * a) / 2) ** 2;
  }

  /** Feeds PCM; returns the keys completed within it (often ""). */
  process(pcm: Int16Array): string {
    let keys = "";
    for (let i = 0; i < pcm.length; i++) {
      this.buf[this.fill++] = pcm[i]!;
      if (this.fill < this.window) continue;
      keys += this.step(this.classify());
      this.buf.copyWithin(0, this.hop);
      this.fill = this.window - this.hop;
    }
    return keys;
  }

  /** One window's verdict: a key, or "" when the checks fail. */
  private classify(): string {
    const x = this.buf;
    const n = this.window;
    let energy = 0;
    for (let i = 0; i < n; i++) energy += x[i]! * x[i]!;
    if (energy === 0) return "";
    const power = this.power;
    for (let k = 0; k < 8; k++) {
      const c = this.coeffs[k]!;
      let s1 = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const s0 = x[i]! + c * s1 - s2;
        s2 = s1;
        s1 = s0;
      }
      power[k] = s1 * s1 + s2 * s2 - c * s1 * s2;
    }
    const r = best(power, 0);
    const c = best(power, 4);
    const pr = power[r]!;
    const pc = power[c]!;
    if (pr < this.minPower || pc < this.minPower) return "";
    if (pr > pc * this.twist || pc > pr * this.twist) return "";
    if (pr < this.peak * runnerUp(power, 0, r) || pc < this.peak * runnerUp(power, 4, c)) return "";
    // A sine's Goertzel power P over N samples carries 2P/N of the window's energy Σx².
    if ((2 * (pr + pc)) / n < this.energyRatio * energy) return "";
    return KEYPAD[r]![c - 4]!;
  }

  private step(key: string): string {
    if (key === "") {
      if (++this.quiet >= 2) this.reported = "";
      this.run = 0;
      this.candidate = "";
      return "";
    }
    this.quiet = 0;
    if (key !== this.candidate) {
      this.candidate = key;
      this.run = 0;
    }
    this.run++;
    if (this.run >= this.minWindows && key !== this.reported) {
      this.reported = key;
      return key;
    }
    return "";
  }
}

function best(p: Float64Array, from: number): number {
  let b = from;
  for (let k = from + 1; k < from + 4; k++) if (p[k]! > p[b]!) b = k;
  return b;
}

function runnerUp(p: Float64Array, from: number, skip: number): number {
  let m = 0;
  for (let k = from; k < from + 4; k++) if (k !== skip && p[k]! > m) m = p[k]!;
  return m;
}

/** Convenience: all keys in a PCM buffer. */
export function detectDtmf(pcm: Int16Array, options?: DtmfDetectorOptions): string {
  return new DtmfDetector(options).process(pcm);
}
