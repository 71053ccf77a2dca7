// Low-pass FIR design: a windowed sinc with a Kaiser window.
//
// Kaiser because one parameter (beta) trades stopband depth against transition width, with closed-form
// estimates for both (Kaiser's formulas, as in Oppenheim & Schafer §7.6). The filters are designed once
// when a resampler is built, never per sample, so clarity beats speed here.

export interface LowPassSpec {
  /** Sample rate the filter runs at (Hz). For an interpolator this is the upsampled rate. */
  sampleRate: number;
  /** Edge of the passband (Hz): content below passes. */
  passHz: number;
  /** Start of the stopband (Hz): content above is attenuated by at least `stopDb`. */
  stopHz: number;
  /** Minimum stopband attenuation (dB, positive). */
  stopDb: number;
  /** DC gain; an interpolator by L needs L to keep the level. Default 1. */
  gain?: number;
}

/** Zeroth-order modified Bessel function of the first kind (power series; converges fast for x < 50). */
export function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 200; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-12) break;
  }
  return sum;
}

/** Kaiser's beta for a given stopband attenuation (dB). */
export function kaiserBeta(stopDb: number): number {
  if (stopDb > 50) return 0.1102 * (stopDb - 8.7);
  if (stopDb >= 21) return 0.5842 * Math.pow(stopDb - 21, 0.4) + 0.07886 * (stopDb - 21);
  return 0;
}

/** Number of taps Kaiser's estimate needs for the spec (forced odd, so the delay is a whole sample). */
export function kaiserTaps(spec: LowPassSpec): number {
  const transition = (2 * Math.PI * (spec.stopHz - spec.passHz)) / spec.sampleRate;
  const n = Math.ceil((spec.stopDb - 7.95) / (2.285 * transition)) + 1;
  return n % 2 === 0 ? n + 1 : n;
}

/**
 * Designs a linear-phase low-pass FIR. The cutoff sits midway between the pass and stop edges, where a
 * windowed sinc is at -6 dB; the window's main lobe spreads that into the transition band.
 */
export function designLowPass(spec: LowPassSpec): Float64Array {
  if (!(spec.passHz > 0 && spec.stopHz > spec.passHz && spec.stopHz <= spec.sampleRate / 2)) {
    throw new RangeError("need 0 < passHz < stopHz <= sampleRate / 2");
  }
  const taps = kaiserTaps(spec);
  const beta = kaiserBeta(spec.stopDb);
  const fc = (spec.passHz + spec.stopHz) / 2 / spec.sampleRate; // cycles per sample
  const mid = (taps - 1) / 2;
  const i0Beta = besselI0(beta);
  const h = new Float64Array(taps);
  let sum = 0;
  for (let n = 0; n < taps; n++) {
    const m = n - mid;
    const sinc = m === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * m) / (Math.PI * m);
    const r = m / mid;
    const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    h[n] = sinc * w;
    sum += h[n]!;
  }
  // Normalise to exact DC gain, so a steady level passes unchanged whatever the rounding of the design.
  const g = (spec.gain ?? 1) / sum;
  for (let n = 0; n < taps; n++) h[n]! *= g;
  return h;
}

/** Magnitude response (linear) of `h` at `hz`, for tests and for checking a design. */
export function firMagnitude(h: Float64Array, hz: number, sampleRate: number): number {
  const w = (2 * Math.PI * hz) / sampleRate;
  let re = 0;
  let im = 0;
  for (let n = 0; n < h.length; n++) {
    re += h[n]! * Math.cos(w * n);
    im -= h[n]! * Math.sin(w * n);
  }
  return Math.hypot(re, im);
}
