import { describe, expect, it } from "vitest";
import { DTMF_COLS, DTMF_ROWS, DtmfDetector, detectDtmf, dtmfFrequencies, generateDtmf, writeDtmfTone } from "../../src/audio/dtmf";
import { decodeMulaw, encodeMulaw } from "../../src/audio/mulaw";
import { amplitudeAt, concat, mix, noise, prng, speechBurst } from "./signals";

const ALL = "0123456789*#ABCD";
/** Through the phone line: μ-law encode, then decode, as the media stream would carry it. */
const overTheLine = (pcm: Int16Array) => decodeMulaw(encodeMulaw(pcm));

/** Tones of `onMs` with `gapMs` gaps, built with the low-level writer (no Q.23 minimums). */
function custom(digits: string, onMs: number, gapMs: number): Int16Array {
  const on = onMs * 8;
  const gap = gapMs * 8;
  const out = new Int16Array(gap + digits.length * (on + gap));
  for (let i = 0; i < digits.length; i++) writeDtmfTone(digits[i]!, out, gap + i * (on + gap), on);
  return out;
}

describe("DTMF frequencies (ITU-T Q.23)", () => {
  it("maps every key to its row and column", () => {
    expect(dtmfFrequencies("1")).toEqual([697, 1209]);
    expect(dtmfFrequencies("5")).toEqual([770, 1336]);
    expect(dtmfFrequencies("9")).toEqual([852, 1477]);
    expect(dtmfFrequencies("0")).toEqual([941, 1336]);
    expect(dtmfFrequencies("*")).toEqual([941, 1209]);
    expect(dtmfFrequencies("#")).toEqual([941, 1477]);
    expect(dtmfFrequencies("d")).toEqual([941, 1633]);
    expect(dtmfFrequencies("E")).toBeUndefined();
    expect(dtmfFrequencies("12")).toBeUndefined();
  });
});

describe("DTMF generator", () => {
  const pcm = generateDtmf(ALL);

  it("lays out 80 ms tones and 80 ms gaps by default", () => {
    expect(pcm.length).toBe(ALL.length * 1280);
    for (let d = 0; d < ALL.length; d++) {
      const base = d * 1280;
      // The tone occupies its first 640 samples (nonzero past the ramp), the gap is exact silence.
      expect(pcm.subarray(base + 640, base + 1280).every((s) => s === 0)).toBe(true);
      let loud = 0;
      for (let i = base; i < base + 640; i++) if (Math.abs(pcm[i]!) > 1000) loud++;
      expect(loud).toBeGreaterThan(500);
    }
  });

  it("never clips: the two sines together stay well inside int16", () => {
    let peak = 0;
    for (const s of pcm) peak = Math.max(peak, Math.abs(s));
    expect(peak).toBeLessThan(32767);
    expect(peak).toBeGreaterThan(20000); // and it is not timidly quiet
  });

  it("puts the energy at exactly the key's two frequencies", () => {
    const five = generateDtmf("5");
    const amp = (hz: number) => amplitudeAt(five, hz, 8000, 40, 600);
    expect(amp(770)).toBeGreaterThan(10000);
    expect(amp(1336)).toBeGreaterThan(13000);
    for (const hz of [...DTMF_ROWS, ...DTMF_COLS]) if (hz !== 770 && hz !== 1336) expect(amp(hz)).toBeLessThan(1500);
  });

  it("fades in and out (raised cosine) instead of starting at full level", () => {
    const one = generateDtmf("1");
    const maxAbs = (a: number, b: number) => Math.max(...Array.from(one.subarray(a, b), Math.abs));
    expect(maxAbs(0, 8)).toBeLessThan(2500); // first 1 ms
    expect(maxAbs(632, 640)).toBeLessThan(2500); // last 1 ms of the tone
    expect(maxAbs(200, 400)).toBeGreaterThan(20000);
  });

  it("refuses durations under 70 ms and keys that do not exist", () => {
    expect(() => generateDtmf("1", { onMs: 60 })).toThrow(RangeError);
    expect(() => generateDtmf("1", { gapMs: 50 })).toThrow(RangeError);
    expect(() => generateDtmf("1E")).toThrow(RangeError);
    expect(() => generateDtmf("1", { lowAmplitude: 20000, highAmplitude: 20000 })).toThrow(RangeError);
    expect(generateDtmf("1", { onMs: 70, gapMs: 70 }).length).toBe(1120);
  });
});

describe("DTMF detector", () => {
  it("decodes 0123456789*# after a μ-law round trip", () => {
    expect(detectDtmf(overTheLine(generateDtmf("0123456789*#")))).toBe("0123456789*#");
  });

  it("decodes all 16 keys at the 70 ms minimum, fed in random chunks at a random offset", () => {
    const signal = overTheLine(concat(new Int16Array(37), generateDtmf(ALL, { onMs: 70, gapMs: 70 }), new Int16Array(400)));
    const rand = prng(5);
    const detector = new DtmfDetector();
    let keys = "";
    for (let i = 0; i < signal.length;) {
      const n = Math.floor(rand() * 300);
      keys += detector.process(signal.subarray(i, i + n));
      i += n;
    }
    expect(keys).toBe(ALL);
  });

  it("reports repeated keys once per press", () => {
    expect(detectDtmf(overTheLine(generateDtmf("1100#")))).toBe("1100#");
  });

  it("still decodes with line noise 20 dB below the tones", () => {
    const tones = generateDtmf("2580");
    expect(detectDtmf(overTheLine(mix(tones, noise(tones.length, 1300, 8))))).toBe("2580");
  });

  it("finds nothing in noise, silence or speech", () => {
    expect(detectDtmf(overTheLine(noise(8000 * 5, 3000, 2)))).toBe("");
    expect(detectDtmf(new Int16Array(8000))).toBe("");
    expect(detectDtmf(overTheLine(speechBurst(8000 * 3, 12000, 9)))).toBe("");
  });

  it("rejects 40 ms tones but accepts 70 ms ones", () => {
    expect(detectDtmf(overTheLine(custom("123456", 40, 80)))).toBe("");
    expect(detectDtmf(overTheLine(custom("123456", 70, 70)))).toBe("123456");
  });

  it("rejects excessive twist (one tone 16 dB weaker than the other)", () => {
    const out = new Int16Array(1600);
    writeDtmfTone("7", out, 0, 800, { lowAmplitude: 2200, highAmplitude: 14000 });
    expect(detectDtmf(out)).toBe("");
    writeDtmfTone("7", out, 0, 800, { lowAmplitude: 8000, highAmplitude: 14000 }); // about 5 dB: fine
    expect(detectDtmf(out)).toBe("7");
  });

  it("rejects a single tone and tones too quiet to be keys", () => {
    const single = Int16Array.from({ length: 1600 }, (_, i) => Math.round(12000 * Math.sin((2 * Math.PI * 1209 * i) / 8000)));
    expect(detectDtmf(single)).toBe("");
    const faint = new Int16Array(1600);
    writeDtmfTone("3", faint, 0, 800, { lowAmplitude: 150, highAmplitude: 190 });
    expect(detectDtmf(faint)).toBe("");
  });
});
