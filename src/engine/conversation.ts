// The turn loop: the same for every playbook and every leg. It listens to the leg (speech, utterances,
// keys), asks the playbook what a reply means and what to do, carries the steps out (say, let the Brain
// respond with tools, press keys, emit events for the call's subjects, end), and writes the transcript as
// the other party heard it.
//
// Turns run one at a time, in order. Barge-in: when the other party starts talking while we speak (or while
// we are still thinking), the turn in progress is aborted; the leg clears its audio and reports how much
// was heard, which is what goes into the transcript. A reply cut short before we acted on it is carried
// into the next one, so "Yes... and which email?" is understood as one reply.

import { errorFields, type Logger } from "../platform/log";
import { ProviderError, sentenceChunker, type Brain, type ChatMessage, type ToolCall } from "../providers/voice";
import { sentencesOf, type CallLeg, type LegEvent, type SpeechResult } from "./call-leg";
import { eventsOfFact } from "./call-facts";
import type { Playbook, PlaybookAction, PlaybookContext, PlaybookStep } from "./playbook";
import type { Subject, SubjectEvents } from "./subjects";
import type { Transcript } from "./transcript";

export interface ConversationOptions<S> {
  callId: string;
  /** What the call is about; `recordIds` are their ids (kept for playbooks whose subjects are of one type). */
  subjects?: readonly Subject[];
  recordIds: readonly string[];
  params: Readonly<Record<string, unknown>>;
  playbook: Playbook<S>;
  /** The playbook's services for this call (Playbook.services), handed to it in every context. */
  services?: unknown;
  leg: CallLeg;
  brain: Brain | null;
  transcript: Transcript;
  /** The playbook's persisted state; undefined on a new call. */
  state: S | undefined;
  answeredBy: string | null;
  /** Persists the playbook's state (before anything of the step is said). */
  saveState(state: S): void;
  /** Queues events for the subjects (persisted, delivered at least once). */
  emit(batches: SubjectEvents[]): void;
  /** The playbook ended the call: hang up and finalize. */
  end(outcome: string): void;
  log: Logger;
  /** Said when the Brain fails mid-call. */
  fallbackLine?: string;
}

const DEFAULT_FALLBACK = "Sorry, I missed that. Could you say it again?";
/** Said when the hotel spoke but no transcript could be had. */
export const NOT_CAUGHT_LINE = "Sorry, I did not catch that. Could you say it again?";
const MAX_TOOL_DEPTH = 3;

class Aborted extends Error {}

export class Conversation<S = unknown> {
  private state: S;
  private queue: Promise<void> = Promise.resolve();
  private turn: AbortController | null = null;
  private phase: "idle" | "thinking" | "speaking" | "listening" = "idle";
  private interruptible = true;
  private ended = false;
  /** Replies aborted before the playbook acted on them; prepended to the next one. */
  private carried: string[] = [];
  private answeredBy: string | null;
  /** Replies and keys received but not yet handled: a `listen` that starts after one has heard it. */
  private unhandled = 0;
  /** Ends the `listen` in progress: something was said or pressed. */
  private heard: (() => void) | null = null;

  constructor(private readonly o: ConversationOptions<S>) {
    this.answeredBy = o.answeredBy;
    this.state = o.state === undefined ? o.playbook.initialState(this.baseContext()) : o.state;
  }

