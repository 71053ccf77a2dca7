// The voice provider contract: speech in, decisions and words, speech out. The call engine only sees
// these interfaces, so a vendor can be swapped (or faked) without touching the turn loop.
//
// Audio formats are fixed at the edges the call already has: μ-law 8 kHz from Twilio goes into STT as is,
// and TTS hands back PCM16 at 24 kHz, which the audio layer resamples to 8 kHz and μ-law encodes.

import type { z } from "zod";

/** A transcript update. Partials carry the whole utterance so far (not a delta); one final per commit. */
export interface TranscriptEvent {
  type: "partial" | "final";
  text: string;
  /** For finals: the streaming socket or the REST fallback produced it (logged with the decision). */
  via?: "stream" | "rest";
}

/** One caller's speech for the length of a call: frames in as they arrive, text out as it is recognised. */
export interface SpeechToText extends AsyncIterable<TranscriptEvent> {
  /** A μ-law 8 kHz frame (Twilio sends 20 ms, 160 bytes). Never blocks; the session buffers while it connects. */
  append(mulawFrame: Uint8Array): void;
  /**
   * Our VAD endpointed: everything appended since the last commit is one utterance. Resolves with its final
   * text (also pushed to the iterator), or rejects with a ProviderError when every path failed.
   */
  commit(): Promise<string>;
  /** Ends the session and the iterator. Commits still pending reject. */
  close(): void;
}

export interface ToolCall {
  id: string;
  name: string;
  /** Parsed and validated against the tool's schema. */
  arguments: unknown;
}

export type ChatMessage =
  { role: "system" | "user"; content: string } | { role: "assistant"; content: string | null; toolCalls?: readonly ToolCall[] } | { role: "tool"; toolCallId: string; content: string };

export interface Tool<Args = unknown> {
  name: string;
  description: string;
  /** Sent as strict JSON Schema; the model's arguments are validated with it before the engine sees them. */
  parameters: z.ZodType<Args>;
}

export type BrainEvent = { type: "text"; delta: string } | ({ type: "tool_call" } & ToolCall);

export interface CallOptions {
  /** Aborting stops the request (e.g. barge-in); the abort reason is thrown as is. */
  signal?: AbortSignal;
}

export interface DecideOptions extends CallOptions {
  /** Names the schema for the model (a-z, A-Z, 0-9, _ and -, at most 64). */
  name?: string;
}

/** The conversational voice and the fallback understanding layer. */
export interface Brain {
  /** Streams the reply: text deltas as they come (so TTS can start early), tool calls once complete. */
  respond(messages: readonly ChatMessage[], tools?: readonly Tool[], options?: CallOptions): AsyncIterable<BrainEvent>;
  /** Structured output: an object matching `schema`, or a ProviderError. */
  decide<T>(messages: readonly ChatMessage[], schema: z.ZodType<T>, options?: DecideOptions): Promise<T>;
}

export const TTS_SAMPLE_RATE = 24_000;

export interface TextToSpeech {
  /** PCM16 little-endian mono at 24 kHz, streamed; every chunk holds whole samples (even length). */
  speak(text: string, options?: CallOptions): AsyncIterable<Uint8Array>;
}

export type ProviderErrorKind = "http" | "network" | "timeout" | "protocol" | "invalid_output" | "refusal" | "closed";

