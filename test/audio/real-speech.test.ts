// The media tests' hotel voice: espeak-ng through test/setup/real-speech.ts when it is installed.
import { describe, expect, it } from "vitest";
import { Vad } from "../../src/audio";
import { hotelSpeech, realSpeech } from "../fakes/speech";

describe("the hotel's voice in media tests", () => {
  it.skipIf(!realSpeech())("is espeak-ng's speech at 8 kHz: seconds of voiced audio the VAD hears start and end", async () => {
    const pcm = await hotelSpeech("Yes of course we can email the folio");
    expect(pcm.length / 8000).toBeGreaterThan(1.2);
    expect(pcm.length / 8000).toBeLessThan(5);
    let sum = 0;
    for (const v of pcm) sum += v * v;
    expect(Math.sqrt(sum / pcm.length)).toBeGreaterThan(1000);
    // Framed as a call would carry it (with silence after), the VAD finds one utterance.
    const vad = new Vad();
    const events: string[] = [];
    const padded = new Int16Array(pcm.length + 8000);
    padded.set(pcm);
    for (let i = 0; i + 160 <= padded.length; i += 160) {
      const e = vad.process(padded.subarray(i, i + 160));
      if (e) events.push(e.type);
    }
    expect(events[0]).toBe("speech_start");
    expect(events.at(-1)).not.toBe("speech_start");
    // The same text twice is the same audio (cached), and different text is different audio.
    expect(await hotelSpeech("Yes of course we can email the folio")).toEqual(pcm);
    expect((await hotelSpeech("Sure we can do that")).length).not.toBe(pcm.length);
  });
});
