// CallSession: one Durable Object per call, sole owner of the call's media socket (docs/architecture.md, "Calls"). The
// Worker hands Twilio's upgrade straight here; the object accepts it (no hibernation while live) and runs
// the conversation: leg, playbook, transcript, recording (a text leg runs the same one, docs/architecture.md, "Running offline"). All
// is persisted as it happens; a keepalive alarm watches a live call, so after an eviction the call goes on
// when the stream reconnects (or ends cleanly if it never does). At hang-up: the stereo WAV to R2 and
// the call's end as a fact, which its product turns into events for the call's subjects (for folio,
// CallEnded with outcome, recording key and TOON transcript on every record).
import { DurableObject } from "cloudflare:workers";
import type { LegEvent } from "../engine/call-leg";
import type { Conversation } from "../engine/conversation";
import type { TranscriptListener } from "../engine/transcript";
import { createLogger, errorFields, type Logger } from "../platform/log";
import { piiCipher } from "../platform/pii-cipher";
import type { VoiceProviders } from "../providers/openai";
import { MediaLeg } from "./call-session/media-leg";
import { alarmAction, callEndedEvents, durationExceededEvents, hangUpAtTwilio, KEEPALIVE_MS, RECONNECT_AFTER_MS } from "./call-session/ending";
import { redirectToFreshStream, storeRecording, WRAP_UP_GRACE_MS } from "./call-session/ending";
import { Outbox } from "./call-session/outbox";
import { acceptWatcher, WATCH_PATH } from "./call-session/watchers";
import { ownerRefOf, rememberOwner, reportPending, reportToOwner } from "./call-session/owner-report";
import { voiceFor } from "./call-session/providers";
import { CallArtifacts } from "./call-session/artifacts";
import { configFrom, initialState, playbookOf, TERMINAL_STATUS, type CallSnapshot, type PrepareInput } from "./call-session/state";
import { CallStore, type CallState } from "./call-session/store";
import { createConversation, createLeg, type Leg } from "./call-session/wiring";

export type { CallSnapshot, PrepareInput } from "./call-session/state";
export type { CallState } from "./call-session/store";

