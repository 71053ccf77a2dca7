// Shared by the voice provider tests: providers wired to the in-process fake OpenAI, and μ-law speech.

import { encodeMulaw } from "../../src/audio";
import { OpenAIHttp, type OpenAIClientOptions } from "../../src/providers/openai/http";
import { FAKE_BASE_URL, FakeOpenAI, type FakeOpenAIOptions } from "../fakes/openai-fake";
import { noise } from "../audio/signals";

export function fakeOpenAI(options: FakeOpenAIOptions = {}) {
  const fake = new FakeOpenAI(options);
  // Tiny backoff so retry tests stay fast; everything else is the production default.
  const client: OpenAIClientOptions = { apiKey: fake.apiKey, baseUrl: FAKE_BASE_URL, fetch: fake.fetch, retryBaseDelayMs: 1 };
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
