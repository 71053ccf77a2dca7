// Shared by the voice provider tests: providers wired to the fake OpenAI server (a scenario of their own,
// reached over the network like the real API), and μ-law speech.

import { encodeMulaw } from "../../src/audio";
import { OpenAIHttp, type OpenAIClientOptions } from "../../src/providers/openai/http";
import { FakeOpenAI, type FakeOpenAIOptions } from "../fakes/openai-fake";
import { noise } from "../audio/signals";

export async function fakeOpenAI(options: FakeOpenAIOptions = {}) {
  const fake = await FakeOpenAI.create(options);
  // Tiny backoff so retry tests stay fast; everything else (the global fetch included) is the production default.
  const client: OpenAIClientOptions = { apiKey: fake.apiKey, baseUrl: fake.baseUrl, retryBaseDelayMs: 1 };
  return { fake, client, http: new OpenAIHttp(client) };
}

/** `ms` of speech-like noise as Twilio would send it: μ-law, 160-byte (20 ms) frames. */
export function mulawFrames(ms: number, seed = 1): Uint8Array[] {
  const audio = encodeMulaw(noise((ms / 1000) * 8000, 3000, seed));
  const frames: Uint8Array[] = [];
  for (let i = 0; i < audio.length; i += 160) frames.push(audio.slice(i, i + 160));
  return frames;
}

export { concatBytes } from "../../src/platform/bytes";

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Resolves with what `promise` rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection, but the promise resolved");
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
