// A fake OpenAI as a local server (Node, started by vitest's globalSetup on 127.0.0.1 and a random port),
// speaking the real protocols, so the providers under test use their real fetch and WebSocket paths:
//   GET  /v1/realtime?intent=transcription   WebSocket upgrade (beta transcription events)
//   POST /v1/audio/transcriptions            multipart, a WAV file
//   POST /v1/chat/completions                JSON or SSE stream, tools, json_schema structured output
//   POST /v1/audio/speech                    streamed raw PCM16 24 kHz
// It validates what the real API validates (auth, required fields, model names, strict schemas) and
// answers with OpenAI-shaped errors, so a client bug shows up here instead of on a live call.
//
// Tests stay independent through their API key: each test registers a scenario under its own key
// (PUT /__control/scenarios/<key>) and every request is served from the scenario its bearer key names.
// The control API also queues faults (POST .../faults: HTTP 5xx, 429 with retry-after, a connection reset,
// a dropped stream or socket, a request that never answers) and returns what the server saw (GET ...).

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { createRequire } from "node:module";
import type * as WS from "ws";
import { base64, readJson, refuseUpgrade, resetConnection, sendJson, sendResponse, toRequest } from "./node-http";
import { handleSpeech, handleTranscription } from "./openai-server-audio";
import { handleChat, type ChatRequestBody } from "./openai-server-chat";
import { refuseRealtime, serveRealtime } from "./openai-server-realtime";
import { openAIError, type Endpoint, type FakeChatReply, type FakeLatency, type FakeOpenAILogJson, type FakeOpenAIOptions, type Fault } from "./openai-server-shared";

// Loaded through Node's own resolver: vitest's transform would pick ws's browser stub.
const { WebSocketServer } = createRequire(import.meta.url)("ws") as typeof WS;

/** One test's fake OpenAI: its script, its queued faults and everything it saw. */
export class OpenAIScenario {
  readonly requests: Array<{ endpoint: Endpoint; method: string; url: string; headers: Headers }> = [];
  readonly aborted: Endpoint[] = [];
  readonly realtime = { connections: 0, clientEvents: [] as Array<Record<string, any>>, committedAudio: [] as Uint8Array[] };
  readonly transcriptionUploads: Array<{ model: string; filename: string; bytes: Uint8Array }> = [];
  readonly chatBodies: ChatRequestBody[] = [];
  readonly speech = { chunksSent: 0, lastPcm: new Uint8Array(0) as Uint8Array, requests: [] as Array<{ model: string; voice: unknown }> };
  readonly latency: FakeLatency;
  private readonly faults = new Map<Endpoint, Fault[]>();
  private utterances = 0;
  private chats = 0;

  constructor(readonly options: FakeOpenAIOptions = {}) {
    this.latency = { sttFinalMs: 0, llmFirstTokenMs: 0, ttsFirstByteMs: 0, chunkGapMs: 1, ...options.latency };
  }

  fail(endpoint: Endpoint, faults: Fault[]): void {
    this.faults.set(endpoint, [...(this.faults.get(endpoint) ?? []), ...faults]);
  }

  /** The first fault queued for the endpoint that applies to a request with this body. */
  takeFault(endpoint: Endpoint, body = ""): Fault | undefined {
    const queue = this.faults.get(endpoint) ?? [];
    const i = queue.findIndex((f) => f.match === undefined || body.includes(f.match));
    return i < 0 ? undefined : queue.splice(i, 1)[0];
  }

  transcriptFor(via: "realtime" | "rest", _seconds: number): string {
    const t = this.options.transcript ?? "Hello, this is the front desk.";
    if (typeof t === "string") return t;
    if (Array.isArray(t)) return t[this.utterances++] ?? "";
    return t[via] ?? "";
  }

  chatReply(_body: ChatRequestBody): FakeChatReply {
    const c = this.options.chat ?? { text: "Certainly." };
    if (!Array.isArray(c)) return c;
    return c[Math.min(this.chats++, c.length - 1)] ?? { text: "" };
  }

