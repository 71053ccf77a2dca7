// Pieces every fake OpenAI endpoint shares: the models it knows, OpenAI-shaped errors, faults and latency.

export const FAKE_MODELS = {
  chat: ["gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-5", "gpt-5-mini", "gpt-5-nano"],
  transcription: ["whisper-1", "gpt-4o-transcribe", "gpt-4o-mini-transcribe"],
  speech: ["tts-1", "tts-1-hd", "gpt-4o-mini-tts"],
} as const;

export type Endpoint = "realtime" | "transcriptions" | "chat" | "speech";

/**
 * What can go wrong with one request. Each queued fault is used up by one request to its endpoint; with
 * `match`, only by a request whose body contains that text (say, the sentence a speech request is for).
 */
export type Fault =
  /** An HTTP error answer, with optional Retry-After (seconds) and retry-after-ms hints. */
  (
    | { kind: "status"; status: number; retryAfterSeconds?: number; retryAfterMs?: number; message?: string }
    /** The connection is reset before any answer, like a refused or dropped connection. */
    | { kind: "network" }
    /** No answer at all; only the caller giving up (closing the connection) ends the wait. */
    | { kind: "timeout" }
    /** Streams: cut after `after` chunks. Realtime: the socket closes (1011) on the first commit. */
    | { kind: "drop"; after?: number }
  ) & { match?: string };

export interface FakeLatency {
  /** Realtime: commit → first delta; REST transcription: request → answer. */
  sttFinalMs: number;
  /** Chat: headers → first chunk (and → answer, when not streaming). */
  llmFirstTokenMs: number;
  /** Speech: headers → first PCM chunk. */
  ttsFirstByteMs: number;
  /** Between two chunks of any stream. */
  chunkGapMs: number;
}

export function openAIError(status: number, message: string, extra: { type?: string; code?: string | null; param?: string | null; headers?: Record<string, string> } = {}): Response {
  const error = { message, type: extra.type ?? (status >= 500 ? "server_error" : "invalid_request_error"), param: extra.param ?? null, code: extra.code ?? null };
  return new Response(JSON.stringify({ error }), { status, headers: { "content-type": "application/json", ...extra.headers } });
}

export function modelCheck(kind: keyof typeof FAKE_MODELS, model: unknown): Response | null {
  if (typeof model !== "string" || model === "") {
    return openAIError(400, "you must provide a model parameter", { param: "model", code: "missing_required_parameter" });
  }
  if (!(FAKE_MODELS[kind] as readonly string[]).includes(model)) {
    return openAIError(404, `The model \`${model}\` does not exist or you do not have access to it.`, { code: "model_not_found", param: "model" });
  }
  return null;
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

/**
 * A body that enqueues `chunks` after `firstDelayMs`, then one every `gapMs`. With `dropAfter` the stream
 * ends abruptly after that many chunks (`error`: as a reset connection; otherwise a clean but early end).
 */
export function paced(chunks: Uint8Array[], opts: { firstDelayMs: number; gapMs: number; dropAfter?: number; error?: boolean; onChunk?: () => void }): ReadableStream<Uint8Array> {
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      try {
        await sleep(opts.firstDelayMs);
        for (let i = 0; i < chunks.length; i++) {
          if (cancelled) return;
          if (opts.dropAfter !== undefined && i >= opts.dropAfter) {
            if (opts.error) controller.error(new Error("fake OpenAI: connection reset"));
            else controller.close();
            return;
          }
          if (i > 0) await sleep(opts.gapMs);
          if (cancelled) return;
          controller.enqueue(chunks[i]!);
          opts.onChunk?.();
        }
        controller.close();
      } catch {
        /* the reader went away */
      }
    },
    cancel() {
      cancelled = true;
    },
  });
}

/**
 * strict mode's rules, as the API enforces them: every object lists all its properties as required and
 * sets additionalProperties: false. Returns the API's complaint, or null.
 */
export function strictSchemaProblem(schema: unknown, context = "()"): string | null {
  if (Array.isArray(schema)) {
    for (const item of schema) {
      const problem = strictSchemaProblem(item, context);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof schema !== "object" || schema === null) return null;
  const node = schema as Record<string, unknown>;
  if (node.type === "object") {
    if (node.additionalProperties !== false) return `In context=${context}, 'additionalProperties' is required to be supplied and to be false.`;
    const keys = Object.keys((node.properties as object | undefined) ?? {});
    const required = Array.isArray(node.required) ? node.required : [];
    const missing = keys.find((k) => !required.includes(k));
    if (missing) return `In context=${context}, 'required' is required to be supplied and to be an array including every key in properties. Missing '${missing}'.`;
  }
  for (const [key, value] of Object.entries(node)) {
    const problem = strictSchemaProblem(value, key === "properties" ? context : `${context}.${key}`);
    if (problem) return problem;
  }
  return null;
}

/** A test's scenario: what the fake says and how fast. Plain JSON, sent to the server's control API. */
export interface FakeOpenAIOptions {
  /**
   * What the caller said. A list is used up one utterance at a time (then ""), so a conversation can be
   * scripted; `{ realtime, rest }` answers by the path that asked.
   */
  transcript?: string | string[] | { realtime?: string; rest?: string };
  /** The model's reply; a list is used up one request at a time (the last one then repeats). */
  chat?: FakeChatReply | FakeChatReply[];
  /** Number of chunks /audio/speech streams its PCM in. Default 4. */
  speechChunks?: number;
  /** Characters per streamed chat delta. Default 5 (about a token), so words split across deltas. */
  chatDeltaChars?: number;
  latency?: Partial<FakeLatency>;
}

export interface FakeChatReply {
  /** Assistant text (streamed in small deltas). */
  text?: string;
  /** Raw message content, verbatim: what a json_schema request gets back (may be invalid on purpose). */
  content?: string;
  toolCalls?: Array<{ id?: string; name: string; arguments: string | object }>;
  refusal?: string;
  finishReason?: "stop" | "length" | "tool_calls" | "content_filter";
}

/** What the server saw for one scenario, as the control API returns it (bytes in base64). */
export interface FakeOpenAILogJson {
  requests: Array<{ endpoint: Endpoint; method: string; url: string; headers: Record<string, string> }>;
  aborted: Endpoint[];
  realtime: { connections: number; clientEvents: Array<Record<string, any>>; committedAudio: string[] };
  transcriptionUploads: Array<{ model: string; filename: string; bytes: string }>;
  chatBodies: Array<Record<string, any>>;
  speech: { chunksSent: number; lastPcm: string; requests: Array<{ model: string; voice: unknown }> };
}
