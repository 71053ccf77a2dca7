// The generic call engine runs a Playbook: what to say first, how to read a reply, what a reply means for
// the records the call is about, and when the call is over. The folio playbook, inbound booking or a
// confirmation campaign are all Playbooks; the engine (turn loop, legs, audio) does not change for them.
//
// A playbook is pure decision-making: it returns steps (things to say, keys to press, events for the
// call's subjects, the end of the call) and new state. The engine carries them out, persists the state
// after every step and delivers the events to each subject's sink (subjects.ts). Whatever a playbook
// does with I/O (a tool's lookup, an LLM fallback) it does with the services and the signal its context
// brings, so the playbook itself stays free of bindings.

import type { Brain, Tool, ToolCall } from "../providers/voice";
import type { CallFact } from "./call-facts";
import type { Subject, SubjectEvents } from "./subjects";
import type { ToonNode } from "./transcript";

export type PlaybookAction =
  /** Fixed words, spoken as they are. */
  | { type: "say"; text: string }
  /** The Brain writes the next line from the system prompt and the conversation so far (with the tools). */
  | { type: "respond"; instruction?: string }
  /** Keys to press (in-band DTMF on the audio leg). */
  | { type: "digits"; digits: string }
  /**
   * Wait up to `ms` for the other party. If they speak or press a key, the step ends here and that is the
   * next reply; if they stay silent, the playbook's onSilence decides what comes next. Listening first is
   * how a caller tells a person from a machine, and how it waits out a hold.
   */
  | { type: "listen"; ms: number }
  /** The call is over once everything before this has been heard. */
  | { type: "end"; outcome: string };

export interface PlaybookStep<S = unknown> {
  /** The playbook's new state (persisted before anything is said). */
  state?: S;
  /** Events for the call's subjects (delivered at least once, in order per subject). */
  events?: SubjectEvents[];
  actions: PlaybookAction[];
}

export interface Classification {
  intent: string;
  /** Which understanding layer decided ("rules", "llm", "script", ...): logged with the decision. */
  layer: string;
  details?: Record<string, unknown>;
}

export interface PlaybookContext<S = unknown> {
  callId: string;
  /** What the call is about (from CallSession.prepare); empty for an inbound call until the playbook finds out. */
  subjects: readonly Subject[];
  /** The subjects' ids (a playbook whose subjects are all of one type, as folio's records are). */
  recordIds: readonly string[];
  /** The playbook's settings for this call (from CallSession.prepare). */
  params: Readonly<Record<string, unknown>>;
  state: S;
  now: Date;
  transcript: readonly ToonNode[];
  /** Async AMD's verdict, once known (human, machine_start, machine_end_beep, fax, unknown, ...). */
  answeredBy: string | null;
  /** For an LLM fallback layer; null when no voice provider is configured. */
  brain: Brain | null;
  /**
   * The turn's signal, inside a turn: aborted on barge-in, when more speech comes in while deciding, and
   * when the call stops. Whatever a playbook awaits (the Brain above all) takes it, so a decision nobody
   * will act on stops at once rather than running to its timeout.
   */
  signal?: AbortSignal;
  /** The I/O the playbook's product registered with it (Playbook.services), built for this call. */
  services?: unknown;
}

/** A tool's answer: `result` goes back to the model (as the tool's message) before it speaks again. */
export interface ToolStep<S = unknown> extends PlaybookStep<S> {
  result?: unknown;
}

export type MaybePromise<T> = T | Promise<T>;

export interface Playbook<S = unknown> {
  readonly name: string;
  readonly tools: readonly Tool[];
  initialState(ctx: Omit<PlaybookContext<S>, "state">): S;
  systemPrompt(ctx: PlaybookContext<S>): string;
  /** What to do when the call connects. */
  opening(ctx: PlaybookContext<S>): MaybePromise<PlaybookStep<S>>;
  /** What a reply means. Deterministic layers first; `ctx.brain` is there for a fallback. */
  classify(text: string, ctx: PlaybookContext<S>): MaybePromise<Classification>;
  /** What to do about a classified reply. */
  onReply(ctx: PlaybookContext<S>, reply: { text: string; classification: Classification }): MaybePromise<PlaybookStep<S>>;
  /** A tool the Brain called while responding: its result is the model's to read, then it speaks again. */
  onTool?(ctx: PlaybookContext<S>, call: ToolCall): MaybePromise<ToolStep<S>>;
  /** A key the far end pressed. */
  onDtmf?(ctx: PlaybookContext<S>, digit: string): MaybePromise<PlaybookStep<S> | null>;
  /** Async AMD's verdict arrived mid-call (voicemail, human). */
  onAnsweredBy?(ctx: PlaybookContext<S>, answeredBy: string): MaybePromise<PlaybookStep<S> | null>;
  /** Nobody said anything for the whole of a `listen` action. Null: nothing to do. */
  onSilence?(ctx: PlaybookContext<S>, waitedMs: number): MaybePromise<PlaybookStep<S> | null>;
  /** The media stream came back after a drop (eviction, deploy): pick the thread up again. */
  onResume?(ctx: PlaybookContext<S>): MaybePromise<PlaybookStep<S>>;
  /** Subjects (ids) this call has not settled yet: the `time_up` fact names them. */
  remaining(ctx: PlaybookContext<S>): string[];
  /** Time is up: the last words and events (the `time_up` fact's events are added by eventsForFact). */
  wrapUp(ctx: PlaybookContext<S>, reason: "max_duration"): PlaybookStep<S>;
  /** The outcome of the call for one subject (defaults to the call's outcome): what the owner's report says. */
  outcomeFor?(ctx: PlaybookContext<S>, subjectId: string, callOutcome: string): string;
  /**
   * The product's events for a fact of the call (ended, time up). The engine writes none of its own;
   * whatever this returns is once per (call, subject, type): its ids are derived from that triple.
   */
  eventsForFact?(ctx: PlaybookContext<S>, fact: CallFact): SubjectEvents[];
  /** Event types this playbook gives a subject at most once per call: their ids are derived, so a replay stays one. */
  readonly oncePerCall?: ReadonlySet<string>;
  /** The I/O the playbook's tools need (a store, an API), built per call from the worker's env. */
  services?(env: Env): unknown;
  /** What the call learned that outlives it (e.g. the IVR path that worked), reported to whoever placed it. */
  summary?(ctx: PlaybookContext<S>): Record<string, unknown>;
}
