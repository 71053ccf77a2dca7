// The audio CallLeg on a Twilio Media Streams socket (docs/architecture.md, "Calls").
//
// Provider failures mid-call are heard as words, never as silence: a sentence whose TTS fails is tried
// once more, then the hotel hears a fallback line rendered after the agent's first words (while TTS
// worked), or, when there is none, Twilio says the sentence itself (REST <Say>, then a fresh stream);
// an utterance neither streaming nor REST STT could transcribe becomes an `unheard` event, and the
// conversation asks the hotel to say it again.
//
// In: every 20 ms μ-law frame goes to the recording, is decoded by table into PCM for the VAD, and, while
// the caller talks, streams to STT as is (a short pre-roll covers the VAD's onset delay). The VAD's
// endpoint commits the utterance; its final text becomes an `utterance` event. Speech onset is the
// barge-in cue. Keys come from the stream's `dtmf` events.
// Out: TTS PCM (24 kHz) → anti-alias resampler → 8 kHz → μ-law → 20 ms frames → Playback (paced, marked).
// DTMF goes out the same way as in-band Q.23 tones. Tones that fail (the far end never acknowledges
// their marks, or they cannot be sent) fall back to Twilio playing the keys itself: a REST update of the
// call to <Play digits> and a fresh stream (docs/architecture.md, "Calls"). This stream then ends; the session resumes on the
// new one.

import { createTtsToPhoneResampler, decodeMulawInto, FRAME_BYTES, FrameChunker, Vad, type VadOptions } from "../../audio";
import type { CallLeg, LegEvent, SayOptions, SpeechResult } from "../../engine/call-leg";
import { TurnSlot } from "../../engine/turn-slot";
import { errorFields, type Logger } from "../../platform/log";
import type { VoiceProviders } from "../../providers/openai";
import { decodeMediaPayload, parseInboundMessage, type StartMessage } from "../../providers/twilio/media-messages";
import type { SpeechToText } from "../../providers/voice";
import { dtmfFrames, heardOf, speechFrames } from "./outbound-audio";
import { Playback, type PlaySegment } from "./playback";
import type { Recorder } from "./recorder";

export interface MediaLegOptions {
  voice: VoiceProviders;
  recorder: Recorder;
  log: Logger;
  /** The stream's `start` message: the session begins (or resumes) the conversation. */
  onStart(start: StartMessage): void;
  /** Every message from Twilio (liveness), and every second of inbound audio (persist the recording). */
  onActivity?(): void;
  onSecond?(): void;
  now?: () => number;
  vad?: VadOptions;
  markEveryFrames?: number;
  leadFrames?: number;
  /**
   * Our audio failed (the in-band tones, or TTS with no fallback audio): have Twilio play the keys or
   * say the line and open a fresh stream. True when Twilio accepted; this stream then ends as lost and
   * the call resumes on the new one.
   */
  viaTwilio?(prelude: { digits: string } | { say: string }): Promise<boolean>;
}

/** Said when TTS fails mid-call; rendered early in the call so it can still be heard then. */
export const TTS_FALLBACK_LINE = "Sorry, I have a bad line on my side. Bear with me one moment.";

/** How long a failed sentence waits for the fallback line still being rendered. */
const FALLBACK_WAIT_MS = 2_000;

