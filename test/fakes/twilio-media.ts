// A Twilio Media Streams emulator, the client side of /twilio/media as Twilio runs it: it opens the
// signed WebSocket upgrade through the worker, sends `connected` and `start` (with the TwiML's
// <Parameter>s), then one inbound 20 ms μ-law `media` frame every 20 ms for the whole call (line noise, or
// the speech it was given), and plays what comes back in real time: our frames are queued and played one
// per 20 ms, and each `mark` is echoed when everything queued before it has played. `clear` empties the
// queue and echoes the pending marks at once, as Twilio does.

import { exports } from "cloudflare:workers";
import { encodeMulaw, FRAME_BYTES } from "../../src/audio";
import { computeTwilioSignature } from "../../src/providers/twilio/signature";
import { decodeMediaPayload, encodeMediaPayload, parseOutboundMessage, type OutboundMessage } from "../../src/providers/twilio/media-messages";

export const TEST_AUTH_TOKEN = "test-twilio-auth-token";
export const TEST_BASE = "https://folio.test";
export const TEST_ACCOUNT = "AC0123456789abcdef0123456789abcdef";

type Played = { kind: "media"; bytes: Uint8Array } | { kind: "mark"; name: string };

export interface MediaEmulatorOptions {
  callId: string;
  callSid?: string;
  streamSid?: string;
  /** Extra <Parameter>s; `call` is always the call id. */
  parameters?: Record<string, string>;
  /** Signature to send instead of the right one (null: none). */
  signature?: string | null;
  /** RMS of the line noise between utterances. Default 40 (about -58 dBFS). */
  noiseRms?: number;
}

export class UpgradeRefused extends Error {
  constructor(readonly status: number) {
    super(`media upgrade refused: ${status}`);
  }
}

