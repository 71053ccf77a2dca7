// The test side of the fake OpenAI server (test/fakes/openai-server.ts, started by globalSetup): a test
// registers its scenario under its own API key, points a provider at the server's URL with that key, and
// reads back what the server saw. Nothing here answers a provider request: the server does, over HTTP and
// WebSocket, so the providers' real network paths are what is tested.

import { inject } from "vitest";
import { base64ToBytes } from "../../src/providers/openai/base64";
import type { ChatRequestBody } from "./openai-server-chat";
import type { Endpoint, FakeOpenAILogJson, FakeOpenAIOptions, Fault } from "./openai-server-shared";

export type { Endpoint, FakeChatReply, FakeLatency, FakeOpenAIOptions, Fault } from "./openai-server-shared";

/** The fake server's API base, as OPENAI_BASE_URL would name it. */
export function fakeOpenAIBaseUrl(): string {
  return `${inject("fakeOpenAIUrl")}/v1`;
}

/** What the server saw for one scenario. */
export interface FakeOpenAILog {
  requests: Array<{ endpoint: Endpoint; method: string; url: string; headers: Headers }>;
  /** Requests the caller gave up on (it closed the connection while the fake was still working). */
  aborted: Endpoint[];
  realtime: { connections: number; clientEvents: Array<Record<string, any>>; committedAudio: Uint8Array[] };
  transcriptionUploads: Array<{ model: string; filename: string; bytes: Uint8Array }>;
  chatBodies: ChatRequestBody[];
  speech: { chunksSent: number; lastPcm: Uint8Array; requests: Array<{ model: string; voice: unknown }> };
  count(endpoint: Endpoint): number;
}

export class FakeOpenAI {
  private constructor(
    readonly apiKey: string,
    readonly baseUrl: string,
  ) {}

  /** Registers a new scenario on the server, under a key of its own. */
  static async create(options: FakeOpenAIOptions = {}): Promise<FakeOpenAI> {
    const fake = new FakeOpenAI(`sk-fake-${crypto.randomUUID().replaceAll("-", "")}`, fakeOpenAIBaseUrl());
    await fake.control("PUT", "", options);
    return fake;
  }

  /** Queues faults for an endpoint; each request to it uses up one, in order. */
  async fail(endpoint: Endpoint, ...faults: Fault[]): Promise<this> {
    await this.control("POST", "/faults", { endpoint, faults });
    return this;
  }

  async log(): Promise<FakeOpenAILog> {
    const raw = (await (await this.control("GET", "")).json()) as FakeOpenAILogJson;
    const requests = raw.requests.map((r) => ({ ...r, headers: new Headers(r.headers) }));
    return {
      requests,
      aborted: raw.aborted,
      realtime: { ...raw.realtime, committedAudio: raw.realtime.committedAudio.map(base64ToBytes) },
      transcriptionUploads: raw.transcriptionUploads.map((u) => ({ ...u, bytes: base64ToBytes(u.bytes) })),
      chatBodies: raw.chatBodies as ChatRequestBody[],
      speech: { chunksSent: raw.speech.chunksSent, lastPcm: base64ToBytes(raw.speech.lastPcm), requests: raw.speech.requests },
      count: (endpoint) => requests.filter((r) => r.endpoint === endpoint).length,
    };
  }

  async count(endpoint: Endpoint): Promise<number> {
    return (await this.log()).count(endpoint);
  }

  /** Forgets the scenario (its key stops working). */
  async dispose(): Promise<void> {
    await this.control("DELETE", "");
  }

  private async control(method: string, suffix: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${inject("fakeOpenAIUrl")}/__control/scenarios/${this.apiKey}${suffix}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok && !(method === "DELETE" && res.status === 404)) throw new Error(`fake OpenAI control ${method} ${suffix || "/"}: ${res.status} ${await res.text()}`);
    return res;
  }
}
