// The fake Realtime transcription socket (beta protocol, OpenAI-Beta: realtime=v1). It keeps the input audio
// buffer like the real server: appends accumulate, a commit under 100 ms is refused with
// input_audio_buffer_commit_empty, a commit names a new item (input_audio_buffer.committed) and, when a
// transcription model is configured, the transcript follows as deltas and a completed event.

import { concatBytes } from "../../src/platform/bytes";
import { base64ToBytes } from "../../src/providers/openai/base64";
import type { OpenAIScenario as FakeOpenAI } from "./openai-server";
import { FAKE_MODELS, openAIError, sleep, type Fault } from "./openai-server-shared";

const FORMATS: Record<string, number> = { pcm16: 48_000, g711_ulaw: 8_000, g711_alaw: 8_000 }; // bytes per second

/** What the session needs of a server-side socket (the `ws` package's WebSocket has it). */
export interface ServerSocket {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  on(event: "message", listener: (data: unknown) => void): unknown;
  on(event: "close", listener: () => void): unknown;
}

/** Checks an upgrade request as the API does; null when it may go on to the socket. */
export function refuseRealtime(req: Request): Response | null {
  if (req.method !== "GET") return openAIError(405, `Method ${req.method} not allowed for the Realtime API`);
  if ((req.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") {
    return openAIError(426, "The Realtime API requires a WebSocket upgrade (Upgrade: websocket).");
  }
  const url = new URL(req.url);
  if (url.searchParams.get("intent") !== "transcription") {
    return openAIError(400, "This fake serves transcription sessions only: connect with ?intent=transcription.", { param: "intent" });
  }
  if (req.headers.get("openai-beta") !== "realtime=v1") {
    return openAIError(400, "transcription_session events need the beta protocol: send OpenAI-Beta: realtime=v1.", { param: "OpenAI-Beta" });
  }
  return null;
}

/** Runs a transcription session on an accepted socket. */
export function serveRealtime(fake: FakeOpenAI, ws: ServerSocket, drop: Fault | undefined): void {
  fake.realtime.connections++;
  new FakeTranscriptionSession(fake, ws, drop !== undefined);
}

class FakeTranscriptionSession {
  private format = "pcm16";
  private model: string | null = null;
  /** The real default; the fake does not run a server VAD, so commits are always the client's. */
  private turnDetection: unknown = { type: "server_vad", threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 500 };
  private buffer: Uint8Array[] = [];
  private lastItem: string | null = null;
  private seq = 0;
  private closed = false;

  constructor(
    private readonly fake: FakeOpenAI,
    private readonly ws: ServerSocket,
    private readonly dropOnCommit: boolean,
  ) {
    ws.on("message", (data) => this.onMessage(data));
    ws.on("close", () => (this.closed = true));
    this.send({ type: "transcription_session.created", session: this.session() });
  }

  private onMessage(data: unknown): void {
    let msg: Record<string, any>;
    try {
      msg = JSON.parse(String(data)) as Record<string, any>;
    } catch {
      return this.error("invalid_request_error", "invalid_json", "The server could not parse the event: it is not valid JSON.", null);
    }
    this.fake.realtime.clientEvents.push(msg);
    const eventId = typeof msg.event_id === "string" ? msg.event_id : null;
    switch (msg.type) {
      case "transcription_session.update":
        return this.update(msg.session, eventId);
      case "input_audio_buffer.append": {
        if (typeof msg.audio !== "string") return this.error("invalid_request_error", "missing_required_parameter", "Missing required parameter: 'audio'.", eventId, "audio");
        let bytes: Uint8Array;
        try {
          bytes = base64ToBytes(msg.audio);
        } catch {
          return this.error("invalid_request_error", "invalid_value", "Invalid 'audio'. Expected base64-encoded audio bytes.", eventId, "audio");
        }
        this.buffer.push(bytes);
        return;
      }
      case "input_audio_buffer.commit":
        return void this.commit(eventId);
      case "input_audio_buffer.clear":
        this.buffer = [];
        return this.send({ type: "input_audio_buffer.cleared" });
      default:
        return this.error("invalid_request_error", "invalid_value", `Invalid value: '${String(msg.type)}'. Not a transcription session client event.`, eventId, "type");
    }
  }

  private update(session: unknown, eventId: string | null): void {
    if (typeof session !== "object" || session === null) {
      return this.error("invalid_request_error", "missing_required_parameter", "Missing required parameter: 'session'.", eventId, "session");
    }
    const s = session as Record<string, any>;
    if (s.input_audio_format !== undefined) {
      if (!(s.input_audio_format in FORMATS)) {
        return this.error(
          "invalid_request_error",
          "invalid_value",
          `Invalid value: '${s.input_audio_format}'. Supported values are: 'pcm16', 'g711_ulaw', and 'g711_alaw'.`,
          eventId,
          "session.input_audio_format",
        );
      }
      this.format = s.input_audio_format;
    }
    if (s.input_audio_transcription !== undefined) {
      const model = s.input_audio_transcription?.model;
      if (!(FAKE_MODELS.transcription as readonly string[]).includes(model)) {
        return this.error("invalid_request_error", "invalid_value", `Invalid value: '${model}'. Not a transcription model.`, eventId, "session.input_audio_transcription.model");
      }
      this.model = model;
    }
    if (s.turn_detection !== undefined) this.turnDetection = s.turn_detection;
    this.send({ type: "transcription_session.updated", session: this.session() });
  }

  private async commit(eventId: string | null): Promise<void> {
    if (this.dropOnCommit) return this.ws.close(1011, "fake OpenAI: connection dropped");
    const audio = concatBytes(this.buffer);
    const ms = (audio.length / FORMATS[this.format]!) * 1000;
    if (ms < 100) {
      const message = `Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has ${ms.toFixed(2)}ms of audio.`;
      return this.error("invalid_request_error", "input_audio_buffer_commit_empty", message, eventId);
    }
    this.buffer = [];
    const itemId = `item_fake_${++this.seq}`;
    this.send({ type: "input_audio_buffer.committed", previous_item_id: this.lastItem, item_id: itemId });
    this.lastItem = itemId;
    this.fake.realtime.committedAudio.push(audio);
    if (this.model === null) return; // transcription not configured: the real server stays silent too
    await sleep(this.fake.latency.sttFinalMs);
    const transcript = this.fake.transcriptFor("realtime", audio.length / FORMATS[this.format]!);
    for (const delta of transcript.match(/\S+\s*/g) ?? []) {
      this.send({ type: "conversation.item.input_audio_transcription.delta", item_id: itemId, content_index: 0, delta });
    }
    this.send({ type: "conversation.item.input_audio_transcription.completed", item_id: itemId, content_index: 0, transcript });
  }

  private session(): Record<string, unknown> {
    return {
      id: "sess_fake",
      object: "realtime.transcription_session",
      input_audio_format: this.format,
      input_audio_transcription: this.model ? { model: this.model } : null,
      turn_detection: this.turnDetection,
    };
  }

  private error(type: string, code: string, message: string, eventId: string | null, param: string | null = null): void {
    this.send({ type: "error", error: { type, code, message, param, event_id: eventId } });
  }

  private send(event: Record<string, unknown>): void {
    if (this.closed) return;
    try {
      this.ws.send(JSON.stringify({ event_id: `event_fake_${++this.seq}`, ...event }));
    } catch {
      /* the client went away */
    }
  }
}
