// A small formant synthesizer for test speech: real speech-like audio (voiced syllables with vowel
// formants, fricative and plosive consonants, pitch declination, word gaps) from text, at 8 kHz. It is not
// intelligible, but it has what a telephone VAD and an endpointer react to: syllabic energy at 3–6 Hz,
// harmonics of a 100–200 Hz voice shaped by formants, noisy consonants and short pauses between words.

const VOWELS: Record<string, [number, number, number]> = {
  a: [730, 1090, 2440],
  e: [530, 1840, 2480],
  i: [270, 2290, 3010],
  o: [570, 840, 2410],
  u: [300, 870, 2240],
  y: [300, 2100, 2900],
};
const FRICATIVES = new Set(["s", "f", "h", "z", "v", "c", "x", "j"]);
const PLOSIVES = new Set(["p", "t", "k", "b", "d", "g", "q"]);

export interface SynthOptions {
  sampleRate?: number;
  /** Starting pitch (Hz); it falls by a fifth over the utterance, like a statement. */
  pitchHz?: number;
  /** Peak level (PCM16). */
  peak?: number;
  /** Syllables per second. */
  rate?: number;
  seed?: number;
}

/** A two-pole resonator (Klatt): centre `f`, bandwidth `bw`. */
class Resonator {
  private y1 = 0;
  private y2 = 0;
  private a = 0;
  private b = 0;
  private c = 0;
  constructor(private readonly rate: number) {}
  set(f: number, bw: number): void {
    const t = 1 / this.rate;
    this.c = -Math.exp(-2 * Math.PI * bw * t);
    this.b = 2 * Math.exp(-Math.PI * bw * t) * Math.cos(2 * Math.PI * f * t);
    this.a = 1 - this.b - this.c;
  }
  step(x: number): number {
    const y = this.a * x + this.b * this.y1 + this.c * this.y2;
    this.y2 = this.y1;
    this.y1 = y;
    return y;
  }
}

interface Syllable {
  onset: "fricative" | "plosive" | "none";
  vowel: [number, number, number];
  wordEnd: boolean;
}

function syllables(text: string): Syllable[] {
  const out: Syllable[] = [];
  for (const word of text
    .toLowerCase()
    .split(/[^a-z0-9']+/)
    .filter(Boolean)) {
    const groups = word.match(/[^aeiouy]*[aeiouy]+/g) ?? [word];
    groups.forEach((g, i) => {
      const first = g[0] ?? "a";
      const vowelChar = g.match(/[aeiouy]/)?.[0] ?? "a";
      out.push({
        onset: FRICATIVES.has(first) ? "fricative" : PLOSIVES.has(first) ? "plosive" : "none",
        vowel: VOWELS[vowelChar] ?? VOWELS.a!,
        wordEnd: i === groups.length - 1,
      });
    });
  }
  return out;
}

/** PCM16 speech for `text`. About 5 syllables a second. */
export function synthesizeSpeech(text: string, options: SynthOptions = {}): Int16Array {
  const rate = options.sampleRate ?? 8000;
  const sylls = syllables(text);
  const sylSamples = Math.round(rate / (options.rate ?? 5));
  const gap = Math.round(rate * 0.05);
  const total = sylls.reduce((n, s) => n + sylSamples + (s.wordEnd ? gap : 0), 0) + gap;
  const out = new Float64Array(total);
  const f1 = new Resonator(rate);
  const f2 = new Resonator(rate);
  const f3 = new Resonator(rate);
  const hiss = new Resonator(rate);
  hiss.set(2800, 900);
  let seed = options.seed ?? 1234;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff - 0.5;
  };
  const pitch0 = options.pitchHz ?? 140;
  let phase = 0;
  let n = 0;
  for (const [k, s] of sylls.entries()) {
    const prev = sylls[k - 1]?.vowel ?? s.vowel;
    const onsetLen = s.onset === "none" ? 0 : Math.round(sylSamples * (s.onset === "fricative" ? 0.3 : 0.12));
    for (let i = 0; i < sylSamples; i++, n++) {
      const progress = n / total;
      const pitch = pitch0 * (1 - 0.33 * progress) * (1 + 0.03 * Math.sin(n / 300));
      // Formants glide from the previous vowel over the first third of the syllable.
      const glide = Math.min(1, i / (sylSamples / 3));
      f1.set(prev[0] + (s.vowel[0] - prev[0]) * glide, 90);
      f2.set(prev[1] + (s.vowel[1] - prev[1]) * glide, 110);
      f3.set(prev[2] + (s.vowel[2] - prev[2]) * glide, 170);
      let sample = 0;
      if (i < onsetLen) {
        // Consonant: noise through a high resonance (a plosive is a short silence, then a burst).
        const burst = s.onset === "plosive" ? (i > onsetLen * 0.6 ? 1 : 0) : 0.6;
        sample = 1.2 * burst * hiss.step(rand());
      } else {
        phase += pitch / rate;
        if (phase >= 1) phase -= 1;
        // Rosenberg-like glottal pulse: open phase 60 % of the period, then closed.
        const g = phase < 0.6 ? 0.5 * (1 - Math.cos(Math.PI * (phase / 0.6))) : 0;
        const voiced = f3.step(f2.step(f1.step(g - 0.3)));
        const v = i - onsetLen;
        const len = sylSamples - onsetLen;
        const env = Math.sin((Math.PI * (v + 0.5)) / len) ** 0.6;
        sample = env * voiced + 0.01 * rand();
      }
      out[n] = sample;
    }
    if (s.wordEnd) n += gap;
  }
  let max = 1e-9;
  for (let i = 0; i < total; i++) max = Math.max(max, Math.abs(out[i]!));
  const scale = (options.peak ?? 14000) / max;
  return Int16Array.from(out, (x) => Math.round(x * scale));
}
