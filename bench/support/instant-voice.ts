// Zero-latency voice providers that live in the CallSession's isolate: a commit is transcribed at once,
// the Brain answers at once, speech is a ready PCM buffer. With them, endpoint → first outbound frame is
// the call engine's own overhead and nothing else (no sockets, no HTTP to a fake server). The real
// providers' code paths are what the tests drive against the local fake servers; this is only for the
// overhead figure.
import type { VoiceProviders } from "../../src/providers/openai";
import type { BrainEvent, SpeechToText, TranscriptEvent } from "../../src/providers/voice";

class InstantSpeechToText implements SpeechToText {
  private waiting: ((r: IteratorResult<TranscriptEvent>) => void) | null = null;
  private queue: TranscriptEvent[] = [];
  private closed = false;

  constructor(private readonly text: string) {}

  append(): void {}

  async commit(): Promise<string> {
    this.push({ type: "final", text: this.text, via: "stream" });
    return this.text;
  }

  close(): void {
    this.closed = true;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
  }

  private push(e: TranscriptEvent): void {
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w({ value: e, done: false });
    } else this.queue.push(e);
  }

  [Symbol.asyncIterator](): AsyncIterator<TranscriptEvent> {
    return {
      next: () => {
        const e = this.queue.shift();
        if (e) return Promise.resolve({ value: e, done: false });
        if (this.closed) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => (this.waiting = resolve));
      },
    };
  }
}

/** 24 kHz PCM16: `ms` of a quiet 440 Hz tone. */
function pcm(ms: number): Uint8Array {
  const n = (24_000 * ms) / 1000;
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(3000 * Math.sin((2 * Math.PI * 440 * i) / 24_000));
  return new Uint8Array(out.buffer);
}

export function instantVoice(transcript: string, reply: string): VoiceProviders {
  const speech = pcm(400);
  return {
    speechToText: () => new InstantSpeechToText(transcript),
    brain: {
      async *respond(): AsyncIterable<BrainEvent> {
        yield { type: "text", delta: reply };
      },
      async decide(): Promise<never> {
        throw new Error("the instant brain makes no decisions");
      },
    },
    tts: {
      async *speak(): AsyncIterable<Uint8Array> {
        yield speech;
      },
    },
  };
}
