// Audio hot paths (src/audio), timed in Node: they are pure CPU, and workerd's clock is too coarse to time
// microsecond work. Prints one `BENCH {json}` line. Exits non-zero if our μ-law differs from alawmulaw's
// on any of the 65,536 PCM inputs or any of the 256 bytes.
import * as alawmulaw from "alawmulaw";
import { decodeMulaw, decodeMulawInto, encodeMulaw, encodeMulawInto } from "../src/audio/mulaw";
import { createTtsToPhoneResampler } from "../src/audio/resample";
import { MulawTrack } from "../src/audio/track";
import { Vad } from "../src/audio/vad";

// In Node the package resolves to its UMD build, whose exports arrive as the default export.
type MulawApi = typeof alawmulaw.mulaw;
const ref: MulawApi = alawmulaw.mulaw ?? (alawmulaw as unknown as { default: { mulaw: MulawApi } }).default.mulaw;

/** Deterministic speech-like PCM: syllable-rate bursts of a harmonic voice, pauses, and line noise. */
function speechLike(samples: number, rate: number, seed = 1): Int16Array {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
  const out = new Int16Array(samples);
  let phase = 0;
  for (let i = 0; i < samples; i++) {
    const t = i / rate;
    const talking = Math.sin(2 * Math.PI * 0.3 * t) > -0.3; // ~65 % talk, then pauses
    phase += (2 * Math.PI * 140 * (1 + 0.1 * Math.sin(2 * Math.PI * 1.1 * t))) / rate;
    const voice = Math.sin(phase) + 0.5 * Math.sin(2 * phase) + 0.3 * Math.sin(3 * phase);
    const env = talking ? 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * t) : 0;
    out[i] = Math.round(6000 * env * voice + (rand() - 0.5) * 300);
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const round = (x: number, digits = 3) => Number(x.toFixed(digits));

// --- Correctness gate: identical bytes to alawmulaw for every input. ---
const allPcm = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i);
const oursEnc = encodeMulaw(allPcm);
const refEnc = ref.encode(allPcm);
const oursDec = decodeMulaw(allBytes);
const refDec = ref.decode(allBytes);
let mismatches = 0;
for (let i = 0; i < 65536; i++) if (oursEnc[i] !== refEnc[i]) mismatches++;
for (let i = 0; i < 256; i++) if (oursDec[i] !== refDec[i]) mismatches++;
if (mismatches > 0) {
  console.error(`μ-law mismatch against alawmulaw on ${mismatches} inputs`);
  process.exit(1);
}

// --- Inbound: per 20 ms frame, μ-law decode + VAD + append to the recording track. ---
function inbound(): number {
  const FRAMES = 100_000; // 33 minutes of audio
  const source = encodeMulaw(speechLike(8000 * 60, 8000, 3)); // one minute, cycled
  const sourceFrames = source.length / 160;
  const pcm = new Int16Array(160);
  const run = (frames: number) => {
    const vad = new Vad();
    const track = new MulawTrack({ maxSamples: frames * 160 });
    let events = 0;
    const t0 = performance.now();
    for (let f = 0; f < frames; f++) {
      const frame = source.subarray((f % sourceFrames) * 160, (f % sourceFrames) * 160 + 160);
      decodeMulawInto(frame, pcm);
      if (vad.process(pcm)) events++;
      track.append(frame);
    }
    const elapsed = performance.now() - t0;
    if (events === 0 || track.length !== frames * 160) throw new Error("inbound bench did no real work");
    return (elapsed * 1000) / frames;
  };
  run(10_000); // warm-up: let the JIT compile the hot loop
  return median([run(FRAMES), run(FRAMES), run(FRAMES)]);
}

// --- Outbound: 24 kHz TTS PCM → 8 kHz → μ-law, in 100 ms chunks as a TTS stream delivers them. ---
function outbound(): { seconds: number; factor: number } {
  const SECONDS = 60;
  const tts = speechLike(24000 * SECONDS, 24000, 5);
  const CHUNK = 2400;
  const run = () => {
    const r = createTtsToPhoneResampler();
    const pcm8 = new Int16Array(r.maxOutput(CHUNK));
    const ulaw = new Uint8Array(pcm8.length);
    let produced = 0;
    const t0 = performance.now();
    for (let i = 0; i < tts.length; i += CHUNK) {
      const n = r.processInto(tts.subarray(i, i + CHUNK), pcm8);
      encodeMulawInto(pcm8.subarray(0, n), ulaw);
      produced += n;
    }
    const elapsed = performance.now() - t0;
    if (Math.abs(produced - 8000 * SECONDS) > 1) throw new Error(`outbound produced ${produced} samples`);
    return elapsed / 1000 / SECONDS;
  };
  run(); // warm-up
  return { seconds: SECONDS, factor: median([run(), run(), run()]) };
}

// --- μ-law throughput, ours vs alawmulaw, same data, alternating runs. ---
function throughput() {
  const N = 1 << 20;
  const pcm = speechLike(N, 8000, 9);
  const ulaw = ref.encode(pcm);
  const REPS = 8;
  const time = (fn: () => unknown) => {
    const t0 = performance.now();
    fn();
    return performance.now() - t0;
  };
  const t = { oursEnc: [] as number[], refEnc: [] as number[], oursDec: [] as number[], refDec: [] as number[] };
  for (let rep = 0; rep < REPS + 2; rep++) {
    // Both sides use the allocating API (alawmulaw has no other), alternating so drift hits both.
    const a = time(() => encodeMulaw(pcm));
    const b = time(() => ref.encode(pcm));
    const c = time(() => decodeMulaw(ulaw));
    const d = time(() => ref.decode(ulaw));
    if (rep < 2) continue; // warm-up
    t.oursEnc.push(a);
    t.refEnc.push(b);
    t.oursDec.push(c);
    t.refDec.push(d);
  }
  const msps = (ms: number[]) => N / 1e6 / (median(ms) / 1000);
  const side = (ours: number[], theirs: number[]) => ({
    ours_msamples_s: round(msps(ours), 1),
    alawmulaw_msamples_s: round(msps(theirs), 1),
    speedup: round(msps(ours) / msps(theirs), 2),
  });
  return { samples: N, encode: side(t.oursEnc, t.refEnc), decode: side(t.oursDec, t.refDec), identical_all_inputs: true };
}

const inboundUs = inbound();
const out = outbound();
const mulaw = throughput();
console.log(
  `BENCH ${JSON.stringify({
    inbound_frame_us: { mean: round(inboundUs, 3), frames: 100_000, target: 20 },
    outbound_rt_factor: { value: round(out.factor, 5), seconds: out.seconds, target: 0.05 },
    mulaw_vs_alawmulaw: mulaw,
  })}`,
);
