import { describe, expect, it } from "vitest";
import { Vad, type VadEvent, type VadOptions } from "../../src/audio/vad";
import { concat, mix, noise, speechBurst, tone } from "./signals";

const ms = (n: number) => (n * 8000) / 1000; // samples at 8 kHz

/** Runs PCM through a VAD in 20 ms frames; returns the events and the VAD. */
function run(pcm: Int16Array, options: VadOptions = {}, onFrame?: (vad: Vad, frameIndex: number) => void) {
  const vad = new Vad(options);
  const events: VadEvent[] = [];
  for (let i = 0, f = 0; i + 160 <= pcm.length; i += 160, f++) {
    const e = vad.process(pcm.subarray(i, i + 160));
    if (e) events.push(e);
    onFrame?.(vad, f);
  }
  return { events, vad };
}

/** Background line noise (about -50 dBFS) under the whole signal. */
const withLine = (pcm: Int16Array, seed = 11) => mix(pcm, noise(pcm.length, 100, seed));
const quiet = (msLen: number) => new Int16Array(ms(msLen));

describe("VAD: no speech", () => {
  it("stays silent on digital silence and on steady noise at several levels", () => {
    expect(run(quiet(3000)).events).toEqual([]);
    for (const level of [30, 300, 1500]) expect(run(noise(ms(5000), level, level)).events).toEqual([]);
  });

  it("ignores a click: one loud frame is shorter than minSpeechMs", () => {
    const click = concat(quiet(1000), noise(160, 8000, 2), quiet(1000));
    expect(run(withLine(click)).events).toEqual([]);
  });
});

describe("VAD: speech and endpointing", () => {
  const utterance = withLine(concat(quiet(1000), speechBurst(ms(1200), 8000), quiet(1500)));

  it("emits speech_start at the onset and speech_end after 500 ms of silence by default", () => {
    const { events } = run(utterance);
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
    const [start, end] = events as [Extract<VadEvent, { type: "speech_start" }>, Extract<VadEvent, { type: "speech_end" }>];
    expect(start.atMs).toBeGreaterThanOrEqual(1000);
    expect(start.atMs).toBeLessThanOrEqual(1060);
    expect(end.startMs).toBe(start.atMs);
    expect(end.lastVoiceMs).toBeGreaterThan(2100);
    expect(end.lastVoiceMs).toBeLessThanOrEqual(2220);
    expect(end.silenceMs).toBe(500);
    expect(end.atMs - end.lastVoiceMs).toBe(500);
  });

  it("ends the turn after 250 ms once the transcript reads complete", () => {
    const { events } = run(utterance, {}, (vad, f) => {
      if (f === 90) vad.setTranscriptComplete(true); // 1.8 s: mid-utterance, after speech_start
    });
    const end = events.find((e) => e.type === "speech_end") as Extract<VadEvent, { type: "speech_end" }>;
    // 250 ms is 12.5 frames: the endpoint waits the 13th (never less than asked).
    expect(end.silenceMs).toBe(260);
    expect(end.atMs - end.lastVoiceMs).toBe(260);
  });

  it("honours configured silences", () => {
    const { events } = run(utterance, { silenceMs: 800 });
    const end = events.find((e) => e.type === "speech_end") as Extract<VadEvent, { type: "speech_end" }>;
    expect(end.atMs - end.lastVoiceMs).toBe(800);
  });

  it("bridges a 300 ms pause inside a turn, but not once the transcript reads complete", () => {
    const twoPhrases = withLine(concat(quiet(800), speechBurst(ms(900), 8000, 3), quiet(300), speechBurst(ms(900), 8000, 4), quiet(1200)));
    expect(run(twoPhrases).events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
    const complete = run(twoPhrases, {}, (vad, f) => {
      if (f === 80) vad.setTranscriptComplete(true); // during the first phrase
    });
    expect(complete.events.map((e) => e.type)).toEqual(["speech_start", "speech_end", "speech_start", "speech_end"]);
    // speech_start cleared the flag, so the second phrase waited the full 500 ms.
    expect((complete.events[3] as Extract<VadEvent, { type: "speech_end" }>).silenceMs).toBe(500);
  });

  it("keeps `speaking` true through the hangover, then false while the endpoint is still pending", () => {
    const seen: Array<[number, boolean, boolean]> = [];
    run(utterance, { hangoverMs: 200 }, (vad, f) => seen.push([f, vad.speaking, vad.inUtterance]));
    const lastSpeaking = seen.filter(([, s]) => s).at(-1)![0];
    const lastInUtterance = seen.filter(([, , u]) => u).at(-1)![0];
    expect(lastSpeaking * 20).toBeGreaterThan(2200);
    expect(lastSpeaking * 20).toBeLessThanOrEqual(2440);
    expect(lastInUtterance).toBeGreaterThan(lastSpeaking + 10); // silence ran on to the 500 ms endpoint
  });

  it("detects speech at the very start of the stream", () => {
    const { events } = run(withLine(concat(speechBurst(ms(1500), 8000, 5), quiet(1000))));
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end"]);
    expect(events[0]!.atMs).toBeLessThan(300);
  });
});

describe("VAD: adaptive noise floor", () => {
  it("tracks the background: the floor settles just under the noise level", () => {
    const { vad } = run(noise(ms(4000), 1000, 4));
    expect(vad.noiseFloorDb).toBeGreaterThan(-32 - 3); // 1000 rms ≈ -30.3 dBFS; the floor is its minimum
    expect(vad.noiseFloorDb).toBeLessThan(-30);
  });

  it("recovers when the background gets loud: a step in noise ends within the floor window, then speech over it is heard", () => {
    const signal = concat(
      withLine(quiet(1000)),
      noise(ms(6000), 2000, 5), // loud steady noise (about -24 dBFS) for 6 s
      mix(noise(ms(1500), 2000, 6), speechBurst(ms(1500), 20000, 6)), // speech 20 dB over it
      noise(ms(1500), 2000, 7),
    );
    const { events } = run(signal);
    expect(events.map((e) => e.type)).toEqual(["speech_start", "speech_end", "speech_start", "speech_end"]);
    const [stepStart, stepEnd, start, end] = events;
    // The step itself looks like speech at first (it is 26 dB louder)...
    expect(stepStart!.atMs).toBe(1000);
    // ...until the floor window (3 s) has seen only the new noise; then the usual 500 ms endpoint.
    expect(stepEnd!.atMs).toBeLessThanOrEqual(1000 + 3000 + 520);
    // Afterwards, speech 20 dB over the loud noise is found, and its end too.
    expect(start!.atMs).toBeGreaterThanOrEqual(7000);
    expect(start!.atMs).toBeLessThan(7100);
    expect(end!.atMs).toBeLessThan(8500 + 600);
  });

  it("does not count a quiet hum as speech even after digital silence", () => {
    // -50 dBFS floor guard: a faint 50 Hz hum after true silence stays below minEnergyDb.
    expect(run(concat(quiet(1000), tone(ms(2000), 50, 80))).events).toEqual([]);
  });
});