export class TwilioMediaEmulator {
  /** Everything the session sent, parsed, in order. */
  readonly received: OutboundMessage[] = [];
  /** The μ-law audio the hotel heard, in play order (cleared audio never appears here). */
  readonly heard: Uint8Array[] = [];
  /** Marks echoed back, in order, and whether they were played or flushed by `clear`. */
  readonly acked: Array<{ name: string; played: boolean }> = [];
  clears = 0;
  /** False: played marks are never echoed (a far end where our audio does not get through). */
  ackMarks = true;
  /** Wall-clock times (ms): each utterance's first frame sent, each `clear` received. */
  readonly speechStarts: number[] = [];
  readonly clearTimes: number[] = [];
  /** Wall-clock time (ms) of the first agent frame received after each utterance we finished sending. */
  readonly replyGaps: number[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly queue: Played[] = [];
  private readonly speech: Uint8Array[] = [];
  private speechDone: Array<() => void> = [];
  private seq = 0;
  private chunk = 0;
  private t0 = 0;
  private framesIn = 0;
  private framesOut = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSpeechSentAt: number | null = null;
  private isClosed = false;
  private noiseSeed = 99;
  private inSpeech = false;

  private constructor(
    readonly ws: WebSocket,
    readonly options: MediaEmulatorOptions & { streamSid: string; callSid: string },
  ) {
    ws.accept();
    this.closed = new Promise((resolve) => {
      ws.addEventListener("close", (e) => {
        this.isClosed = true;
        this.stopTicking();
        resolve({ code: e.code, reason: e.reason });
      });
      ws.addEventListener("error", () => {
        this.isClosed = true;
        this.stopTicking();
        resolve({ code: 1006, reason: "error" });
      });
    });
    ws.addEventListener("message", (e) => this.onMessage(e.data));
  }

  /** Opens the stream through the worker, exactly as Twilio would, and starts the call's audio. */
  static async connect(options: MediaEmulatorOptions): Promise<TwilioMediaEmulator> {
    const path = `/twilio/media/${options.callId}`;
    const signature = options.signature === undefined ? await computeTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: `${TEST_BASE.replace(/^http/, "ws")}${path}` }) : options.signature;
    const headers: Record<string, string> = { upgrade: "websocket" };
    if (signature !== null) headers["x-twilio-signature"] = signature;
    const res = await (exports as unknown as { default: Fetcher }).default.fetch(`${TEST_BASE}${path}`, { headers });
    if (res.status !== 101 || !res.webSocket) throw new UpgradeRefused(res.status);
    const streamSid = options.streamSid ?? `MZ${crypto.randomUUID().replaceAll("-", "")}`;
    const callSid = options.callSid ?? `CA${crypto.randomUUID().replaceAll("-", "")}`;
    const emu = new TwilioMediaEmulator(res.webSocket, { ...options, streamSid, callSid });
    emu.start();
    return emu;
  }

  get streamSid(): string {
    return this.options.streamSid;
  }

  get callSid(): string {
    return this.options.callSid;
  }

  /** Agent audio heard so far, as one array. */
  heardAudio(): Uint8Array {
    const out = new Uint8Array(this.heard.reduce((n, f) => n + f.length, 0));
    let o = 0;
    for (const f of this.heard) {
      out.set(f, o);
      o += f.length;
    }
    return out;
  }

  count(event: OutboundMessage["event"]): number {
    return this.received.filter((m) => m.event === event).length;
  }

  /** Queues speech (PCM16 8 kHz); resolves once its last frame has been sent (in real time). */
  say(pcm: Int16Array): Promise<void> {
    const mulaw = encodeMulaw(pcm);
    for (let i = 0; i < mulaw.length; i += FRAME_BYTES) {
      const frame = new Uint8Array(FRAME_BYTES).fill(0xff);
      frame.set(mulaw.subarray(i, i + FRAME_BYTES));
      this.speech.push(frame);
    }
    return new Promise((resolve) => this.speechDone.push(resolve));
  }

  dtmf(digit: string): void {
    this.send({ event: "dtmf", streamSid: this.streamSid, sequenceNumber: String(++this.seq), dtmf: { track: "inbound_track", digit } });
  }

  /** The hotel hangs up: `stop`, then the socket closes. */
  hangUp(): void {
    if (this.isClosed) return;
    this.send({ event: "stop", sequenceNumber: String(++this.seq), streamSid: this.streamSid, stop: { accountSid: TEST_ACCOUNT, callSid: this.options.callSid } });
    this.stopTicking();
    try {
      this.ws.close(1000, "stop");
    } catch {
      /* closed */
    }
  }

  /** Polls until `check` holds (or fails the test after `ms`). */
  async until(check: () => boolean, ms = 15_000, what = "condition"): Promise<void> {
    const end = Date.now() + ms;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private start(): void {
    this.send({ event: "connected", protocol: "Call", version: "1.0.0" });
    this.send({
      event: "start",
      sequenceNumber: String(++this.seq),
      streamSid: this.streamSid,
      start: {
        accountSid: TEST_ACCOUNT,
        streamSid: this.streamSid,
        callSid: this.options.callSid,
        tracks: ["inbound"],
        customParameters: { ...this.options.parameters, call: this.options.callId },
        mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 },
      },
    });
    this.t0 = Date.now();
    this.tick();
  }

  /** Real time, catching up after a late timer: one frame in and one frame played per 20 ms. */
  private tick(): void {
    if (this.isClosed) return;
    const due = Math.floor((Date.now() - this.t0) / 20);
    while (this.framesIn < due) {
      this.sendInbound();
      this.framesIn++;
    }
    while (this.framesOut < due) {
      this.playOne();
      this.framesOut++;
    }
    this.timer = setTimeout(() => this.tick(), 20 - ((Date.now() - this.t0) % 20));
  }

  private sendInbound(): void {
    const starting = this.speech.length > 0 && !this.inSpeech;
    let frame = this.speech.shift();
    if (starting) this.speechStarts.push(Date.now());
    this.inSpeech = this.speech.length > 0;
    if (frame) {
      if (this.speech.length === 0) {
        this.lastSpeechSentAt = Date.now();
        for (const r of this.speechDone.splice(0)) r();
      }
    } else {
      frame = encodeMulaw(this.noise());
    }
    this.send({
      event: "media",
      sequenceNumber: String(++this.seq),
      streamSid: this.streamSid,
      media: { track: "inbound", chunk: String(++this.chunk), timestamp: String(this.chunk * 20), payload: encodeMediaPayload(frame) },
    });
  }

  private playOne(): void {
    this.ackLeadingMarks(true);
    const item = this.queue.shift();
    if (item?.kind === "media") this.heard.push(item.bytes);
    this.ackLeadingMarks(true);
  }

  private ackLeadingMarks(played: boolean): void {
    while (this.queue[0]?.kind === "mark") {
      const m = this.queue.shift() as { kind: "mark"; name: string };
      if (!this.ackMarks) continue;
      this.acked.push({ name: m.name, played });
      this.send({ event: "mark", sequenceNumber: String(++this.seq), streamSid: this.streamSid, mark: { name: m.name } });
    }
  }

  private onMessage(data: unknown): void {
    const msg = parseOutboundMessage(data);
    if (!msg) throw new Error(`the session sent something that is not a Media Streams message: ${String(data).slice(0, 200)}`);
    if (msg.streamSid !== this.streamSid) throw new Error(`wrong streamSid ${msg.streamSid}`);
    this.received.push(msg);
    switch (msg.event) {
      case "media": {
        if (this.lastSpeechSentAt !== null) {
          this.replyGaps.push(Date.now() - this.lastSpeechSentAt);
          this.lastSpeechSentAt = null;
        }
        this.queue.push({ kind: "media", bytes: decodeMediaPayload(msg.media.payload)! });
        return;
      }
      case "mark":
        this.queue.push({ kind: "mark", name: msg.mark.name });
        this.ackLeadingMarks(true); // nothing queued before it: played already
        return;
      case "clear": {
        this.clears++;
        this.clearTimes.push(Date.now());
        const marks = this.queue.filter((q): q is { kind: "mark"; name: string } => q.kind === "mark");
        this.queue.length = 0;
        for (const m of marks) {
          this.acked.push({ name: m.name, played: false });
          this.send({ event: "mark", sequenceNumber: String(++this.seq), streamSid: this.streamSid, mark: { name: m.name } });
        }
        return;
      }
    }
  }

  private noise(): Int16Array {
    const rms = this.options.noiseRms ?? 40;
    const out = new Int16Array(FRAME_BYTES);
    for (let i = 0; i < out.length; i++) {
      this.noiseSeed = (this.noiseSeed * 1103515245 + 12345) & 0x7fffffff;
      out[i] = Math.round((this.noiseSeed / 0x7fffffff - 0.5) * rms * 3.46);
    }
    return out;
  }

  private send(message: object): void {
    if (this.isClosed) return;
    try {
      this.ws.send(JSON.stringify(message));
    } catch {
      this.isClosed = true;
    }
  }

  private stopTicking(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
