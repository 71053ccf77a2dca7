// Streaming STT on OpenAI's Realtime transcription WebSocket (beta protocol, `?intent=transcription`).
//
// The session is configured for g711_ulaw, so Twilio's μ-law goes out as is, and with turn_detection null:
// our VAD owns endpointing (it also drives barge-in), so we commit.
//
// Every frame is also kept until its utterance has text. That makes the fallback cheap: if the socket
// cannot be opened, drops, reports an error, or is slow to deliver a final, the utterance goes to REST
// transcription at commit time and the caller still gets its text. After a drop the session stays on
// REST for the rest of the call (calls are short; a reconnect dance is not worth its failure modes).
//
// Protocol: client `transcription_session.update`, `input_audio_buffer.append` (base64), `.commit`,
// `.clear`; server `input_audio_buffer.committed` (names the item, in commit order),
// `conversation.item.input_audio_transcription.delta` / `.completed` / `.failed` (by item id), and `error`
// (carrying the event_id of the client event it refers to, when it refers to one).

import { ProviderError, type SpeechToText, type TranscriptEvent } from "../voice";
import { AsyncQueue } from "./async-queue";
import { bytesToBase64 } from "./base64";
import { OpenAIHttp, type OpenAIClientOptions } from "./http";
import { openRealtimeSocket } from "./realtime-socket";
import { transcribeMulaw } from "./rest-stt";
import { FrameBuffer, Utterance } from "./utterance";

export interface OpenAISpeechToTextOptions {
  /** Transcription model for the socket, e.g. gpt-4o-transcribe. */
  model: string;
  /** Model for the REST fallback; defaults to `model`. */
  restModel?: string;
  language?: string;
  prompt?: string;
  /** false: REST only, no socket. Default true. */
  streaming?: boolean;
  /** Give up on the socket after this long. Default 3 s. */
  connectTimeoutMs?: number;
  /** After a commit, wait this long for the streamed final before asking REST too. Default 4 s. */
  finalTimeoutMs?: number;
  /** Audio kept per utterance for the fallback. Default 60 s (480,000 bytes). */
  maxUtteranceBytes?: number;
}

/** 100 ms of μ-law: the API refuses to commit less (input_audio_buffer_commit_empty). */
const MIN_COMMIT_BYTES = 800;
/** Buffered audio goes out in appends of this size (the API allows up to 15 MiB per event). */
const APPEND_BYTES = 32 * 1024;

type Mode = "connecting" | "open" | "rest" | "closed";

export class OpenAISpeechToText implements SpeechToText {
  private mode: Mode;
  private ws: WebSocket | null = null;
  private readonly current: FrameBuffer;
  private seq = 0;
  /** Committed while connecting: their audio is not on the socket yet. */
  private readonly unsent: Utterance[] = [];
  /** Commit sent; the server names their items in this order. */
  private readonly uncommitted: Utterance[] = [];
  private readonly byItem = new Map<string, Utterance>();
  private readonly pending = new Set<Utterance>();
  private readonly events = new AsyncQueue<TranscriptEvent>();
  /** Aborts REST fallbacks in flight when the session closes. */
  private readonly lifetime = new AbortController();
  /** Why the socket is not in use, once it is not (for the call log). */
  fallbackReason: unknown = null;

  private readonly http: OpenAIHttp;

  /** Takes a shared client (one per call engine) or the client options (base URL, key, fetch). */
  constructor(
    client: OpenAIHttp | OpenAIClientOptions,
    private readonly options: OpenAISpeechToTextOptions,
  ) {
    this.http = client instanceof OpenAIHttp ? client : new OpenAIHttp(client);
    this.current = new FrameBuffer(options.maxUtteranceBytes ?? 480_000);
    this.mode = options.streaming === false ? "rest" : "connecting";
    if (this.mode === "connecting") void this.connect();
  }

  [Symbol.asyncIterator](): AsyncIterator<TranscriptEvent> {
    return this.events[Symbol.asyncIterator]();
  }

  get transport(): "connecting" | "stream" | "rest" | "closed" {
    return this.mode === "open" ? "stream" : this.mode;
  }

  append(mulawFrame: Uint8Array): void {
    if (this.mode === "closed" || mulawFrame.length === 0) return;
    const frame = this.current.push(mulawFrame);
    if (this.mode === "open") this.send({ type: "input_audio_buffer.append", audio: bytesToBase64(frame) });
  }

  commit(): Promise<string> {
    const u = new Utterance(this.current.take(), this.nextId());
    if (this.mode === "closed") {
      u.reject(closedError());
      return u.promise;
    }
    this.pending.add(u);
    if (u.audio.length < MIN_COMMIT_BYTES) {
      // Too short to be speech, and refused by the API: drop it from the server's buffer too.
      if (this.mode === "open") this.send({ type: "input_audio_buffer.clear" });
      this.settle(u, "", null);
    } else if (this.mode === "rest") {
      this.rescue(u);
    } else {
      u.timer = setTimeout(() => this.rescue(u), this.options.finalTimeoutMs ?? 4_000);
      if (this.mode === "open") this.sendCommit(u);
      else this.unsent.push(u);
    }
    return u.promise;
  }

  close(): void {
    if (this.mode === "closed") return;
    this.mode = "closed";
    this.closeSocket("done");
    for (const u of this.pending) u.reject(closedError());
    this.pending.clear();
    this.lifetime.abort(closedError());
    this.events.end();
  }