/** 200 ms of audio before the VAD's onset goes to STT too. */
const PREROLL_FRAMES = 10;
/** A partial transcript that reads like a finished sentence lets the endpoint come sooner. */
const COMPLETE = /[.!?]["')\]]*$/;

export class MediaLeg implements CallLeg {
  readonly kind = "audio";
  private listener: (event: LegEvent) => void = () => {};
  private playback: Playback | null = null;
  private readonly stt: SpeechToText;
  private readonly vad: Vad;
  private readonly inbound = new FrameChunker(FRAME_BYTES);
  private readonly pcm = new Int16Array(FRAME_BYTES);
  private readonly preroll: Uint8Array[] = [];
  private readonly resampler = createTtsToPhoneResampler();
  private readonly now: () => number;
  private streaming = false;
  private framesIn = 0;
  private readonly turn = new TurnSlot();
  private closed = false;
  private endpointAt: number | null = null;
  private voiceEndAt: number | null = null;
  /** TTS_FALLBACK_LINE as frames, once rendered (after the first thing said: it must not slow the opening). */
  private fallbackFrames: Uint8Array[] | null = null;
  private fallbackRender: Promise<void> | null = null;
  streamSid: string | null = null;
  /** Per answered turn (ms): endpoint → first outbound frame (our overhead plus the providers'), and end
   *  of the caller's voice → first outbound frame (voice-to-voice, including the endpoint window). */
  readonly turnLatencies: number[] = [];
  readonly voiceToVoice: number[] = [];

  constructor(
    private readonly ws: WebSocket,
    private readonly o: MediaLegOptions,
  ) {
    this.now = o.now ?? (() => Date.now());
    this.vad = new Vad(o.vad);
    this.stt = o.voice.speechToText();
    ws.addEventListener("message", (e) => this.onMessage(e.data));
    ws.addEventListener("close", () => this.lost());
    ws.addEventListener("error", () => this.lost());
    void this.watchPartials();
  }

  get speaking(): boolean {
    return this.turn.active || !(this.playback?.idle ?? true);
  }

  listen(listener: (event: LegEvent) => void): void {
    this.listener = listener;
  }

  async say(sentences: AsyncIterable<string>, options: SayOptions = {}): Promise<SpeechResult> {
    let failure: unknown;
    const r = await this.play(options.signal, async (signal, segments) => {
      for await (const sentence of sentences) {
        if (signal.aborted) break;
        const playback = this.playbackOrThrow();
        // Twice: a stream that broke mid-sentence is said again from its start (what was heard stays heard).
        for (let attempt = 1; attempt <= 2; attempt++) {
          const seg = playback.segment(sentence);
          segments.push(seg);
          try {
            for await (const frames of speechFrames(this.o.voice.tts, sentence, this.resampler, signal)) playback.push(seg, frames);
            failure = undefined;
            break;
          } catch (err) {
            if (signal.aborted) throw err;
            failure = err;
            seg.broken = true;
            this.o.log.warn("speech failed", { attempt, ...errorFields(err) });
          } finally {
            if (!signal.aborted) playback.finish(seg);
          }
        }
        if (failure === undefined) continue;
        // TTS is down: the line rendered earlier, and nothing more of this turn.
        if (this.fallbackRender) await Promise.race([this.fallbackRender, sleep(FALLBACK_WAIT_MS)]);
        if (this.fallbackFrames) {
          const seg = playback.segment(TTS_FALLBACK_LINE);
          segments.push(seg);
          playback.push(seg, this.fallbackFrames);
          playback.finish(seg);
        } else if (this.o.viaTwilio && (await this.o.viaTwilio({ say: sentence }))) {
          // No audio of our own at all: Twilio's voice says the sentence, on the call itself.
          const seg = playback.segment(sentence);
          segments.push(seg);
          playback.finish(seg);
          this.handedToTwilio("redirected to say a line");
        }
        return;
      }
    });
    this.fallbackRender ??= this.renderFallback();
    return failure === undefined || r.interrupted ? r : { ...r, error: failure };
  }

  async sendDigits(digits: string, options: SayOptions = {}): Promise<SpeechResult> {
    const r = await this.play(options.signal, async (_signal, segments) => {
      const playback = this.playbackOrThrow();
      const seg = playback.segment(`[DTMF ${digits}]`);
      segments.push(seg);
      playback.push(seg, dtmfFrames(digits));
      playback.finish(seg);
    });
    // Played in full means every tone frame's mark came back (play() waits for them, with a deadline).
    const played = !r.interrupted && r.error === undefined && r.segments.length === 1 && r.segments[0]!.complete;
    if (played || r.interrupted || this.closed || !this.o.viaTwilio) return r;
    this.o.log.warn("in-band keys not acknowledged; asking Twilio to play them", r.error === undefined ? { error: null } : errorFields(r.error));
    if (this.playback && !this.playback.idle) this.clearNow();
    if (!(await this.o.viaTwilio({ digits }))) return r;
    this.handedToTwilio("redirected to play keys");
    return { segments: [{ text: `[DTMF ${digits}]`, heard: "", complete: true, heardMs: 0 }], interrupted: false };
  }

  /** Twilio plays or says something, then connects a fresh stream: this one is over. */
  private handedToTwilio(reason: string): void {
    this.lost();
    try {
      this.ws.close(1000, reason);
    } catch {
      /* already closed */
    }
  }

  interrupt(): void {
    if (this.turn.active) this.turn.abort("barge-in");
    else if (this.playback && !this.playback.idle) this.clearNow();
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.turn.abort("leg closed");
    this.stt.close();
    try {
      this.ws.close(1000, reason.slice(0, 120));
    } catch {
      /* already closed */
    }
  }

  /** Runs one utterance's production under an abort controller and reports what was heard. */
  private async play(outer: AbortSignal | undefined, produce: (signal: AbortSignal, segments: PlaySegment[]) => Promise<void>): Promise<SpeechResult> {
    const segments: PlaySegment[] = [];
    const turn = await this.turn.run(
      outer,
      () => this.clearNow(),
      async (signal) => {
        await produce(signal, segments);
        for (const seg of segments) this.playback?.finish(seg);
        if (!signal.aborted && this.playback) await this.playback.waitIdle(signal, this.playback.bufferedMs() + 2_000);
      },
    );
    return { segments: segments.map(heardOf), ...turn };
  }

  private clearNow(): void {
    if (!this.playback) return;
    const unplayed = this.playback.clear();
    this.o.recorder.unplayed(unplayed);
  }

  private playbackOrThrow(): Playback {
    if (!this.playback) throw new Error("the media stream has not started");
    return this.playback;
  }

  private onMessage(data: unknown): void {
    const msg = parseInboundMessage(data);
    if (!msg || this.closed) return;
    this.o.onActivity?.();
    switch (msg.event) {
      case "connected":
        return;
      case "start":
        this.streamSid = msg.streamSid;
        this.playback = new Playback({
          streamSid: msg.streamSid,
          send: (m) => this.send(m),
          now: this.now,
          onFrame: (frame) => this.onOutboundFrame(frame),
          markEveryFrames: this.o.markEveryFrames,
          leadFrames: this.o.leadFrames,
        });
        this.o.onStart(msg);
        return;
      case "media":
        if (msg.media.track !== "inbound" || !this.playback) return;
        {
          const bytes = decodeMediaPayload(msg.media.payload);
          if (bytes) for (const frame of this.inbound.push(bytes)) this.onInboundFrame(frame);
        }
        return;
      case "mark":
        this.playback?.ack(msg.mark.name);
        return;
      case "dtmf":
        this.listener({ type: "dtmf", digit: msg.dtmf.digit });
        return;
      case "stop":
        this.closed = true;
        this.turn.abort("stream stopped");
        this.stt.close();
        this.listener({ type: "closed", reason: "stop" });
        return;
    }
  }

  private onInboundFrame(frame: Uint8Array): void {
    this.o.recorder.hotelFrame(frame);
    if (++this.framesIn % 50 === 0) this.o.onSecond?.();
    decodeMulawInto(frame, this.pcm);
    const event = this.vad.process(this.pcm);
    if (this.streaming) this.stt.append(frame);
    else {
      this.preroll.push(frame);
      if (this.preroll.length > PREROLL_FRAMES) this.preroll.shift();
    }
    if (!event) return;
    if (event.type === "speech_start") {
      this.streaming = true;
      for (const f of this.preroll) this.stt.append(f);
      this.preroll.length = 0;
      this.endpointAt = this.voiceEndAt = null;
      this.listener({ type: "speech_start" });
      return;
    }
    this.streaming = false;
    this.endpointAt = this.now();
    // Inbound frames arrive in real time, so stream time since the last voiced frame is wall time too.
    this.voiceEndAt = this.endpointAt - (event.atMs - event.lastVoiceMs);
    const via = (this.stt as { transport?: string }).transport === "rest" ? "rest" : "stream";
    this.stt.commit().then(
      (text) => this.listener({ type: "utterance", text, via }),
      (err) => {
        if (this.closed) return;
        this.o.log.warn("transcription failed (stream and REST)", errorFields(err));
        this.listener({ type: "unheard" });
      },
    );
  }

  private onOutboundFrame(frame: Uint8Array): void {
    if (this.endpointAt !== null && this.voiceEndAt !== null) {
      const now = this.now();
      this.turnLatencies.push(now - this.endpointAt);
      this.voiceToVoice.push(now - this.voiceEndAt);
      if (this.turnLatencies.length > 1000) {
        this.turnLatencies.shift();
        this.voiceToVoice.shift();
      }
      this.endpointAt = this.voiceEndAt = null;
    }
    this.o.recorder.agentFrame(frame);
  }

  /** Renders TTS_FALLBACK_LINE while TTS works (its own resampler: a turn may be speaking meanwhile). */
  private async renderFallback(): Promise<void> {
    const frames: Uint8Array[] = [];
    try {
      const signal = new AbortController().signal;
      for await (const batch of speechFrames(this.o.voice.tts, TTS_FALLBACK_LINE, createTtsToPhoneResampler(), signal)) frames.push(...batch);
      this.fallbackFrames = frames;
    } catch (err) {
      this.o.log.warn("fallback line not rendered", errorFields(err));
    }
  }

  private async watchPartials(): Promise<void> {
    try {
      for await (const e of this.stt) {
        if (e.type === "partial") this.vad.setTranscriptComplete(COMPLETE.test(e.text.trim()));
      }
    } catch {
      /* the session closed */
    }
  }

  private send(message: string): void {
    if (this.closed) return;
    try {
      this.ws.send(message);
    } catch {
      this.lost();
    }
  }

  private lost(): void {
    if (this.closed) return;
    this.closed = true;
    this.turn.abort("socket lost");
    this.stt.close();
    this.listener({ type: "closed", reason: "lost" });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