export class CallSession extends DurableObject<Env> {
  private readonly store: CallStore;
  private readonly log: Logger;
  private state: CallState | null = null;
  private readonly artifacts: CallArtifacts;
  private leg: Leg | null = null;
  private voice: VoiceProviders | null = null;
  private conversation: Conversation | null = null;
  private timers: Array<ReturnType<typeof setTimeout>> = [];
  private finishing: Promise<void> | null = null;
  private finalizing: Promise<void> | null = null;
  private readonly outbox: Outbox;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.store = new CallStore(ctx.storage.sql, () => piiCipher(env));
    this.log = createLogger(env.LOG_LEVEL, { service: "call-session" });
    this.artifacts = new CallArtifacts(this.store, () => this.state!.call_id);
    this.outbox = new Outbox(env, this.store, this.log, () => ctx.storage.setAlarm(Date.now() + 30_000));
    ctx.blockConcurrencyWhile(async () => {
      await this.store.open();
      this.state = this.store.load();
    });
  }

  // ---- RPC --------------------------------------------------------------------------------------------

  /** Sets the call up before it is placed: records, playbook, limits. Idempotent; a started call keeps its config. */
  prepare(callId: string, input: PrepareInput = {}): CallState {
    const s = this.init(callId);
    if (s.phase === "prepared" && s.streams === 0) {
      s.config = configFrom(callId, input);
      this.save();
    }
    rememberOwner(this.ctx.storage, ownerRefOf(input.owner ?? input.report_to));
    return s;
  }

  /** /twilio/voice (the call connected, or its stream ended and Twilio asks what next). */
  answer(callId: string, info: { callSid?: string | null }): { ended: boolean } {
    const s = this.init(callId);
    if (info.callSid && !s.call_sid) {
      s.call_sid = info.callSid;
      this.save();
    }
    return { ended: s.phase === "ended" };
  }

  /** /twilio/status: a terminal status ends the call (no answer, busy, the hotel hung up, ...). */
  async twilioStatus(callId: string, info: { callSid?: string | null; status: string }): Promise<void> {
    const s = this.init(callId);
    s.twilio_status = info.status;
    if (info.callSid && !s.call_sid) s.call_sid = info.callSid;
    this.save();
    const outcome = TERMINAL_STATUS[info.status];
    if (outcome && s.phase !== "ended") await this.finish(s.streams > 0 ? "hung_up" : outcome);
  }

  /** /twilio/amd: async answering-machine detection's verdict. */
  amd(callId: string, info: { answeredBy: string }): void {
    const s = this.init(callId);
    s.answered_by = info.answeredBy;
    this.save();
    this.artifacts.transcript.add({ type: "call_event", content: "answered by", data: { answered_by: info.answeredBy } });
    this.conversation?.setAnsweredBy(info.answeredBy);
  }

  snapshot(): CallSnapshot {
    const media = this.leg instanceof MediaLeg ? this.leg : null;
    const transcript = this.state ? this.artifacts.transcript.toJSON() : null;
    return { state: this.state, transcript, turn_latencies_ms: [...(media?.turnLatencies ?? [])], voice_to_voice_ms: [...(media?.voiceToVoice ?? [])], outbox_pending: this.outbox.pending };
  }

  // ---- the socket ---------------------------------------------------------------------------------------

  override async fetch(request: Request): Promise<Response> {
    // The dashboard's live transcript: a watcher's socket, not a call leg (call-session/watchers.ts).
    if (new URL(request.url).pathname === WATCH_PATH) return acceptWatcher(this);
    const callId = request.headers.get("x-folio-call-id") ?? "";
    if ((request.headers.get("upgrade") ?? "").toLowerCase() !== "websocket") return new Response("expected a WebSocket upgrade", { status: 426 });
    if (!callId) return new Response("no call id", { status: 400 });
    const s = this.init(callId);
    if (s.phase === "ended") return new Response("the call has ended", { status: 410 });
    // The Worker's media route always says "audio"; "text" is the simulated carrier's, object to object.
    const kind = request.headers.get("x-folio-leg") === "text" ? "text" : "audio";
    const voice = voiceFor(this.env, s.config.voice);
    if (kind === "audio" && !voice) {
      this.log.error("no voice provider configured; refusing the media stream", { call_id: callId });
      return new Response("no voice provider configured", { status: 503 });
    }
    this.voice = voice;
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    server.accept();
    this.dropLeg("replaced by a new stream");
    const leg = createLeg(kind, server, {
      voice,
      recorder: this.artifacts.recorder,
      log: this.log.child({ call_id: callId }),
      onStart: (callSid, callParam) => this.onStreamStart(leg, callSid, callParam),
      onActivity: () => void (s.last_seen_at = Date.now()),
      onSecond: () => (this.artifacts.flush(), this.save()),
      viaTwilio: (prelude) => this.viaTwilio(prelude),
    });
    leg.listen((e) => this.onLegEvent(leg, e));
    this.leg = leg;
    return new Response(null, { status: 101, webSocket: client });
  }

  private onStreamStart(leg: Leg, callSid: string | null, callParam: string | null): void {
    const s = this.state!;
    if (this.leg !== leg) return;
    if ((callParam !== null && callParam !== s.call_id) || s.phase === "ended") {
      this.log.warn("stream refused", { call_id: s.call_id, reason: s.phase === "ended" ? "ended" : "call parameter mismatch" });
      leg.close("refused");
      return;
    }
    const now = Date.now();
    const resumed = s.streams > 0;
    Object.assign(s, { phase: "live", streams: s.streams + 1, leg: leg.kind, last_seen_at: now, reconnect_requested_at: null });
    s.call_sid ??= callSid;
    s.started_at ??= now;
    this.save();
    const transcript = this.artifacts.transcript;
    transcript.add({ type: "call_event", content: resumed ? "stream resumed" : "stream started", data: { stream: s.streams, leg: leg.kind } });
    const conversation = createConversation(s, leg, {
      brain: this.voice?.brain ?? null,
      services: playbookOf(s).services?.(this.env),
      transcript,
      save: () => this.save(),
      emit: (batches) => this.outbox.emit(s.call_id, batches, playbookOf(s).oncePerCall),
      end: (outcome) => void this.finish(outcome),
      log: this.log,
    });
    this.conversation = conversation;
    conversation.start(resumed);
    this.armDeadline();
    void this.ctx.storage.setAlarm(now + KEEPALIVE_MS);
  }

  private onLegEvent(leg: Leg, e: LegEvent): void {
    if (this.leg !== leg) return;
    if (e.type !== "closed") return this.conversation?.handle(e);
    this.leg = null;
    this.conversation?.stop();
    this.conversation = null;
    this.artifacts.flush();
    const s = this.state!;
    if (s.phase !== "live") return;
    if (e.reason === "stop") return void this.finish("hung_up");
    // Lost without a `stop`: Twilio asks /twilio/voice for the next TwiML and reconnects; the alarm watches.
    s.last_seen_at = Date.now();
    this.save();
    void this.ctx.storage.setAlarm(Date.now() + RECONNECT_AFTER_MS);
  }

  /** DTMF and TTS fallbacks (docs/architecture.md, "Calls"): Twilio plays the keys or says the line, then a fresh stream (the alarm watches for it). */
  private async viaTwilio(prelude: { digits: string } | { say: string }): Promise<boolean> {
    const s = this.state!;
    const ok = await redirectToFreshStream(this.env, s, this.log, prelude);
    if (ok) {
      s.reconnect_requested_at = Date.now();
      this.save();
    }
    const what = "digits" in prelude ? "keys" : "line";
    this.artifacts.transcript.add({ type: "call_event", content: ok ? `${what} played by Twilio` : `${what} failed`, data: { ...prelude, via: "rest" } });
    return ok;
  }

  // ---- time ----------------------------------------------------------------------------------------------

  private armDeadline(): void {
    const s = this.state!;
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    if (s.started_at === null) return;
    const left = s.started_at + s.config.max_duration_ms - Date.now();
    this.timers.push(setTimeout(() => this.onDeadline(), Math.max(0, left)));
  }

  private onDeadline(): void {
    const s = this.state!;
    if (s.phase !== "live" || s.wrapping_up) return;
    s.wrapping_up = true;
    this.save();
    this.artifacts.transcript.add({ type: "call_event", content: "max duration reached", data: { max_duration_ms: s.config.max_duration_ms } });
    if (this.conversation && !this.conversation.isEnded) {
      this.conversation.wrapUp("max_duration");
      this.timers.push(setTimeout(() => void this.finish("max_duration"), WRAP_UP_GRACE_MS));
    } else {
      void this.exceededWithoutStream();
    }
  }

  /** Time ran out while no stream was live: the subjects still hear of it (folio: CallDurationExceeded). */
  private async exceededWithoutStream(): Promise<void> {
    this.outbox.emit(this.state!.call_id, durationExceededEvents(this.state!, this.artifacts.transcript));
    await this.finish("max_duration");
  }

  override async alarm(): Promise<void> {
    const s = this.state;
    if (!s) return;
    const now = Date.now();
    switch (alarmAction(s, { leg: this.leg !== null, conversation: this.conversation !== null }, now)) {
      case "none":
        return;
      case "finalize":
        await this.finalize();
        if (!s.finalized || this.outbox.pending > 0 || reportPending(this.ctx.storage)) await this.ctx.storage.setAlarm(now + 30_000);
        return;
      case "wrap_up":
        this.onDeadline();
        break;
      case "cut":
        return this.conversation ? this.finish("max_duration") : this.exceededWithoutStream();
      case "give_up":
        return this.finish("lost");
      case "reconnect":
        s.reconnect_requested_at = now;
        this.save();
        await redirectToFreshStream(this.env, s, this.log);
        break;
      case "keepalive":
        break;
    }
    await this.ctx.storage.setAlarm(now + (this.leg ? KEEPALIVE_MS : RECONNECT_AFTER_MS));
  }

  // ---- the end ----------------------------------------------------------------------------------------

  /** Hangs up (REST, then the socket) and finalizes. Idempotent. */
  private finish(outcome: string): Promise<void> {
    this.finishing ??= (async () => {
      const s = this.state!;
      if (s.phase !== "ended") Object.assign(s, { phase: "ended", outcome, ended_at: Date.now() });
      this.save();
      for (const t of this.timers) clearTimeout(t);
      this.conversation?.stop();
      await hangUpAtTwilio(this.env, s, this.log); // before closing the socket, so Twilio does not ask for more TwiML
      this.dropLeg("call ended");
      this.artifacts.transcript.add({ type: "call_event", content: "call ended", data: { outcome: s.outcome } });
      await this.finalize();
    })();
    return this.finishing;
  }

  /**
   * The WAV to R2, then the product's events for the call's end (once). Retried by the alarm until it is done. One
   * run at a time: the hang-up and the keepalive alarm can both get here, and each awaits the recording
   * before it marks the call finalized, so two runs side by side would each queue the records' events.
   */
  private finalize(): Promise<void> {
    this.finalizing ??= this.finalizeOnce().finally(() => (this.finalizing = null));
    return this.finalizing;
  }

  private async finalizeOnce(): Promise<void> {
    const s = this.state!;
    const { transcript, recorder } = this.artifacts;
    try {
      if (!s.finalized) {
        recorder.flush();
        s.recording_key = await storeRecording(this.env, s, recorder);
        // Queued and marked in one synchronous stretch: the end's events go out exactly once per subject.
        this.outbox.emit(s.call_id, callEndedEvents(s, transcript));
        s.finalized = true;
        this.save();
      }
      await this.outbox.deliver();
      // The owner hears of the call once every record has its CallEnded.
      if (this.outbox.pending === 0) await reportToOwner(this.env, this.ctx.storage, s, transcript, this.log);
    } catch (err) {
      this.log.error("finalizing the call failed; the alarm retries", { call_id: s.call_id, ...errorFields(err) });
      await this.ctx.storage.setAlarm(Date.now() + 30_000);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------------------

  private init(callId: string): CallState {
    if (!this.state) {
      this.state = initialState(configFrom(callId));
      this.save();
    }
    return this.state;
  }

  private save(): void {
    if (this.state) this.store.save(this.state);
  }

  /** Live transcript hook (the dashboard's socket arrives later): every node as it is added or changed. */
  onTranscriptNode(listener: TranscriptListener): () => void {
    return this.artifacts.transcript.onNode(listener);
  }

  private dropLeg(reason: string): void {
    const leg = this.leg;
    this.leg = null;
    this.conversation?.stop();
    this.conversation = null;
    leg?.close(reason);
  }
}
