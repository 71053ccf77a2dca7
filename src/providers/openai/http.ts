// HTTP to OpenAI over fetch. One place owns the rules every REST call shares:
// - bearer auth and OpenAI-shaped errors ({ error: { message, type, code } }) turned into ProviderError;
// - one deadline per call that covers every retry, because a phone turn has a latency budget, not an
//   attempt budget (the caller gets a ProviderError "timeout" and speaks its fallback line);
// - retries with exponential backoff and jitter on 408/409/429/5xx and network failures, honouring the
//   server's retry-after-ms (OpenAI's) or Retry-After;
// - streams are retried only until the headers arrive (after that, audio or text has been handed on),
//   then guarded by an idle timeout between chunks instead of the deadline.
// The fetch is injectable so tests run against the in-process fake; fetch implementations that ignore
// the abort signal cannot hang a call, because every await races the signal.

import { ProviderError } from "../voice";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export const OPENAI_BASE_URL = "https://api.openai.com/v1";

export interface OpenAIClientOptions {
  apiKey: string;
  /** OPENAI_BASE_URL; defaults to https://api.openai.com/v1. */
  baseUrl?: string;
  /** Defaults to the global fetch. */
  fetch?: FetchLike;
  /** Per call, across retries: until the JSON body, or until a stream's headers. Default 15 s. */
  timeoutMs?: number;
  /** Longest wait between two chunks of a stream. Default 10 s. */
  idleTimeoutMs?: number;
  /** Extra attempts after a retryable failure. Default 2. */
  retries?: number;
  /** First backoff step; doubles per attempt, with jitter. Default 250 ms. */
  retryBaseDelayMs?: number;
  /** Cap for one wait, including a server's hint. Default 2 s. */
  retryMaxDelayMs?: number;
}

export interface RequestOptions {
  signal?: AbortSignal;
  /** Overrides the client's timeoutMs for this call. */
  timeoutMs?: number;
}

export class OpenAIHttp {
  readonly baseUrl: string;
  readonly authorization: string;
  readonly fetch: FetchLike;
  private readonly timeoutMs: number;
  private readonly idleTimeoutMs: number;
  private readonly retries: number;
  private readonly delays: { base: number; max: number };

  constructor(options: OpenAIClientOptions) {
    if (!options.apiKey) throw new TypeError("OpenAI API key is required");
    this.baseUrl = (options.baseUrl || OPENAI_BASE_URL).replace(/\/+$/, "");
    this.authorization = `Bearer ${options.apiKey}`;
    this.fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.idleTimeoutMs = options.idleTimeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    this.delays = { base: options.retryBaseDelayMs ?? 250, max: options.retryMaxDelayMs ?? 2_000 };
  }

  url(path: string): string {
    return this.baseUrl + path;
  }

  /** POST a JSON object or a multipart form; resolves with the parsed JSON answer. */
  async json(operation: string, path: string, body: object, options: RequestOptions = {}): Promise<unknown> {
    const call = new Call(operation, options.signal, options.timeoutMs ?? this.timeoutMs);
    try {
      return await this.withRetries(call, path, body, async (res) => {
        const text = await call.race(res.text());
        try {
          return JSON.parse(text) as unknown;
        } catch (cause) {
          throw new ProviderError("openai", operation, "protocol", "OpenAI answered with invalid JSON", { status: res.status }, { cause });
        }
      });
    } finally {
      call.dispose();
    }
  }

  /** POST and stream the answer's body. A failure after the headers ends the stream with a ProviderError. */
  async stream(operation: string, path: string, body: object, options: RequestOptions = {}): Promise<AsyncGenerator<Uint8Array>> {
    const call = new Call(operation, options.signal, options.timeoutMs ?? this.timeoutMs);
    try {
      const res = await this.withRetries(call, path, body, async (r) => r);
      if (!res.body) throw new ProviderError("openai", operation, "protocol", "OpenAI answered without a body", { status: res.status });
      call.clearDeadline();
      return readBody(res.body, call, this.idleTimeoutMs);
    } catch (err) {
      call.dispose();
      throw err;
    }
  }

