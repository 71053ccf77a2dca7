// A call's state as it starts, the prepare() input it is made from, and the playbook view of it.

import { playbookNamed } from "./playbooks";
import { scriptedPlaybook } from "../../products/folio/scripted-playbook";
import type { CallOwnerRef } from "../../engine/call-owner";
import type { Playbook, PlaybookContext } from "../../engine/playbook";
import type { Subject } from "../../engine/subjects";
import { voiceSettings, type VoiceSettings } from "../../engine/voice-settings";
import { RECORD_SUBJECT } from "../folio-record/call-sink";
import type { Toon, ToonNode } from "../../engine/transcript";
import { DEFAULT_MAX_DURATION_MS, type CallConfig, type CallState } from "./store";

export interface PrepareInput {
  /** What the call is about, by type. A call given only `record_ids` is about folio records. */
  subjects?: Subject[];
  record_ids?: string[];
  playbook?: string;
  params?: Record<string, unknown>;
  max_duration_ms?: number;
  /** The call's voice and models; what it leaves out is the deployment's default. */
  voice?: VoiceSettings;
  to?: string;
  from?: string;
  /** Whoever placed the call: it gets the CallReport when the call is over. None for an inbound call. */
  owner?: CallOwnerRef;
  /** A hotel line's phone, as a line on the previous version names itself during a deploy. */
  report_to?: string;
}

export function configFrom(callId: string, input: PrepareInput = {}): CallConfig {
  const max = input.max_duration_ms;
  const subjects = distinct(input.subjects ?? (input.record_ids ?? []).map((id) => ({ type: RECORD_SUBJECT, id })));
  return {
    call_id: callId,
    record_ids: subjects.map((s) => s.id),
    subjects,
    playbook: input.playbook ?? "scripted",
    params: input.params ?? {},
    max_duration_ms: typeof max === "number" && max > 0 ? max : DEFAULT_MAX_DURATION_MS,
    ...voiceOf(input.voice),
    ...(input.to ? { to: input.to } : {}),
    ...(input.from ? { from: input.from } : {}),
  };
}

/** Checked here too: prepare is an RPC, and a call must not start on settings no provider takes. */
function voiceOf(input: unknown): { voice?: VoiceSettings } {
  const parsed = input === undefined ? null : voiceSettings.safeParse(input);
  return parsed?.success && Object.keys(parsed.data).length > 0 ? { voice: parsed.data } : {};
}

function distinct(subjects: readonly Subject[]): Subject[] {
  const seen = new Set<string>();
  return subjects.filter((s) => !seen.has(`${s.type}:${s.id}`) && (seen.add(`${s.type}:${s.id}`), true)).map((s) => ({ type: s.type, id: s.id }));
}

/** The call's subjects; a call stored before subjects had types is about folio records. */
export function subjectsOf(config: CallConfig): Subject[] {
  return config.subjects ?? config.record_ids.map((id) => ({ type: RECORD_SUBJECT, id }));
}

export function initialState(config: CallConfig): CallState {
  return {
    call_id: config.call_id,
    phase: "prepared",
    config,
    call_sid: null,
    answered_by: null,
    twilio_status: null,
    started_at: null,
    last_seen_at: null,
    streams: 0,
    leg: null,
    wrapping_up: false,
    outcome: null,
    ended_at: null,
    recording_key: null,
    finalized: false,
    reconnect_requested_at: null,
  };
}

export function playbookOf(state: CallState): Playbook<unknown> {
  return (playbookNamed(state.config.playbook) ?? scriptedPlaybook) as Playbook<unknown>;
}

/** The playbook's view of the call outside a conversation (finalizing after an eviction, the alarm). */
export function offlineContext(state: CallState, transcript: readonly ToonNode[]): PlaybookContext<unknown> {
  const playbook = playbookOf(state);
  const base = {
    callId: state.call_id,
    subjects: subjectsOf(state.config),
    recordIds: state.config.record_ids,
    params: state.config.params,
    now: new Date(),
    transcript,
    answeredBy: state.answered_by,
    brain: null,
  };
  return { ...base, state: state.playbook_state === undefined ? playbook.initialState(base) : state.playbook_state };
}

/** Twilio call statuses that end a call, and the outcome each means when we had not decided one. */
export const TERMINAL_STATUS: Record<string, string> = {
  completed: "hung_up",
  busy: "busy",
  "no-answer": "no_answer",
  failed: "failed",
  canceled: "canceled",
};

export interface CallSnapshot {
  state: CallState | null;
  transcript: Toon | null;
  /** Per answered turn on the current media stream (ms): endpoint → first outbound frame, and the end of
   *  the caller's voice → first outbound frame. */
  turn_latencies_ms: number[];
  voice_to_voice_ms: number[];
  outbox_pending: number;
}
