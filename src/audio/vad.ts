// Energy-based voice activity detection with endpointing, on 20 ms frames (160 samples at 8 kHz).
//
// Per frame: energy in dBFS, compared with an adaptive noise floor. A frame is voiced when it is both
// `thresholdDb` above the floor and above an absolute minimum (so line hiss on a silent call never
// counts). Speech starts after `minSpeechMs` of consecutive voiced frames (a click or a cough of one
// frame does not barge in). It ends, the endpoint of the turn, after `silenceMs` without a voiced frame,
// or `completeSilenceMs` when the transcript reads complete: a finished sentence need not wait as long.
//
// Noise floor: minimum statistics. The floor is the lowest frame energy over the last few seconds,
// tracked as the minimum of sub-block minima. Speech has gaps between syllables and words, so the
// minimum finds the background even while someone talks, rises on its own when the background gets
// louder (no state where loud noise counts as endless speech), and follows it down at once.

export type VadEvent =
  | { type: "speech_start"; /** Start of the first voiced frame of the run, ms since stream start. */ atMs: number }
  | {
      type: "speech_end";
      /** When the endpoint was decided (end of the frame that completed the silence). */
      atMs: number;
      /** Start of the utterance (as reported by speech_start). */
      startMs: number;
      /** End of the last voiced frame. */
      lastVoiceMs: number;
      /** Silence that was required: silenceMs, or completeSilenceMs if the transcript read complete. */
      silenceMs: number;
    };

export interface VadOptions {
  sampleRate?: number; // default 8000
  frameMs?: number; // default 20
  /** Voiced when energy ≥ floor + thresholdDb. Default 10. */
  thresholdDb?: number;
  /** Never voiced below this energy (dBFS). Default -50. */
  minEnergyDb?: number;
  /** Consecutive voiced time before speech_start. Default 60 ms. */
  minSpeechMs?: number;
  /** `speaking` stays true this long after the last voiced frame. Default 200 ms. */
  hangoverMs?: number;
  /** Silence that ends the turn. Default 500 ms. */
  silenceMs?: number;
  /** Silence that ends the turn once the transcript reads complete. Default 250 ms. */
  completeSilenceMs?: number;
  /** Noise-floor window: the floor is the minimum over this long. Default 3000 ms. */
  floorWindowMs?: number;
}

const FLOOR_SUBBLOCKS = 6;
/** Energy of a digitally silent frame, so log10(0) never appears. */
const SILENT_DB = -100;

export class Vad {
  readonly frameSamples: number;
  readonly frameMs: number;
  private readonly thresholdDb: number;
  private readonly minEnergyDb: number;
  private readonly onsetFrames: number;
  private readonly hangoverFrames: number;
  private readonly silenceFrames: number;
  private readonly completeSilenceFrames: number;
  private readonly subblockFrames: number;

  // Noise floor: minima of the last FLOOR_SUBBLOCKS sub-blocks plus the one being filled.
  private readonly blockMins = new Float64Array(FLOOR_SUBBLOCKS).fill(Infinity);
  private blockIndex = 0;
  private blockMin = Infinity;
  private blockFill = 0;
  private floor = Infinity;

  private frames = 0;
  private voicedRun = 0;
  private runStartFrame = 0;
  private inSpeech = false;
  private startFrame = 0;
  private lastVoicedFrame = -1;
  private transcriptComplete = false;

  /** Energy of the last frame (dBFS). */
  energyDb = SILENT_DB;

  constructor(options: VadOptions = {}) {
    const rate = options.sampleRate ?? 8000;
    this.frameMs = options.frameMs ?? 20;
    this.frameSamples = Math.round((rate * this.frameMs) / 1000);
    const frames = (ms: number) => Math.max(1, Math.ceil(ms / this.frameMs));
    this.thresholdDb = options.thresholdDb ?? 10;
    this.minEnergyDb = options.minEnergyDb ?? -50;
    this.onsetFrames = frames(options.minSpeechMs ?? 60);
    this.hangoverFrames = frames(options.hangoverMs ?? 200);
    this.silenceFrames = frames(options.silenceMs ?? 500);
    this.completeSilenceFrames = frames(options.completeSilenceMs ?? 250);
    this.subblockFrames = frames((options.floorWindowMs ?? 3000) / FLOOR_SUBBLOCKS);
  }

  /** Current noise floor (dBFS). */
  get noiseFloorDb(): number {
    return this.floor === Infinity ? this.energyDb : this.floor;
  }

  /** In an utterance, or within the hangover after it. Barge-in can watch this. */
  get speaking(): boolean {
    return this.inSpeech && this.frames - 1 - this.lastVoicedFrame <= this.hangoverFrames;
  }

  /** In an utterance whose endpoint has not been reached yet. */
  get inUtterance(): boolean {
    return this.inSpeech;
  }

  /** Stream time (ms) at the end of the frames seen so far. */
  get timeMs(): number {
    return this.frames * this.frameMs;
  }

  /**
   * Tells the endpointer whether the transcript so far reads like a finished turn (a complete sentence).
   * While true the turn ends after `completeSilenceMs`. Cleared at every speech_start and speech_end;
   * set it again from each new partial transcript.
   */
  setTranscriptComplete(complete: boolean): void {
    this.transcriptComplete = complete;
  }

  /** Processes one frame of `frameSamples` samples. Returns the event it caused, if any. */
  process(frame: Int16Array): VadEvent | null {
    const n = frame.length;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const s = frame[i]!;
      sum += s * s;
    }
    // dBFS of the frame's RMS, full scale = a 32768 square wave.
    const db = sum > 0 ? 10 * Math.log10(sum / (n || 1) / (32768 * 32768)) : SILENT_DB;
    this.energyDb = db;
    this.updateFloor(db);
    const index = this.frames++;
    const voiced = db >= this.minEnergyDb && db >= this.floor + this.thresholdDb;

    if (voiced) {
      if (this.voicedRun === 0) this.runStartFrame = index;
      this.voicedRun++;
      this.lastVoicedFrame = index;
      if (!this.inSpeech && this.voicedRun >= this.onsetFrames) {
        this.inSpeech = true;
        this.startFrame = this.runStartFrame;
        this.transcriptComplete = false;
        return { type: "speech_start", atMs: this.startFrame * this.frameMs };
      }
      return null;
    }

    this.voicedRun = 0;
    if (!this.inSpeech) return null;
    const silent = index - this.lastVoicedFrame;
    const needed = this.transcriptComplete ? this.completeSilenceFrames : this.silenceFrames;
    if (silent < needed) return null;
    this.inSpeech = false;
    this.transcriptComplete = false;
    return {
      type: "speech_end",
      atMs: (index + 1) * this.frameMs,
      startMs: this.startFrame * this.frameMs,
      lastVoiceMs: (this.lastVoicedFrame + 1) * this.frameMs,
      silenceMs: needed * this.frameMs,
    };
  }

  private updateFloor(db: number): void {
    if (db < this.blockMin) this.blockMin = db;
    if (++this.blockFill >= this.subblockFrames) {
      this.blockMins[this.blockIndex] = this.blockMin;
      this.blockIndex = (this.blockIndex + 1) % FLOOR_SUBBLOCKS;
      this.blockMin = Infinity;
      this.blockFill = 0;
    }
    let floor = this.blockMin;
    const mins = this.blockMins;
    for (let i = 0; i < FLOOR_SUBBLOCKS; i++) if (mins[i]! < floor) floor = mins[i]!;
    this.floor = floor;
  }
}
