import { describe, expect, it } from "vitest";
import { designLowPass, firMagnitude } from "../../src/audio/fir";
import { Resampler, createDownsampler16to8, createTtsToPhoneResampler, createUpsampler8to16 } from "../../src/audio/resample";
import { amplitudeAt, db, noise, prng, rms, tone } from "./signals";

/** Level change (dB) of a tone through a fresh resampler, measured away from the start-up transient. */
function gainDb(inRate: number, outRate: number, hz: number): number {
  const input = tone(inRate, hz, 10000, inRate); // 1 s
  const out = new Resampler(inRate, outRate).process(input);
  const skip = Math.round(outRate * 0.05);
  const level = rms(out, skip, out.length - skip);
  return level === 0 ? -Infinity : db(level / (10000 / Math.SQRT2));
}

function inChunks(r: Resampler, input: Int16Array, seed: number): Int16Array {
  const rand = prng(seed);
  const parts: number[] = [];
  for (let i = 0; i < input.length;) {
    const n = Math.min(input.length - i, Math.floor(rand() * 700)); // includes 0- and 1-sample chunks
    const out = new Int16Array(r.maxOutput(n));
    const written = r.processInto(input.subarray(i, i + n), out);
    for (let k = 0; k < written; k++) parts.push(out[k]!);
    i += n;
  }
  return Int16Array.from(parts);
}

describe("24 kHz → 8 kHz (TTS to phone)", () => {
  it("passes the voice band flat: 300 Hz, 1 kHz and 3 kHz within 1 dB", () => {
    for (const hz of [300, 1000, 3000]) expect(Math.abs(gainDb(24000, 8000, hz))).toBeLessThan(1);
  });

  it("attenuates everything from 3.8 kHz up (what would alias) by at least 40 dB", () => {
    for (const hz of [3800, 4200, 5000, 7000, 11000]) expect(gainDb(24000, 8000, hz)).toBeLessThan(-40);
  });

  it("keeps a 1 kHz tone at 1 kHz, with a third of the samples", () => {
    const out = createTtsToPhoneResampler().process(tone(24000, 1000, 10000, 24000));
    expect(out.length).toBe(8000);
    const a1k = amplitudeAt(out, 1000, 8000, 400, 7600);
    expect(a1k).toBeGreaterThan(9000);
    expect(amplitudeAt(out, 2000, 8000, 400, 7600)).toBeLessThan(a1k / 100);
  });

  it("gives identical output whether the input comes at once or in random chunks", () => {
    const input = noise(24000 * 2, 6000, 3);
    const whole = createTtsToPhoneResampler().process(input);
    for (const seed of [1, 2, 3]) expect(inChunks(createTtsToPhoneResampler(), input, seed)).toEqual(whole);
  });

  it("flush releases the samples the filter delay held back, then starts afresh", () => {
    const r = createTtsToPhoneResampler();
    const dc = new Int16Array(2400).fill(1000);
    const body = r.process(dc);
    expect(body.length).toBe(800);
    expect(body[799]).toBeGreaterThan(990); // settled
    const tail = r.flush();
    expect(tail.length).toBeGreaterThanOrEqual(Math.floor(r.delayOutputSamples));
    expect(tail[0]).toBeGreaterThan(990); // still signal, not zeros: it was held back, not lost
    expect(Math.abs(tail.at(-1)!)).toBeLessThan(5); // then the filter drains to silence
    expect(r.process(dc)).toEqual(body); // reset: same as a fresh resampler
  });

  it("clamps instead of wrapping when full-scale input overshoots", () => {
    // A band-limited square wave overshoots (Gibbs). At half scale nothing clips, so twice the half-scale
    // output is what the full-scale output must be, except that it saturates where that exceeds int16.
    const square = (a: number) => Int16Array.from({ length: 24000 }, (_, i) => (Math.floor(i / 60) % 2 ? -a : a));
    const full = createTtsToPhoneResampler().process(square(32766));
    const half = createTtsToPhoneResampler().process(square(16383));
    let clamped = 0;
    for (let i = 0; i < full.length; i++) {
      const ideal = 2 * half[i]!;
      if (ideal > 32767) expect(full[i]).toBe(32767);
      else if (ideal < -32768) expect(full[i]).toBe(-32768);
      else expect(Math.abs(full[i]! - ideal)).toBeLessThanOrEqual(2);
      if (ideal > 32767 || ideal < -32768) clamped++;
    }
    expect(clamped).toBeGreaterThan(100); // the overshoot really happened
  });
});

describe("8 kHz ↔ 16 kHz", () => {
  it("8 → 16 doubles the samples, passes 1 kHz within 1 dB and suppresses its 7 kHz image by 40 dB", () => {
    const out = createUpsampler8to16().process(tone(8000, 1000, 10000, 8000));
    expect(out.length).toBe(16000);
    const a1k = amplitudeAt(out, 1000, 16000, 800, 15200);
    expect(Math.abs(db(a1k / 10000))).toBeLessThan(1);
    expect(db(amplitudeAt(out, 7000, 16000, 800, 15200) / a1k)).toBeLessThan(-40);
  });

  it("16 → 8 halves the samples, passes 1 kHz within 1 dB and stops 5 kHz by 40 dB", () => {
    expect(createDownsampler16to8().process(new Int16Array(16000)).length).toBe(8000);
    expect(Math.abs(gainDb(16000, 8000, 1000))).toBeLessThan(1);
    expect(gainDb(16000, 8000, 5000)).toBeLessThan(-40);
  });

  it("both directions are chunk-invariant", () => {
    const x8 = noise(8000, 5000, 9);
    const x16 = noise(16000, 5000, 10);
    expect(inChunks(createUpsampler8to16(), x8, 4)).toEqual(createUpsampler8to16().process(x8));
    expect(inChunks(createDownsampler16to8(), x16, 5)).toEqual(createDownsampler16to8().process(x16));
  });

  it("8 → 16 → 8 returns a voice-band signal close to itself (after the filter delays)", () => {
    const x = tone(8000, 700, 8000, 8000);
    const up = createUpsampler8to16();
    const down = createDownsampler16to8();
    const y = down.process(up.process(x));
    const delay = Math.round(up.delayOutputSamples / 2 + down.delayOutputSamples);
    let err = 0;
    for (let i = 400; i < 7600; i++) err = Math.max(err, Math.abs(y[i]! - x[i - delay]!));
    expect(err).toBeLessThan(40); // 8000-amplitude tone: under 0.5 % error
  });
});

describe("filter design", () => {
  it("meets its spec on the design grid", () => {
    const h = designLowPass({ sampleRate: 24000, passHz: 3300, stopHz: 3800, stopDb: 60 });
    expect(h.length % 2).toBe(1);
    for (let hz = 0; hz <= 3300; hz += 100) expect(Math.abs(db(firMagnitude(h, hz, 24000)))).toBeLessThan(0.01);
    for (let hz = 3800; hz <= 12000; hz += 50) expect(db(firMagnitude(h, hz, 24000))).toBeLessThan(-59);
  });

  it("rejects impossible specs and ratios", () => {
    expect(() => designLowPass({ sampleRate: 8000, passHz: 3000, stopHz: 2000, stopDb: 60 })).toThrow(RangeError);
    expect(() => new Resampler(44100, 8000)).toThrow(RangeError); // 80/441: too many phases
    expect(() => new Resampler(0, 8000)).toThrow(RangeError);
  });
});