/** Any provider failure the call engine must handle (usually with a spoken fallback line). */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  constructor(
    readonly provider: string,
    /** What was being done: "stt", "llm", "tts", ... */
    readonly operation: string,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: { status?: number; code?: string | null; type?: string | null; retryAfterMs?: number | null } = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
  /** Worth another attempt: a dropped connection, rate limiting or a server-side failure. */
  get retryable(): boolean {
    if (this.kind === "network") return true;
    const status = this.details.status ?? 0;
    return this.kind === "http" && (status === 408 || status === 409 || status === 429 || status >= 500);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Sentence chunking: TTS starts on the first complete sentence instead of the whole reply, which is most of
// the perceived latency of a turn. A "." only ends a sentence when followed by whitespace (so 3.5 and
// a.b@c.com never split) and the word before it is not a known abbreviation or a list number. A terminator
// at the very end of the buffer waits for the next delta: "3." may still become "3.5".

const TERMINATORS = ".!?…";
const CLOSERS = "\"'”’)]";
/** Always followed by more of the same sentence (titles, "e.g."). Lower case, inner dots kept. */
const NEVER_ENDS = new Set(["mr", "mrs", "ms", "dr", "prof", "st", "mt", "rev", "sgt", "capt", "lt", "col", "gen", "e.g", "i.e", "vs", "approx", "cf"]);
/** End a sentence only when the next word is capitalised ("at 5 p.m. Thanks" vs "at 5 p.m. sharp"). */
const MAYBE_ENDS = new Set(["a.m", "p.m", "etc", "inc", "ltd", "co", "corp", "jr", "sr", "no", "ave", "rd", "blvd", "u.s"]);

type Verdict = "end" | "no" | "wait";

export class SentenceSplitter {
  private buf = "";
  private scanFrom = 0;

  /** Adds a delta; returns the sentences it completed, trimmed, in order. */
  push(delta: string): string[] {
    this.buf += delta;
    const out: string[] = [];
    let start = 0;
    let i = this.scanFrom;
    while (i < this.buf.length) {
      const ch = this.buf[i]!;
      if (ch === "\n") {
        // Line breaks end list items and paragraphs, which TTS should speak as separate phrases.
        this.emit(out, start, i);
        start = i + 1;
        i++;
        continue;
      }
      if (!TERMINATORS.includes(ch)) {
        i++;
        continue;
      }
      let end = i + 1;
      while (end < this.buf.length && TERMINATORS.includes(this.buf[end]!)) end++;
      while (end < this.buf.length && CLOSERS.includes(this.buf[end]!)) end++;
      const verdict = end >= this.buf.length ? "wait" : this.judge(start, i, end);
      if (verdict === "wait") break;
      if (verdict === "end") {
        this.emit(out, start, end);
        start = end;
      }
      i = end;
    }
    this.buf = this.buf.slice(start);
    this.scanFrom = Math.max(0, i - start);
    return out;
  }

  /** The stream ended: whatever is left is the last sentence. */
  flush(): string | null {
    const rest = this.buf.trim();
    this.buf = "";
    this.scanFrom = 0;
    return rest === "" ? null : rest;
  }

  private emit(out: string[], from: number, to: number): void {
    const s = this.buf.slice(from, to).trim();
    if (s !== "") out.push(s);
  }

  /** `dot` is the first terminator, `end` the index after the terminators and closers, inside the buffer. */
  private judge(start: number, dot: number, end: number): Verdict {
    if (!/\s/.test(this.buf[end]!)) return "no"; // 3.5, a.b@c.com, example.com/x
    if (this.buf[dot] !== "." || (end - dot > 1 && this.buf[dot + 1] === ".")) return "end"; // ! ? … and "..."
    let w = dot;
    while (w > start && /[\p{L}\p{N}.]/u.test(this.buf[w - 1]!)) w--;
    const word = this.buf.slice(w, dot);
    const lower = word.toLowerCase();
    if (NEVER_ENDS.has(lower)) return "no";
    if (/^\p{Lu}$/u.test(word)) return "no"; // an initial: "J. Smith"
    if (/^\d+$/.test(word) && this.buf.slice(start, w).trim() === "") return "no"; // "1. Check in"
    if (!MAYBE_ENDS.has(lower)) return "end";
    const next = /\S/.exec(this.buf.slice(end));
    if (!next) return "wait";
    return /\p{Lu}/u.test(next[0]) ? "end" : "no";
  }
}

/** Turns a stream of LLM text deltas into complete sentences, each yielded as soon as it ends. */
export async function* sentenceChunker(deltas: AsyncIterable<string>): AsyncGenerator<string> {
  const splitter = new SentenceSplitter();
  for await (const delta of deltas) yield* splitter.push(delta);
  const rest = splitter.flush();
  if (rest !== null) yield rest;
}
