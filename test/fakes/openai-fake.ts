// A fake OpenAI that speaks the real protocols, in process, for workerd tests and the offline twin:
//   GET  /v1/realtime?intent=transcription   WebSocket (beta transcription events)
//   POST /v1/audio/transcriptions            multipart, a WAV file
//   POST /v1/chat/completions                JSON or SSE stream, tools, json_schema structured output
//   POST /v1/audio/speech                    streamed raw PCM16 24 kHz
// It validates what the real API validates (auth, required fields, model names, strict schemas) and
// answers with OpenAI-shaped errors, so a client bug shows up here instead of on a live call. Latencies
// are configurable per stage, and faults (HTTP 500, 429 with Retry-After, a dropped socket or stream,
// a request that never answers, a network failure) are queued per endpoint, one per request.
//
// Pass `fake.fetch` as the provider's injected fetch; `fake.handle(request)` is the bare handler.

import { handleSpeech, handleTranscription } from "./openai-fake-audio";
import { handleChat, type ChatRequestBody, type FakeChatReply } from "./openai-fake-chat";
import { handleRealtime } from "./openai-fake-realtime";
import { openAIError, type Endpoint, type Fault, type FakeLatency } from "./openai-fake-shared";

export type { Endpoint, Fault, FakeLatency } from "./openai-fake-shared";
export type { FakeChatReply } from "./openai-fake-chat";

export const FAKE_API_KEY = "sk-fake-0123456789";
export const FAKE_BASE_URL = "https://api.openai.test/v1";

export interface FakeOpenAIOptions {
  apiKey?: string;
  /** What the caller said; a function gets the utterance's length and which path asked. */
  transcript?: string | ((info: { via: "realtime" | "rest"; seconds: number }) => string);
  /** The model's reply; a function gets the parsed request body. */
  chat?: FakeChatReply | ((body: ChatRequestBody) => FakeChatReply);
  /** Number of chunks /audio/speech streams its PCM in. Default 4. */
  speechChunks?: number;
  /** Characters per streamed chat delta. Default 5 (about a token), so words split across deltas. */
  chatDeltaChars?: number;
  latency?: Partial<FakeLatency>;
}

export interface SeenRequest {
  endpoint: Endpoint;
  method: string;
  url: string;
  headers: Headers;
}

export class FakeOpenAI {
  readonly requests: SeenRequest[] = [];
  /** Requests the caller gave up on (their abort signal fired while the fake was still working). */
  readonly aborted: Endpoint[] = [];
  readonly realtime = {
    /** Sockets accepted. */
    connections: 0,
    /** Every client event received, parsed, in order. */
    clientEvents: [] as Array<Record<string, any>>,
    /** The audio of each successful commit, as received (base64-decoded). */
    committedAudio: [] as Uint8Array[],
  };
  /** REST transcription uploads: the model and the file bytes. */
  readonly transcriptionUploads: Array<{ model: string; filename: string; bytes: Uint8Array }> = [];
  /** Parsed bodies of chat completion requests. */
  readonly chatBodies: ChatRequestBody[] = [];
  readonly speech = { chunksSent: 0, lastPcm: new Uint8Array(0) as Uint8Array };
  readonly latency: FakeLatency;
  private readonly faults = new Map<Endpoint, Fault[]>();

  constructor(readonly options: FakeOpenAIOptions = {}) {
    this.latency = { sttFinalMs: 0, llmFirstTokenMs: 0, ttsFirstByteMs: 0, chunkGapMs: 1, ...options.latency };
    this.handle = this.handle.bind(this); // usable detached, as a plain (req) => Promise<Response>
  }

  get apiKey(): string {
    return this.options.apiKey ?? FAKE_API_KEY;
  }

  /** Queues faults for an endpoint; each request to it uses up one, in order. */
  fail(endpoint: Endpoint, ...faults: Fault[]): this {
    this.faults.set(endpoint, [...(this.faults.get(endpoint) ?? []), ...faults]);
    return this;
  }

  transcriptFor(via: "realtime" | "rest", seconds: number): string {
    const t = this.options.transcript ?? "Hello, this is the front desk.";
    return typeof t === "function" ? t({ via, seconds }) : t;
  }

  chatReply(body: ChatRequestBody): FakeChatReply {
    const c = this.options.chat ?? { text: "Certainly." };
    return typeof c === "function" ? c(body) : c;
  }

  count(endpoint: Endpoint): number {
    return this.requests.filter((r) => r.endpoint === endpoint).length;
  }

  /** fetch-compatible: what the providers get injected. */
  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> =>
    this.handle(new Request(input, init), init?.signal ?? undefined);

  async handle(req: Request, signal: AbortSignal | undefined = req.signal): Promise<Response> {
    const url = new URL(req.url);
    const endpoint = route(url.pathname);
    if (!endpoint) return openAIError(404, `Invalid URL (${req.method} ${url.pathname})`);
    this.requests.push({ endpoint, method: req.method, url: req.url, headers: new Headers(req.headers) });
    const auth = req.headers.get("authorization");
    if (!auth) {
      return openAIError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    if (auth !== `Bearer ${this.apiKey}`) {
      return openAIError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
    }
    const fault = this.faults.get(endpoint)?.shift();
    if (fault?.kind === "network") throw new TypeError("Network connection lost.");
    if (fault?.kind === "timeout") return this.never(endpoint, signal);
    if (fault?.kind === "status") {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
      if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
      const message = fault.message ?? (fault.status === 429 ? "Rate limit reached for requests" : "The server had an error while processing your request. Sorry about that!");
      return openAIError(fault.status, message, { headers, code: fault.status === 429 ? "rate_limit_exceeded" : null, type: fault.status === 429 ? "requests" : undefined });
    }
    const drop = fault?.kind === "drop" ? fault : undefined;
    switch (endpoint) {
      case "realtime":
        return handleRealtime(this, req, drop);
      case "transcriptions":
        return handleTranscription(this, req);
      case "chat":
        return handleChat(this, req, drop);
      case "speech":
        return handleSpeech(this, req, drop);
    }
  }

  /** A request that never answers; rejects like fetch does when the caller aborts. */
  private never(endpoint: Endpoint, signal: AbortSignal | undefined): Promise<Response> {
    return new Promise((_, reject) => {
      signal?.addEventListener("abort", () => {
        this.aborted.push(endpoint);
        reject(signal.reason ?? new DOMException("The operation was aborted.", "AbortError"));
      });
    });
  }
}

function route(pathname: string): Endpoint | null {
  const path = pathname.replace(/\/+$/, "");
  if (path.endsWith("/v1/realtime")) return "realtime";
  if (path.endsWith("/v1/audio/transcriptions")) return "transcriptions";
  if (path.endsWith("/v1/chat/completions")) return "chat";
  if (path.endsWith("/v1/audio/speech")) return "speech";
  return null;
}