  private async withRetries<R>(call: Call, path: string, body: object, read: (res: Response) => Promise<R>): Promise<R> {
    const form = body instanceof FormData;
    const headers: Record<string, string> = { authorization: this.authorization };
    // fetch sets the multipart content type itself, with its boundary.
    if (!form) headers["content-type"] = "application/json";
    const payload = form ? body : JSON.stringify(body);
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await call.race(this.fetch(this.url(path), { method: "POST", headers, body: payload, signal: call.signal }));
        if (!res.ok) throw await errorFrom(call, res);
        return await read(res);
      } catch (err) {
        const failure = call.failure(err);
        if (!(failure instanceof ProviderError) || !failure.retryable || attempt >= this.retries) throw failure;
        await call.race(sleep(this.backoff(attempt, failure)));
      }
    }
  }

  private backoff(attempt: number, err: ProviderError): number {
    const hinted = err.details.retryAfterMs ?? null;
    return Math.min(this.delays.max, hinted ?? this.delays.base * 2 ** attempt * (0.5 + Math.random() / 2));
  }
}

/** One logical call: its abort controller, deadline and the caller's signal, linked. */
class Call {
  private readonly controller = new AbortController();
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private readonly onOuterAbort = () => this.controller.abort(this.outer?.reason);

  constructor(
    readonly operation: string,
    private readonly outer: AbortSignal | undefined,
    timeoutMs: number,
  ) {
    outer?.throwIfAborted();
    outer?.addEventListener("abort", this.onOuterAbort, { once: true });
    this.deadline = setTimeout(() => this.timeout(`OpenAI did not answer in ${timeoutMs} ms`), timeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  timeout(message: string): void {
    this.controller.abort(new ProviderError("openai", this.operation, "timeout", message));
  }

  clearDeadline(): void {
    clearTimeout(this.deadline);
  }

  race<T>(promise: Promise<T>): Promise<T> {
    return raceAbort(promise, this.controller.signal);
  }

  /** What to throw for an error inside an attempt: an abort's reason wins over whatever fetch made of it. */
  failure(err: unknown): unknown {
    if (this.controller.signal.aborted) return this.controller.signal.reason;
    if (err instanceof ProviderError) return err;
    return new ProviderError("openai", this.operation, "network", `OpenAI request failed: ${String(err)}`, {}, { cause: err });
  }

  dispose(): void {
    clearTimeout(this.deadline);
    this.outer?.removeEventListener("abort", this.onOuterAbort);
  }
}

async function* readBody(body: ReadableStream<Uint8Array>, call: Call, idleMs: number): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const idle = setTimeout(() => call.timeout(`OpenAI stream idle for ${idleMs} ms`), idleMs);
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await call.race(reader.read());
      } catch (err) {
        throw call.failure(err);
      } finally {
        clearTimeout(idle);
      }
      if (next.done) return;
      yield next.value;
    }
  } finally {
    call.dispose();
    // Stops the download when the consumer leaves early (barge-in); a no-op after the end.
    reader.cancel().catch(() => {});
  }
}

async function errorFrom(call: Call, res: Response): Promise<ProviderError> {
  const text = await call.race(res.text()).catch(() => "");
  return errorFromAnswer(call.operation, res, text);
}

/** A ProviderError from a non-2xx answer and its body text ({ error: { message, type, code } } or anything). */
export function errorFromAnswer(operation: string, res: Response, text: string): ProviderError {
  let error: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed?.error === "object" && parsed.error !== null) error = parsed.error as Record<string, unknown>;
  } catch {
    /* not JSON: keep the status */
  }
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const message = str(error.message) || `OpenAI answered HTTP ${res.status}`;
  return new ProviderError("openai", operation, "http", message, {
    status: res.status,
    code: str(error.code),
    type: str(error.type),
    retryAfterMs: retryAfter(res.headers),
  });
}

/** OpenAI sends retry-after-ms; the standard Retry-After is seconds or an HTTP date. */
export function retryAfter(headers: Headers): number | null {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number(ms) >= 0) return Number(ms);
  const raw = headers.get("retry-after");
  if (raw === null || raw.trim() === "") return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

/** Resolves or rejects like `promise`, or rejects with the signal's reason as soon as it aborts. */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener("abort", onAbort), resolve(value)),
      (err) => (signal.removeEventListener("abort", onAbort), reject(err)),
    );
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
