// The call recording: two μ-law tracks on one clock (hotel = what came in, agent = what the hotel heard
// from us), persisted in one-second blocks as the call goes, and turned into a stereo WAV at hang-up
// (hotel left, agent right).
//
// The hotel track is the clock: inbound frames arrive every 20 ms whatever happens. Agent audio is placed
// where it was sent (the track is padded with silence up to the hotel track first). When barge-in clears
// audio that was sent but never acknowledged, it is cut from the agent track again: the recording holds
// what the hotel heard, like the transcript.

import { encodeWavStereoMulaw, MulawTrack } from "../../audio";
import { AUDIO_BLOCK, type CallStore, type Track } from "./store";

export class Recorder {
  readonly hotel: MulawTrack;
  readonly agent: MulawTrack;
  /** Samples of each track already durable (whole blocks, plus a partial last block). */
  private readonly persisted: Record<Track, number> = { hotel: 0, agent: 0 };

  constructor(
    private readonly store: CallStore,
    maxSeconds = 15 * 60,
  ) {
    this.hotel = new MulawTrack({ maxSamples: maxSeconds * 8000, initialSamples: 30 * 8000 });
    this.agent = new MulawTrack({ maxSamples: maxSeconds * 8000, initialSamples: 30 * 8000 });
  }

  /** The tracks as persisted (after an eviction). */
  restore(): void {
    for (const track of ["hotel", "agent"] as const) {
      const bytes = this.store.readTrack(track);
      const t = this[track];
      t.truncate(0);
      t.append(bytes);
      this.persisted[track] = t.length;
    }
  }

  hotelFrame(frame: Uint8Array): void {
    this.hotel.append(frame);
  }

  agentFrame(frame: Uint8Array): void {
    this.agent.padTo(this.hotel.length);
    this.agent.append(frame);
  }

  /** Barge-in dropped `frames` 20 ms frames the hotel never heard: cut them from the agent track. */
  unplayed(frames: number): void {
    if (frames <= 0) return;
    this.agent.truncate(this.agent.length - frames * 160);
    if (this.agent.length < this.persisted.agent) {
      const len = this.agent.length;
      this.store.deleteBlocksFrom("agent", Math.ceil(len / AUDIO_BLOCK));
      this.persisted.agent = Math.floor(len / AUDIO_BLOCK) * AUDIO_BLOCK; // a partial block is rewritten on the next flush
    }
  }

  /** Writes what is new since the last flush (the last partial block is rewritten as it grows). */
  flush(): void {
    for (const track of ["hotel", "agent"] as const) {
      const t = this[track];
      const len = t.length;
      if (len === this.persisted[track]) continue;
      const bytes = t.bytes();
      const first = Math.floor(this.persisted[track] / AUDIO_BLOCK);
      const last = Math.floor((len - 1) / AUDIO_BLOCK);
      for (let b = first; b <= last; b++) this.store.writeBlock(track, b, bytes.slice(b * AUDIO_BLOCK, Math.min(len, (b + 1) * AUDIO_BLOCK)));
      this.persisted[track] = len;
    }
  }

  get seconds(): number {
    return Math.max(this.hotel.length, this.agent.length) / 8000;
  }

  wav(): Uint8Array {
    return encodeWavStereoMulaw(this.hotel.bytes(), this.agent.bytes());
  }
}