  private async connect(): Promise<void> {
    let ws: WebSocket;
    try {
      ws = await openRealtimeSocket(this.http, "intent=transcription", this.options.connectTimeoutMs ?? 3_000);
    } catch (err) {
      return this.fallBack(err);
    }
    if (this.mode !== "connecting") return ws.close(1000, "not needed"); // closed meanwhile
    this.ws = ws;
    ws.addEventListener("message", (e) => this.onMessage(e.data));
    ws.addEventListener("close", (e) => this.fallBack(new ProviderError("openai", "stt", "network", `Realtime socket closed (${e.code} ${e.reason})`)));
    ws.addEventListener("error", () => this.fallBack(new ProviderError("openai", "stt", "network", "Realtime socket failed")));
    this.mode = "open";
    const { model, language, prompt } = this.options;
    this.send({
      type: "transcription_session.update",
      event_id: this.nextId(),
      session: {
        input_audio_format: "g711_ulaw",
        input_audio_transcription: { model, ...(language ? { language } : {}), ...(prompt ? { prompt } : {}) },
        turn_detection: null,
      },
    });
    // Utterances committed while connecting go first, in order, then the one in progress.
    for (const u of this.unsent.splice(0)) {
      if (u.done || u.rescued) continue;
      this.sendAudio(u.audio);
      this.sendCommit(u);
    }
    if (this.current.bytes > 0) this.sendAudio(this.current.peek());
  }

  private onMessage(data: unknown): void {
    let msg: Record<string, any>;
    try {
      msg = JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data as ArrayBuffer));
    } catch {
      return;
    }
    const u = typeof msg.item_id === "string" ? this.byItem.get(msg.item_id) : undefined;
    switch (msg.type) {
      case "input_audio_buffer.committed": {
        const next = this.uncommitted.shift();
        if (next && !next.done && typeof msg.item_id === "string") {
          next.itemId = msg.item_id;
          this.byItem.set(msg.item_id, next);
        }
        return;
      }
      case "conversation.item.input_audio_transcription.delta":
        if (u && !u.done && typeof msg.delta === "string" && msg.delta !== "") {
          u.text += msg.delta;
          this.events.push({ type: "partial", text: u.text });
        }
        return;
      case "conversation.item.input_audio_transcription.completed":
        if (u) this.settle(u, String(msg.transcript ?? u.text).trim(), "stream");
        return;
      case "conversation.item.input_audio_transcription.failed":
        if (u) this.rescue(u);
        return;
      case "error": {
        const error = (msg.error ?? {}) as Record<string, unknown>;
        const i = this.uncommitted.findIndex((c) => c.eventId === error.event_id);
        if (i >= 0) return this.rescue(this.uncommitted.splice(i, 1)[0]!); // that commit was refused
        const str = (v: unknown) => (typeof v === "string" ? v : null);
        const err = new ProviderError("openai", "stt", "protocol", `Realtime error: ${str(error.message)}`, { code: str(error.code), type: str(error.type) });
        return this.fallBack(err);
      }
    }
  }

  /** The socket is unusable: everything in flight goes to REST, and so does every later utterance. */
  private fallBack(reason: unknown): void {
    if (this.mode === "rest" || this.mode === "closed") return;
    this.mode = "rest";
    this.fallbackReason = reason;
    this.closeSocket("falling back to REST");
    const stranded = [...this.unsent.splice(0), ...this.uncommitted.splice(0), ...this.byItem.values()];
    for (const u of stranded) this.rescue(u);
  }

  /** REST for one utterance. While the socket lives, a streamed final that arrives first still wins. */
  private rescue(u: Utterance): void {
    if (u.done || u.rescued) return;
    u.rescued = true;
    clearTimeout(u.timer);
    const { model, restModel, language, prompt } = this.options;
    transcribeMulaw(this.http, u.audio, { model: restModel ?? model, language, prompt, signal: this.lifetime.signal }).then(
      (text) => this.settle(u, text, "rest"),
      (err) => this.forget(u) && u.reject(err),
    );
  }

  private settle(u: Utterance, text: string, via: "stream" | "rest" | null): void {
    if (!this.forget(u)) return;
    u.resolve(text);
    if (via) this.events.push({ type: "final", text, via });
  }

  /** Drops an utterance from the books; false when it was already settled. */
  private forget(u: Utterance): boolean {
    if (u.done) return false;
    this.pending.delete(u);
    if (u.itemId !== null) this.byItem.delete(u.itemId);
    return true;
  }

  private sendCommit(u: Utterance): void {
    this.uncommitted.push(u);
    this.send({ type: "input_audio_buffer.commit", event_id: u.eventId });
  }

  private sendAudio(audio: Uint8Array): void {
    for (let i = 0; i < audio.length; i += APPEND_BYTES) {
      this.send({ type: "input_audio_buffer.append", audio: bytesToBase64(audio.subarray(i, i + APPEND_BYTES)) });
    }
  }

  private send(event: object): void {
    try {
      this.ws?.send(JSON.stringify(event));
    } catch (err) {
      this.fallBack(new ProviderError("openai", "stt", "network", `Realtime send failed: ${String(err)}`, {}, { cause: err }));
    }
  }

  private closeSocket(reason: string): void {
    const ws = this.ws;
    this.ws = null;
    try {
      ws?.close(1000, reason);
    } catch {
      /* already closed */
    }
  }

  private nextId(): string {
    return `evt_folio_${++this.seq}`;
  }
}

function closedError(): ProviderError {
  return new ProviderError("openai", "stt", "closed", "speech-to-text session closed");
}
