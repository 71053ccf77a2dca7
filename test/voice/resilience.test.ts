import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OpenAIBrain } from "../../src/providers/openai/brain";
import { OpenAITextToSpeech } from "../../src/providers/openai/tts";
import { ProviderError } from "../../src/providers/voice";
import { collect, fakeOpenAI, rejection } from "./helpers";

const Yes = z.object({ yes: z.boolean() });
const ask = [{ role: "user" as const, content: "Is the folio ready?" }];

describe("retries, timeouts and errors", () => {
  it("retries 500 and 429 (honouring retry-after-ms), then succeeds", async () => {
    const { fake, client } = await fakeOpenAI({ chat: { content: '{"yes":true}' } });
    await fake.fail("chat", { kind: "status", status: 500 }, { kind: "status", status: 429, retryAfterMs: 120 });
    const brain = new OpenAIBrain({ ...client, model: "gpt-4.1-mini", retries: 2 });
    const started = performance.now();
    expect(await brain.decide(ask, Yes)).toEqual({ yes: true });
    expect(await fake.count("chat")).toBe(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100); // waited for the server's hint
  });

  it("retries a network failure", async () => {
    const { fake, client } = await fakeOpenAI();
    await fake.fail("speech", { kind: "network" });
    const chunks = await collect(new OpenAITextToSpeech({ ...client, model: "tts-1", voice: "nova" }).speak("Hello."));
    expect(chunks.length).toBeGreaterThan(0);
    expect(await fake.count("speech")).toBe(2);
  });

  it("gives up after the configured retries with the last error", async () => {
    const { fake, client } = await fakeOpenAI();
    await fake.fail("chat", ...Array.from({ length: 5 }, () => ({ kind: "status" as const, status: 502 })));
    const err = (await rejection(new OpenAIBrain({ ...client, model: "gpt-4.1-mini", retries: 2 }).decide(ask, Yes))) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.details.status).toBe(502);
    expect(err.details.type).toBe("server_error");
    expect(await fake.count("chat")).toBe(3);
  });

  it("does not retry a client error, and keeps OpenAI's code", async () => {
    const { fake, client } = await fakeOpenAI();
    const err = (await rejection(new OpenAIBrain({ ...client, model: "gpt-9-imaginary" }).decide(ask, Yes))) as ProviderError;
    expect(err).toMatchObject({ kind: "http", operation: "llm", details: { status: 404, code: "model_not_found" } });
    expect(err.message).toContain("gpt-9-imaginary");
    expect(await fake.count("chat")).toBe(1);
  });

  it("turns a request that never answers into a timeout ProviderError, and aborts it", async () => {
    const { fake, client } = await fakeOpenAI();
    await fake.fail("chat", { kind: "timeout" });
    const err = (await rejection(new OpenAIBrain({ ...client, model: "gpt-4.1-mini", timeoutMs: 50 }).decide(ask, Yes))) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe("timeout");
    expect(err.retryable).toBe(false);
    // The server sees the connection close once the client gives up (a moment later, over the network).
    let aborted: string[] = [];
    for (let i = 0; i < 100 && aborted.length === 0; i++) {
      aborted = (await fake.log()).aborted;
      if (aborted.length === 0) await new Promise((r) => setTimeout(r, 10));
    }
    expect(aborted).toEqual(["chat"]);
    expect(await fake.count("chat")).toBe(1); // the deadline covers retries: no second attempt after it
  });

  it("times out a stream that goes quiet", async () => {
    const { client } = await fakeOpenAI({ latency: { ttsFirstByteMs: 5_000 } });
    const tts = new OpenAITextToSpeech({ ...client, model: "tts-1", voice: "nova", idleTimeoutMs: 50 });
    const err = (await rejection(collect(tts.speak("Hello.")))) as ProviderError;
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe("timeout");
  });

  it("rethrows the caller's abort reason as is", async () => {
    const { fake, client } = await fakeOpenAI();
    await fake.fail("chat", { kind: "timeout" });
    const controller = new AbortController();
    const pending = new OpenAIBrain({ ...client, model: "gpt-4.1-mini" }).decide(ask, Yes, { signal: controller.signal });
    const reason = new Error("caller barged in");
    setTimeout(() => controller.abort(reason), 10);
    expect(await rejection(pending)).toBe(reason);
  });
});