  toJSON(): FakeOpenAILogJson {
    return {
      requests: this.requests.map((r) => ({ ...r, headers: Object.fromEntries(r.headers) })),
      aborted: this.aborted,
      realtime: { connections: this.realtime.connections, clientEvents: this.realtime.clientEvents, committedAudio: this.realtime.committedAudio.map(base64) },
      transcriptionUploads: this.transcriptionUploads.map((u) => ({ ...u, bytes: base64(u.bytes) })),
      chatBodies: this.chatBodies,
      speech: { chunksSent: this.speech.chunksSent, lastPcm: base64(this.speech.lastPcm), requests: this.speech.requests },
    };
  }
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function startOpenAIServer(): Promise<RunningServer> {
  const scenarios = new Map<string, OpenAIScenario>();
  const wss = new WebSocketServer({ noServer: true });
  let origin = "";

  /** The scenario a request's bearer key names, or the 401 the real API gives. */
  function authorize(req: Request): OpenAIScenario | Response {
    const auth = req.headers.get("authorization");
    if (!auth) {
      return openAIError(401, "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }
    const scenario = auth.startsWith("Bearer ") ? scenarios.get(auth.slice(7)) : undefined;
    return scenario ?? openAIError(401, "Incorrect API key provided.", { code: "invalid_api_key" });
  }

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path.startsWith("/__control/")) return control(req, res, path);
    const request = await toRequest(req, origin);
    const endpoint = route(path);
    if (!endpoint) return sendResponse(res, openAIError(404, `Invalid URL (${req.method} ${path})`));
    const scenario = authorize(request);
    if (scenario instanceof Response) return sendResponse(res, scenario);
    scenario.requests.push({ endpoint, method: request.method, url: request.url, headers: request.headers });
    const fault = scenario.takeFault(endpoint, await request.clone().text());
    if (fault?.kind === "network") return resetConnection(req.socket, `openai ${endpoint}`);
    if (fault?.kind === "timeout") {
      // Never answers; the client's abort closes the connection.
      res.on("close", () => scenario.aborted.push(endpoint));
      return;
    }
    if (fault?.kind === "status") return sendResponse(res, statusFault(fault));
    const drop = fault?.kind === "drop" ? fault : undefined;
    switch (endpoint) {
      case "realtime":
        return sendResponse(res, refuseRealtime(request) ?? openAIError(400, "expected a WebSocket upgrade"));
      case "transcriptions":
        return sendResponse(res, await handleTranscription(scenario, request));
      case "chat":
        return sendResponse(res, await handleChat(scenario, request, drop));
      case "speech":
        return sendResponse(res, await handleSpeech(scenario, request, drop));
    }
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!;
    const request = await toRequest(req, origin);
    if (route(path) !== "realtime") return refuseUpgrade(socket, openAIError(404, `Invalid URL (${req.method} ${path})`));
    const scenario = authorize(request);
    if (scenario instanceof Response) return refuseUpgrade(socket, scenario);
    scenario.requests.push({ endpoint: "realtime", method: request.method, url: request.url, headers: request.headers });
    const fault = scenario.takeFault("realtime");
    if (fault?.kind === "network") return resetConnection(socket, "openai realtime", "upgrade");
    if (fault?.kind === "timeout") {
      socket.on("close", () => scenario.aborted.push("realtime"));
      return;
    }
    if (fault?.kind === "status") return refuseUpgrade(socket, statusFault(fault));
    const refused = refuseRealtime(request);
    if (refused) return refuseUpgrade(socket, refused);
    wss.handleUpgrade(req, socket, head, (ws) => serveRealtime(scenario, ws, fault));
  }

  /** The control API: scenarios by key, faults, and what a scenario saw. */
  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const m = path.match(/^\/__control\/scenarios\/([^/]+)(\/faults)?$/);
    if (!m) return sendJson(res, 404, { error: "no such control route" });
    const key = decodeURIComponent(m[1]!);
    if (m[2]) {
      const scenario = scenarios.get(key);
      if (!scenario || req.method !== "POST") return sendJson(res, 404, { error: "no such scenario" });
      const { endpoint, faults } = await readJson<{ endpoint: Endpoint; faults: Fault[] }>(req);
      scenario.fail(endpoint, faults);
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === "PUT") {
      scenarios.set(key, new OpenAIScenario(await readJson<FakeOpenAIOptions>(req)));
      return sendJson(res, 201, { ok: true });
    }
    if (req.method === "DELETE") {
      scenarios.delete(key);
      return sendJson(res, 200, { ok: true });
    }
    const scenario = scenarios.get(key);
    return scenario ? sendJson(res, 200, scenario.toJSON()) : sendJson(res, 404, { error: "no such scenario" });
  }

  const server: Server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: `fake OpenAI broke: ${String(err)}`, type: "server_error" } });
      else res.destroy();
    });
  });
  server.on("upgrade", (req, socket, head) => void onUpgrade(req, socket, head).catch(() => socket.destroy()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: () =>
      new Promise((resolve) => {
        for (const ws of wss.clients) ws.terminate();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function statusFault(fault: Extract<Fault, { kind: "status" }>): Response {
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers["retry-after"] = String(fault.retryAfterSeconds);
  if (fault.retryAfterMs !== undefined) headers["retry-after-ms"] = String(fault.retryAfterMs);
  const message = fault.message ?? (fault.status === 429 ? "Rate limit reached for requests" : "The server had an error while processing your request. Sorry about that!");
  return openAIError(fault.status, message, { headers, code: fault.status === 429 ? "rate_limit_exceeded" : null, type: fault.status === 429 ? "requests" : undefined });
}

function route(pathname: string): Endpoint | null {
  const path = pathname.replace(/\/+$/, "");
  if (path === "/v1/realtime") return "realtime";
  if (path === "/v1/audio/transcriptions") return "transcriptions";
  if (path === "/v1/chat/completions") return "chat";
  if (path === "/v1/audio/speech") return "speech";
  return null;
}
