// A CallLeg is the conversation's connection to the other party, whatever carries it. The audio leg
// (Twilio Media Streams: μ-law, VAD, STT, TTS, marks) and the text leg (the simulated carrier) both turn
// the far end into the same few events and take the same few commands, so the turn loop and the playbook
// run unchanged offline (docs/architecture.md, "Running offline").

export type LegEvent =
  /** The other party started talking (VAD onset, or a text line arriving): the cue for barge-in. */
  | { type: "speech_start" }
  /** A finished utterance (our endpoint, then the recogniser's final text). */
  | { type: "utterance"; text: string; via: "stream" | "rest" | "text" }
  /** The other party said something that could not be transcribed (STT failed, streaming and REST). */
  | { type: "unheard" }
  /** A key the other party pressed. */
  | { type: "dtmf"; digit: string }
  /** The transport ended: the far end hung up ("stop"), or the connection was lost ("lost"). */
  | { type: "closed"; reason: "stop" | "lost" };

export interface SpokenSegment {
  /** The sentence (or "[DTMF 12]") as it was meant. */
  text: string;
  /** The part the other party heard: whole words, cut at the last acknowledged mark. */
  heard: string;
  /** Every bit of it was heard. */
  complete: boolean;
  /** Audio heard, ms (0 on a text leg). */
  heardMs: number;
}

export interface SpeechResult {
  segments: SpokenSegment[];
  /** Cut short: by barge-in (interrupt) or by the abort signal. */
  interrupted: boolean;
  /** A provider failed while speaking (TTS); what was heard before it is in `segments`. */
  error?: unknown;
}

export interface SayOptions {
  /** Aborting stops speaking, like interrupt(). */
  signal?: AbortSignal;
}

export interface CallLeg {
  readonly kind: "audio" | "text";
  /** Something is being played (or is still unacknowledged by the far end). */
  readonly speaking: boolean;
  /** One listener, set by the conversation. */
  listen(listener: (event: LegEvent) => void): void;
  /**
   * Speaks each sentence as it arrives, in order. Resolves once the far end has played all of it, or with
   * `interrupted` as soon as interrupt() or the signal stops it.
   */
  say(sentences: AsyncIterable<string>, options?: SayOptions): Promise<SpeechResult>;
  /** Barge-in: stop playing now, drop what was queued (Twilio `clear`), resolve the pending say(). */
  interrupt(): void;
  /** Keys to the far end (in-band tones on the audio leg). Never interrupted by barge-in. */
  sendDigits(digits: string, options?: SayOptions): Promise<SpeechResult>;
  /** Ends the transport from our side. */
  close(reason: string): void;
}

/** Turns fixed text into its sentences (so each gets its own marks) as an async iterable. */
export async function* sentencesOf(...texts: string[]): AsyncGenerator<string> {
  for (const text of texts) {
    const parts = text
      .split(/(?<=[.!?…])\s+/)
      .map((s) => s.trim())
      .filter((s) => s !== "");
    yield* parts;
  }
}
