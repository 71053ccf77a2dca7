// The hotel's voice in the media tests: real speech from espeak-ng (test/setup/real-speech.ts) when it is
// installed, else the formant synthesizer (speech-like, not words), with a warning that says so once.
import { inject } from "vitest";
import { synthesizeSpeech } from "./speech-synth";

let warned = false;

/** `text` spoken, as PCM16 at 8 kHz. */
export async function hotelSpeech(text: string): Promise<Int16Array> {
  const url = inject("speechUrl");
  if (!url) {
    if (!warned) console.warn("espeak-ng is not installed: the media tests speak with the formant synthesizer (apt-get install espeak-ng for real speech)");
    warned = true;
    return synthesizeSpeech(text);
  }
  const res = await fetch(`${url}/speak`, { method: "POST", body: text });
  if (!res.ok) throw new Error(`espeak-ng could not say ${JSON.stringify(text)}: ${res.status} ${await res.text()}`);
  const bytes = new Uint8Array(await res.arrayBuffer());
  return new Int16Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 2);
}

/** True when the speech is espeak-ng's (real words), not the synthesizer's. */
export function realSpeech(): boolean {
  return inject("speechUrl") !== "";
}