  get playbookState(): S {
    return this.state;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Runs the opening (or the playbook's resume step after a dropped stream). Leg events go to handle(). */
  start(resumed: boolean): void {
    this.enqueue(async (signal) => {
      const pb = this.o.playbook;
      const step = resumed && pb.onResume ? await pb.onResume(this.context(signal)) : await pb.opening(this.context(signal));
      await this.execute(step, signal);
    });
  }

  /** Stops everything (the leg is gone or the call is over); no more turns run. */
  stop(): void {
    this.ended = true;
    this.turn?.abort(new Aborted("conversation stopped"));
  }

  /**
   * Async AMD's verdict. Its step is a turn like any other: decided in the turn queue, on the state the
   * turns before it left, so it never overwrites what a turn in flight saved. A verdict with something
   * to say still preempts the turn in progress (a voicemail beep will not wait out a long listen): that
   * is judged at once on the state as it stands, and only decides whether to cut the turn; the step
   * itself is decided again in its turn (playbooks are pure, so asking twice costs nothing).
   */
  setAnsweredBy(answeredBy: string): void {
    this.answeredBy = answeredBy;
    const pb = this.o.playbook;
    const handler = pb.onAnsweredBy;
    if (!handler || this.ended) return;
    const inFlight = this.turn;
    if (inFlight) {
      void (async () => {
        const preview = await handler.call(pb, this.context(), answeredBy);
        if (preview && preview.actions.length > 0 && this.turn === inFlight) inFlight.abort(new Aborted("answered by " + answeredBy));
      })().catch(() => {}); // the turn below runs the handler again and logs its failure
    }
    this.enqueue(async (signal) => {
      const step = await handler.call(pb, this.context(signal), answeredBy);
      if (step) await this.execute(step, signal);
    });
  }

  /** Time is up: stop the turn, say the playbook's last words (not interruptible), emit, end. */
  wrapUp(reason: "max_duration"): void {
    if (this.ended) return;
    const remaining = this.o.playbook.remaining(this.context());
    this.turn?.abort(new Aborted(reason));
    this.enqueue(async (signal) => {
      const step = this.o.playbook.wrapUp(this.context(signal), reason);
      // The fact as it stood when time ran out; the product turns it into its own events.
      const exceeded = eventsOfFact(this.o.playbook, this.context(signal), { type: "time_up", call_id: this.o.callId, remaining });
      this.interruptible = false;
      await this.execute({ ...step, events: [...(step.events ?? []), ...exceeded] }, signal);
    });
  }

  /** An event from the leg (the session forwards them: it watches `closed` itself). */
  handle(e: LegEvent): void {
    if (this.ended) return;
    switch (e.type) {
      case "speech_start":
        // Barge-in: stop talking (the leg clears and reports what was heard) or stop thinking. A `listen`
        // goes on: only words (or keys) end it, so hold music or a cough does not cancel its silence timer.
        if (this.interruptible && this.phase !== "idle" && this.phase !== "listening") this.turn?.abort(new Aborted("barge-in"));
        return;
      case "utterance":
        if (e.text.trim() !== "") this.onUtterance(e.text.trim(), e.via);
        return;
      case "unheard":
        this.onUnheard();
        return;
      case "dtmf":
        this.onDtmf(e.digit);
        return;
      case "closed":
        this.stop();
        return;
    }
  }

  private onUtterance(text: string, via: "stream" | "rest" | "text"): void {
    const node = this.o.transcript.add({ type: "hotel_response", content: text, via });
    if (this.interruptible && this.phase === "thinking") this.turn?.abort(new Aborted("more speech"));
    this.unhandled++;
    this.heard?.();
    this.enqueue(async (signal) => {
      this.unhandled--;
      const reply = [...this.carried.splice(0), text].join(" ");
      this.phase = "thinking";
      const pb = this.o.playbook;
      // The turn's signal goes with the decision: barge-in or a hang-up cancels an LLM call in flight.
      const classification = await pb.classify(reply, this.context(signal));
      this.o.transcript.update(node.node_id, { intent: classification.intent, layer: classification.layer });
      this.o.log.info("reply classified", { call_id: this.o.callId, intent: classification.intent, layer: classification.layer });
      if (signal.aborted) {
        this.carried.push(reply);
        return;
      }
      const step = await pb.onReply(this.context(signal), { text: reply, classification });
      if (signal.aborted) {
        this.carried.push(reply);
        return;
      }
      await this.execute(step, signal);
    });
  }

  /** The hotel spoke, but STT failed: ask again rather than answer nothing (a `listen` ends, as on words). */
  private onUnheard(): void {
    this.o.log.warn("reply not transcribed; asking again", { call_id: this.o.callId });
    this.unhandled++;
    this.heard?.();
    this.enqueue(async (signal) => {
      this.unhandled--;
      await this.speak(sentencesOf(NOT_CAUGHT_LINE), signal);
    });
  }

  private onDtmf(digit: string): void {
    this.o.transcript.add({ type: "dtmf_received", content: digit });
    const handler = this.o.playbook.onDtmf;
    if (!handler) return;
    this.unhandled++;
    this.heard?.();
    this.enqueue(async (signal) => {
      this.unhandled--;
      const step = await handler.call(this.o.playbook, this.context(signal), digit);
      if (step) await this.execute(step, signal);
    });
  }

  private enqueue(work: (signal: AbortSignal) => Promise<void>): void {
    this.queue = this.queue.then(async () => {
      if (this.ended) return;
      const ctl = new AbortController();
      this.turn = ctl;
      try {
        await work(ctl.signal);
      } catch (err) {
        if (!ctl.signal.aborted) this.o.log.warn("turn failed", { call_id: this.o.callId, ...errorFields(err) });
      } finally {
        if (this.turn === ctl) this.turn = null;
        this.phase = "idle";
      }
    });
  }

  private async execute(step: PlaybookStep<S>, signal: AbortSignal, depth = 0): Promise<void> {
    if (step.state !== undefined) {
      this.state = step.state;
      this.o.saveState(step.state);
    }
    if (step.events && step.events.length > 0) this.o.emit(step.events);
    for (const action of step.actions) {
      if (signal.aborted || this.ended) return;
      if (action.type === "listen") {
        // The rest of a step after a listen is the silence handler's: a reply ends the step here.
        if (await this.listen(action.ms, signal)) return;
        const next = this.o.playbook.onSilence ? await this.o.playbook.onSilence(this.context(signal), action.ms) : null;
        if (next && !signal.aborted && !this.ended) await this.execute(next, signal, depth);
        return;
      }
      await this.act(action, signal, depth);
    }
  }

  /** Waits up to `ms` for the other party. True when they spoke or pressed a key (or the turn was cut). */
  private listen(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.unhandled > 0 || signal.aborted) return Promise.resolve(true);
    this.phase = "listening";
    return new Promise((resolve) => {
      const done = (heard: boolean) => {
        clearTimeout(timer);
        signal.removeEventListener("abort", onAbort);
        if (this.heard === onHeard) this.heard = null;
        resolve(heard);
      };
      const onHeard = () => done(true);
      const onAbort = () => done(true);
      const timer = setTimeout(() => done(false), Math.max(0, ms));
      signal.addEventListener("abort", onAbort, { once: true });
      this.heard = onHeard;
    });
  }

  private async act(action: PlaybookAction, signal: AbortSignal, depth: number): Promise<void> {
    switch (action.type) {
      case "say":
        await this.speak(sentencesOf(action.text), signal);
        return;
      case "respond":
        await this.respond(action.instruction, signal, depth);
        return;
      case "digits": {
        this.phase = "speaking";
        const was = this.interruptible;
        this.interruptible = false; // keys are never talked over
        try {
          const r = await this.o.leg.sendDigits(action.digits, { signal });
          this.o.transcript.add({ type: "dtmf_sent", content: action.digits, ...(r.interrupted ? { truncated: true } : {}) });
        } finally {
          this.interruptible = was;
        }
        return;
      }
      case "listen": // handled by execute()
        return;
      case "end":
        this.ended = true;
        this.o.end(action.outcome);
        return;
    }
  }

  /** Speaks and writes what was heard into the transcript. */
  private async speak(sentences: AsyncIterable<string>, signal: AbortSignal): Promise<SpeechResult> {
    this.phase = "speaking";
    const r = await this.o.leg.say(sentences, { signal });
    if (r.segments.length > 0) {
      const full = r.segments.map((s) => s.text).join(" ");
      const heard = r.segments
        .map((s) => s.heard)
        .filter((s) => s !== "")
        .join(" ");
      const truncated = r.segments.some((s) => !s.complete);
      this.o.transcript.add({
        type: "system_utterance",
        content: heard,
        heard_ms: r.segments.reduce((n, s) => n + s.heardMs, 0),
        ...(truncated ? { truncated: true, full_text: full } : {}),
      });
    }
    if (r.error) this.o.log.warn("speaking failed", { call_id: this.o.callId, ...errorFields(r.error) });
    return r;
  }

  /** The Brain's line, spoken sentence by sentence while it is still being written; then its tool calls and their results. */
  private async respond(instruction: string | undefined, signal: AbortSignal, depth: number): Promise<void> {
    const brain = this.o.brain;
    if (!brain) {
      await this.speak(sentencesOf(this.o.fallbackLine ?? DEFAULT_FALLBACK), signal);
      return;
    }
    const ctx = this.context(signal);
    const system = this.o.playbook.systemPrompt(ctx) + (instruction ? `\n\n${instruction}` : "");
    const messages: ChatMessage[] = [{ role: "system", content: system }, ...this.o.transcript.history()];
    const tools = this.o.playbook.tools;
    const calls: ToolCall[] = [];
    let failure: unknown = null;
    async function* deltas(): AsyncGenerator<string> {
      for await (const e of brain!.respond(messages, tools, { signal })) {
        if (e.type === "text") yield e.delta;
        else calls.push(e);
      }
    }
    async function* sentences(): AsyncGenerator<string> {
      try {
        yield* sentenceChunker(deltas());
      } catch (err) {
        if (!signal.aborted) failure = err;
      }
    }
    const r = await this.speak(sentences(), signal);
    if (failure !== null && !signal.aborted) {
      this.o.log.warn("brain failed; fallback line", { call_id: this.o.callId, ...errorFields(failure), kind: failure instanceof ProviderError ? failure.kind : null });
      if (r.segments.length === 0) await this.speak(sentencesOf(this.o.fallbackLine ?? DEFAULT_FALLBACK), signal);
      return;
    }
    if (depth >= MAX_TOOL_DEPTH || !this.o.playbook.onTool || calls.length === 0) return;
    // Each call and its result go into the transcript (so into the model's next messages), the tool's
    // step runs, and once every call is answered the model reads the results and speaks again.
    let answered = false;
    for (const call of calls) {
      if (signal.aborted || this.ended) return;
      const tool = { call_id: call.id, name: call.name };
      this.o.transcript.add({ type: "tool_call", content: call.name, tool: { ...tool, arguments: call.arguments } });
      const step = await this.o.playbook.onTool(this.context(signal), call);
      if (signal.aborted) return;
      if (step.result !== undefined) {
        this.o.transcript.add({ type: "tool_result", content: JSON.stringify(step.result), tool });
        answered = true;
      }
      await this.execute(step, signal, depth + 1);
    }
    if (answered && !signal.aborted && !this.ended) await this.respond(instruction, signal, depth + 1);
  }

  private baseContext(): Omit<PlaybookContext<S>, "state"> {
    return {
      callId: this.o.callId,
      subjects: this.o.subjects ?? [],
      recordIds: this.o.recordIds,
      params: this.o.params,
      now: new Date(),
      transcript: this.o.transcript.all(),
      answeredBy: this.answeredBy,
      brain: this.o.brain,
      ...(this.o.services !== undefined ? { services: this.o.services } : {}),
    };
  }

  /** The playbook's view now; inside a turn, with the turn's signal for whatever it decides with I/O. */
  private context(signal?: AbortSignal): PlaybookContext<S> {
    return { ...this.baseContext(), state: this.state, ...(signal ? { signal } : {}) };
  }
}
