// Twilio REST client on fetch: Basic auth, form-encoded bodies, typed errors, per-attempt timeouts.
// Retries (429, 5xx, network errors) only for operations that are safe to repeat: updates and hang-ups.
// createCall is never retried, so a flaky network can never place a second call.

import { DTMF_DIGITS } from "./twiml";

export const TWILIO_API_BASE = "https://api.twilio.com";

export interface TwilioRestOptions {
  accountSid: string;
  authToken: string;
  /** Defaults to https://api.twilio.com; tests and the emulator point it elsewhere (TWILIO_API_BASE). */
  baseUrl?: string;
  /** Injected fetch (tests); defaults to the global one. */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Per attempt, including reading the body. Default 10 s. */
  timeoutMs?: number;
  /** Extra attempts for retryable operations. Default 2. */
  retries?: number;
  /** First backoff step; doubles per attempt, with jitter. Default 250 ms. */
  retryBaseDelayMs?: number;
  /** Cap for one backoff wait, including a server's Retry-After. Default 5 s. */
  retryMaxDelayMs?: number;
}

export interface RequestOptions {
  /** Aborting stops the request and any retries; the abort reason is thrown as is. */
  signal?: AbortSignal;
}

export type CallStatusEvent = "initiated" | "ringing" | "answered" | "completed";
export type HttpMethod = "GET" | "POST";

export interface CreateCallInput {
  to: string;
  from: string;
  /** TwiML run when the call connects (at most 4000 characters). */
  twiml: string;
  statusCallback?: string;
  statusCallbackEvents?: readonly CallStatusEvent[];
  /** Defaults to POST when statusCallback is set. */
  statusCallbackMethod?: HttpMethod;
  machineDetection?: "Enable" | "DetectMessageEnd";
  asyncAmd?: boolean;
  asyncAmdStatusCallback?: string;
  /** Defaults to POST when asyncAmdStatusCallback is set. */
  asyncAmdStatusCallbackMethod?: HttpMethod;
  /** Keys to press once answered: 0-9, *, # and w (half-second wait). */
  sendDigits?: string;
  /** Seconds to let it ring. */
  timeout?: number;
  /** Hard cap on the call's length, in seconds. */
  timeLimit?: number;
}

export interface UpdateCallInput {
  twiml?: string;
  /** "completed" ends a call in progress; "canceled" ends one still queued or ringing. */
  status?: "completed" | "canceled";
}

/** The Call resource as Twilio returns it; only `sid` and `status` are relied on. */
export interface TwilioCall {
  sid: string;
  status: string;
  [field: string]: unknown;
}

export interface CreateMessageInput {
  to: string;
  from: string;
  body: string;
  /** Where Twilio posts the message's status changes (queued, sent, delivered, undelivered, failed). */
  statusCallback?: string;
}

/** The Message resource as Twilio returns it; only `sid` and `status` are relied on. */
export interface TwilioMessage {
  sid: string;
  status: string;
  [field: string]: unknown;
}

