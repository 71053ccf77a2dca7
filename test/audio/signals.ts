// Synthetic test signals. A seeded PRNG keeps every run identical, so a failure reproduces.

import { prng } from "../support/prng";

export { prng };

/** Gaussian noise (Box-Muller) with the given RMS. */
export function noise(samples: number, rms: number, seed = 1): Int16Array {
  const r = prng(seed);
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) {
    const g = Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    out[i] = clamp(Math.round(g * rms));
  }
  return out;
}

export function tone(samples: number, hz: number, amplitude: number, rate = 8000): Int16Array {
  const out = new Int16Array(samples);
  for (let i = 0; i < samples; i++) out[i] = Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate));
  return out;
}

/**
 * Speech-like burst: a few harmonics of a wandering pitch, amplitude-modulated at a syllable rate
 * (~4 Hz) with dips, plus a little noise. Energy comes and goes the way voiced speech does.
 */
export function speechBurst(samples: number, amplitude: number, seed = 7, rate = 8000): Int16Array {
  const r = prng(seed);
  const out = new Int16Array(samples);
  let phase = 0;
  const f0 = 110 + 60 * r();
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const pitch = f0 * (1 + 0.1 * Math.sin(2 * Math.PI * 1.3 * t));
    phase += (2 * Math.PI * pitch) / rate;
    const voiced = Math.sin(phase) + 0.6 * Math.sin(2 * phase) + 0.4 * Math.sin(3 * phase) + 0.25 * Math.sin(5 * phase);
    const envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t - Math.PI / 2 + 0.3);
    const hiss = (r() - 0.5) * 0.1;
    out[i] = clamp(Math.round(amplitude * envelope * (voiced / 2.25 + hiss)));
  }
  return out;
}

export function concat(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Sample-wise sum, clamped. */
export function mix(a: Int16Array, b: Int16Array): Int16Array {
  const out = new Int16Array(Math.max(a.length, b.length));
  for (let i = 0; i < out.length; i++) out[i] = clamp((a[i] ?? 0) + (b[i] ?? 0));
  return out;
}

export function rms(x: ArrayLike<number>, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

export const db = (ratio: number) => 20 * Math.log10(ratio);

/** Amplitude of the `hz` component of x (Goertzel at the exact frequency, over the whole range). */
export function amplitudeAt(x: ArrayLike<number>, hz: number, rate: number, from = 0, to = x.length): number {
  const c = 2 * Math.cos((2 * Math.PI * hz) / rate);
  let s1 = 0;
  let s2 = 0;
  for (let i = from; i < to; i++) {
    const s0 = x[i]! + c * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return (2 * Math.sqrt(Math.max(0, s1 * s1 + s2 * s2 - c * s1 * s2))) / (to - from);
}

function clamp(v: number): number {
  return v > 32767 ? 32767 : v < -32768 ? -32768 : v;
}
