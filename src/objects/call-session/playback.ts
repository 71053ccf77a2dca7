// Outbound audio to Twilio: 20 ms μ-law frames paced in real time, a named mark after every few frames
// and at the end of every sentence, and the bookkeeping that turns acknowledged marks into "what the hotel
// actually heard".
//
// Twilio plays what it is sent in order and echoes each mark once everything queued before it has
// played. So the acknowledged marks, not the frames sent, say how much of a sentence reached the hotel's
// ear. The pacer keeps at most `leadFrames` ahead of the far end's playout: enough for smooth audio, and
// little enough that `clear` (barge-in) drops almost nothing the hotel did not hear anyway, and marks
// come back close to when their audio played.
//
// After `clear`, Twilio sends back the marks still pending (their audio was dropped, not played). Mark
// names carry an epoch that `clear` advances, so those late echoes are recognised and ignored.

import { FRAME_MS, FramePacer } from "../../audio";
import { encodeMediaPayload, outboundClear, outboundMark, outboundMedia } from "../../providers/twilio/media-messages";

export interface PlaySegment {
  readonly id: number;
  readonly text: string;
  /** Frames queued so far (the total once `finished`). */
  total: number;
  sent: number;
  /** Frames the far end has played, by acknowledged marks. */
  acked: number;
  /** All its audio has been queued. */
  finished: boolean;
  /** Dropped by clear(). */
  cleared: boolean;
  /** Its audio stopped coming (TTS failed mid-sentence): the rest of it was never sent. */
  broken?: boolean;
  /** `sent` when its last mark went out. */
  lastMark: number;
}

export interface PlaybackOptions {
  streamSid: string;
  send(message: string): void;
  /** Monotonic enough ms clock. */
  now(): number;
  /** Every frame as it goes out (the recording's agent track). */
  onFrame?(frame: Uint8Array): void;
  /** A mark every this many frames, and after the last frame of a segment. Default 5 (100 ms). */
  markEveryFrames?: number;
  /** Frames sent ahead of the far end's playout. Default 3. */
  leadFrames?: number;
}

export class Playback {
  private readonly queue: Array<{ seg: PlaySegment; bytes: Uint8Array }> = [];
  private readonly marks = new Map<string, { seg: PlaySegment; frames: number }>();
  /** Segments with audio queued, or sent and not yet acknowledged. */
  private readonly active = new Set<PlaySegment>();
  private readonly pacer: FramePacer;
  private readonly markEvery: number;
  private epoch = 0;
  private segments = 0;
  private pumping = false;
  private waiters: Array<() => void> = [];
  /** Frames sent over the whole call. */
  framesSent = 0;

  constructor(private readonly o: PlaybackOptions) {
    this.pacer = new FramePacer({ frameMs: FRAME_MS, leadFrames: o.leadFrames ?? 3 });
    this.markEvery = Math.max(1, o.markEveryFrames ?? 5);
  }

  /** Nothing queued, nothing waiting for its mark. */
  get idle(): boolean {
    return this.queue.length === 0 && this.active.size === 0;
  }

  /** Starts a segment (a sentence, or a run of DTMF tones). */
  segment(text: string): PlaySegment {
    const seg: PlaySegment = { id: ++this.segments, text, total: 0, sent: 0, acked: 0, finished: false, cleared: false, lastMark: 0 };
    this.active.add(seg);
    return seg;
  }

  push(seg: PlaySegment, frames: readonly Uint8Array[]): void {
    if (seg.cleared || frames.length === 0) return;
    for (const bytes of frames) this.queue.push({ seg, bytes });
    seg.total += frames.length;
    if (!this.pumping) void this.pump();
  }

  /** All of the segment's audio is queued: its last frame gets a mark. */
  finish(seg: PlaySegment): void {
    if (seg.cleared || seg.finished) return;
    seg.finished = true;
    // Already sent in full (the audio came slower than it plays): mark it now, after its last frame.
    if (seg.sent === seg.total && seg.sent > seg.lastMark) this.mark(seg);
    this.settle(seg);
  }

  /** Twilio echoed a mark: its audio, and everything before it, has played. */
  ack(name: string): void {
    const m = this.marks.get(name);
    if (!m) return; // cleared, or not ours
    this.marks.delete(name);
    if (m.frames > m.seg.acked) m.seg.acked = m.frames;
    this.settle(m.seg);
  }

  /**
   * Barge-in: Twilio drops its buffer (`clear`), we drop ours. Returns the frames that were sent but not
   * acknowledged: the recording removes them, since the hotel did not (knowingly) hear them.
   */
  clear(): number {
    let unplayed = 0;
    for (const seg of this.active) {
      unplayed += seg.sent - seg.acked;
      seg.cleared = true;
    }
    this.active.clear();
    this.queue.length = 0;
    this.marks.clear();
    this.epoch++;
    this.pacer.reset();
    this.o.send(outboundClear(this.o.streamSid));
    this.wake();
    return unplayed;
  }

  /** Resolves when idle, on abort, or after `timeoutMs` (marks that never come back count as unheard). */
  waitIdle(signal: AbortSignal | undefined, timeoutMs: number): Promise<void> {
    if (this.idle || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", done);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      const check = () => {
        if (this.idle) done();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener("abort", done, { once: true });
      this.waiters.push(check);
    });
  }

  /** How long the far end still has to play, by the clock. */
  bufferedMs(): number {
    return this.pacer.bufferedMs(this.o.now()) + this.queue.length * FRAME_MS;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const now = this.o.now();
        const allowed = Math.min(this.pacer.allowance(now), this.queue.length);
        if (allowed === 0) {
          const lead = (this.pacer.leadFrames - 1) * FRAME_MS;
          await sleep(Math.max(1, this.pacer.bufferedMs(now) - lead));
          continue;
        }
        for (let i = 0; i < allowed; i++) this.sendFrame(this.queue.shift()!);
        this.pacer.markSent(allowed, now);
      }
    } finally {
      this.pumping = false;
    }
  }

  private sendFrame(item: { seg: PlaySegment; bytes: Uint8Array }): void {
    const { seg, bytes } = item;
    this.o.send(outboundMedia(this.o.streamSid, encodeMediaPayload(bytes)));
    this.o.onFrame?.(bytes);
    this.framesSent++;
    seg.sent++;
    if (seg.sent - seg.lastMark >= this.markEvery || (seg.finished && seg.sent === seg.total)) this.mark(seg);
  }

  private mark(seg: PlaySegment): void {
    const name = `e${this.epoch}.s${seg.id}.f${seg.sent}`;
    this.marks.set(name, { seg, frames: seg.sent });
    seg.lastMark = seg.sent;
    this.o.send(outboundMark(this.o.streamSid, name));
  }

  private settle(seg: PlaySegment): void {
    if (seg.finished && seg.acked >= seg.total) this.active.delete(seg);
    this.wake();
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