/** Twilio answered with an error ({ code, message, more_info, status }) or with something unreadable. */
export class TwilioApiError extends Error {
  override readonly name = "TwilioApiError";
  constructor(
    /** HTTP status. */
    readonly status: number,
    /** Twilio error code (e.g. 21211), when the body had one. */
    readonly code: number | null,
    message: string,
    readonly moreInfo: string | null,
    /** From a Retry-After header, when Twilio sent one. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
  }
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** No answer from Twilio (network failure or timeout). For createCall the call may or may not exist. */
export class TwilioNetworkError extends Error {
  override readonly name = "TwilioNetworkError";
  constructor(
    message: string,
    readonly timedOut: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const TWIML_MAX = 4000;
const PATH_SAFE = /^[A-Za-z0-9]+$/;

export class TwilioRestClient {
  private readonly base: string;
  private readonly authorization: string;
  private readonly doFetch: NonNullable<TwilioRestOptions["fetch"]>;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly delays: { base: number; max: number };

  constructor(options: TwilioRestOptions) {
    if (!PATH_SAFE.test(options.accountSid)) throw new TypeError("invalid Twilio account SID");
    if (!options.authToken) throw new TypeError("Twilio auth token is required");
    this.base = `${(options.baseUrl ?? TWILIO_API_BASE).replace(/\/+$/, "")}/2010-04-01/Accounts/${options.accountSid}`;
    const credentials = new TextEncoder().encode(`${options.accountSid}:${options.authToken}`);
    this.authorization = `Basic ${btoa(String.fromCharCode(...credentials))}`;
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.retries = options.retries ?? 2;
    this.delays = { base: options.retryBaseDelayMs ?? 250, max: options.retryMaxDelayMs ?? 5_000 };
  }

  /** POST /Calls.json. Sent exactly once: any failure is thrown, never retried. */
  async createCall(input: CreateCallInput, request: RequestOptions = {}): Promise<TwilioCall> {
    checkTwiml(input.twiml);
    if (input.sendDigits !== undefined && !(DTMF_DIGITS.test(input.sendDigits) && input.sendDigits.length <= 32)) {
      throw new TypeError(`invalid SendDigits: ${JSON.stringify(input.sendDigits)}`);
    }
    const form = new URLSearchParams({ To: input.to, From: input.from, Twiml: input.twiml });
    if (input.statusCallback !== undefined) {
      form.set("StatusCallback", input.statusCallback);
      form.set("StatusCallbackMethod", input.statusCallbackMethod ?? "POST");
    }
    for (const event of input.statusCallbackEvents ?? []) form.append("StatusCallbackEvent", event);
    if (input.machineDetection !== undefined) form.set("MachineDetection", input.machineDetection);
    if (input.asyncAmd !== undefined) form.set("AsyncAmd", input.asyncAmd ? "true" : "false");
    if (input.asyncAmdStatusCallback !== undefined) {
      form.set("AsyncAmdStatusCallback", input.asyncAmdStatusCallback);
      form.set("AsyncAmdStatusCallbackMethod", input.asyncAmdStatusCallbackMethod ?? "POST");
    }
    if (input.sendDigits !== undefined) form.set("SendDigits", input.sendDigits);
    if (input.timeout !== undefined) form.set("Timeout", String(input.timeout));
    if (input.timeLimit !== undefined) form.set("TimeLimit", String(input.timeLimit));
    return asCall(await this.post("/Calls.json", form, false, request.signal));
  }

  /** POST /Messages.json. Like createCall, never retried: Twilio has no idempotency key, and a retry after
   *  a lost answer could send the text twice. The caller keeps the ledger of what was sent. */
  async createMessage(input: CreateMessageInput, request: RequestOptions = {}): Promise<TwilioMessage> {
    const form = new URLSearchParams({ To: input.to, From: input.from, Body: input.body });
    if (input.statusCallback !== undefined) form.set("StatusCallback", input.statusCallback);
    const body = (await this.post("/Messages.json", form, false, request.signal)) as Partial<TwilioMessage> | null;
    if (typeof body?.sid !== "string" || typeof body.status !== "string") throw new TwilioApiError(200, null, "Twilio answered without a message sid and status", null);
    return body as TwilioMessage;
  }

  /** POST /Calls/{sid}.json with new TwiML and/or a final status. Retried on 429, 5xx and network errors. */
  async updateCall(callSid: string, input: UpdateCallInput, request: RequestOptions = {}): Promise<TwilioCall> {
    if (!PATH_SAFE.test(callSid)) throw new TypeError("invalid call SID");
    if (input.twiml === undefined && input.status === undefined) throw new TypeError("updateCall needs twiml or status");
    const form = new URLSearchParams();
    if (input.twiml !== undefined) {
      checkTwiml(input.twiml);
      form.set("Twiml", input.twiml);
    }
    if (input.status !== undefined) form.set("Status", input.status);
    return asCall(await this.post(`/Calls/${callSid}.json`, form, true, request.signal));
  }

  /** Ends the call (Status=completed). Retried like updateCall. */
  hangUp(callSid: string, request: RequestOptions = {}): Promise<TwilioCall> {
    return this.updateCall(callSid, { status: "completed" }, request);
  }

  private async post(path: string, form: URLSearchParams, retryable: boolean, signal?: AbortSignal): Promise<unknown> {
    const attempts = retryable ? this.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(path, form, signal);
      } catch (err) {
        const transient = err instanceof TwilioNetworkError || (err instanceof TwilioApiError && err.retryable);
        if (!transient || attempt >= attempts || signal?.aborted) throw err;
        await sleep(this.backoff(attempt, err), signal);
      }
    }
  }

  private async attempt(path: string, form: URLSearchParams, signal?: AbortSignal): Promise<unknown> {
    signal?.throwIfAborted();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new TwilioNetworkError(`Twilio did not answer in ${this.timeoutMs} ms`, true)), this.timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      let response: Response;
      let text: string;
      try {
        response = await this.doFetch(this.base + path, {
          method: "POST",
          headers: { authorization: this.authorization, "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
          body: form.toString(),
          signal: controller.signal,
        });
        text = await response.text();
      } catch (err) {
        if (signal?.aborted) throw signal.reason;
        if (controller.signal.aborted) throw controller.signal.reason;
        throw new TwilioNetworkError(`Twilio request failed: ${String(err)}`, false, { cause: err });
      }
      const body = parseJson(text);
      if (!response.ok) throw apiError(response, body);
      if (body === undefined) throw new TwilioApiError(response.status, null, "Twilio answered without a JSON body", null);
      return body;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Exponential with jitter, or the server's Retry-After; capped either way. */
  private backoff(attempt: number, err: unknown): number {
    const hinted = err instanceof TwilioApiError ? err.retryAfterMs : null;
    return Math.min(this.delays.max, hinted ?? this.delays.base * 2 ** (attempt - 1) * (0.5 + Math.random() / 2));
  }
}

function apiError(response: Response, body: unknown): TwilioApiError {
  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const code = typeof fields.code === "number" ? fields.code : null;
  const message = typeof fields.message === "string" ? fields.message : `Twilio answered HTTP ${response.status}`;
  const moreInfo = typeof fields.more_info === "string" ? fields.more_info : null;
  const retryAfter = response.headers.get("retry-after");
  const seconds = retryAfter === null || retryAfter.trim() === "" ? NaN : Number(retryAfter);
  return new TwilioApiError(response.status, code, message, moreInfo, seconds >= 0 ? seconds * 1000 : null);
}

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function asCall(body: unknown): TwilioCall {
  const call = body as Partial<TwilioCall> | null;
  if (typeof call?.sid !== "string" || typeof call.status !== "string") {
    throw new TwilioApiError(200, null, "Twilio answered without a call sid and status", null);
  }
  return call as TwilioCall;
}

function checkTwiml(twiml: string): void {
  if (twiml.length === 0 || twiml.length > TWIML_MAX) throw new TypeError(`Twiml must be 1 to ${TWIML_MAX} characters`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => (clearTimeout(timer), reject(signal?.reason));
    const timer = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
