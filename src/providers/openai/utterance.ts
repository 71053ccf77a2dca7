// Bookkeeping for streaming STT: the audio of the utterance in progress, and each committed utterance with
// the promise commit() handed out. The audio is kept until the utterance has its text, because the REST
// fallback needs all of it and a dropped socket gives no warning.
import { concatBytes } from "../../platform/bytes";

/** Frames of the utterance in progress, capped so a caller who never stops talking cannot grow memory. */
export class FrameBuffer {
  private parts: Uint8Array[] = [];
  private total = 0;

  constructor(private readonly maxBytes: number) {}

  get bytes(): number {
    return this.total;
  }

  /** Keeps a copy (the caller may reuse its buffer); past the cap the frame is streamed but not kept. */
  push(frame: Uint8Array): Uint8Array {
    const copy = frame.slice();
    if (this.total + copy.length <= this.maxBytes) {
      this.parts.push(copy);
      this.total += copy.length;
    }
    return copy;
  }

  /** Everything kept so far, as one array. */
  peek(): Uint8Array {
    return concatBytes(this.parts);
  }

  /** Everything kept so far; the buffer starts over. */
  take(): Uint8Array {
    const out = this.peek();
    this.parts = [];
    this.total = 0;
    return out;
  }
}

/** One committed utterance. Settles once: the first of the streamed final and the REST answer wins. */
export class Utterance {
  /** Partial transcript so far (streamed deltas, concatenated). */
  text = "";
  itemId: string | null = null;
  done = false;
  /** Handed to REST already. */
  rescued = false;
  timer: ReturnType<typeof setTimeout> | undefined;
  readonly promise: Promise<string>;
  private resolveFn!: (text: string) => void;
  private rejectFn!: (err: unknown) => void;

  constructor(
    readonly audio: Uint8Array,
    /** The client event_id of its commit, so an `error` event can be matched to it. */
    readonly eventId: string,
  ) {
    this.promise = new Promise<string>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    // Marked handled: an engine that only reads the iterator must not crash the isolate on a failure.
    this.promise.catch(() => {});
  }

  resolve(text: string): boolean {
    if (!this.finish()) return false;
    this.resolveFn(text);
    return true;
  }

  reject(err: unknown): boolean {
    if (!this.finish()) return false;
    this.rejectFn(err);
    return true;
  }

  private finish(): boolean {
    if (this.done) return false;
    this.done = true;
    clearTimeout(this.timer);
    return true;
  }
}
