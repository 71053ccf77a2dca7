// How CallSession puts a call together when a stream starts: the leg for the transport (audio or text)
// and the conversation that runs the call's playbook over it.

import { Conversation } from "../../engine/conversation";
import type { SubjectEvents } from "../../engine/subjects";
import type { Transcript } from "../../engine/transcript";
import type { Logger } from "../../platform/log";
import type { VoiceProviders } from "../../providers/openai";
import { MediaLeg } from "./media-leg";
import { mediaTuning } from "./providers";
import type { Recorder } from "./recorder";
import { playbookOf, subjectsOf } from "./state";
import type { CallState } from "./store";
import { TextLeg } from "./text-leg";

export type Leg = MediaLeg | TextLeg;

export interface LegWiring {
  voice: VoiceProviders | null;
  recorder: Recorder;
  log: Logger;
  /** The stream's start: Twilio's CallSid (audio only) and the `call` parameter it carries. */
  onStart(callSid: string | null, callParam: string | null): void;
  onActivity(): void;
  /** Every second of inbound audio: persist the recording (and the call's liveness). */
  onSecond(): void;
  /** Our audio failed (in-band keys, or TTS with no fallback audio): Twilio plays or says it over REST, then a fresh stream. */
  viaTwilio?(prelude: { digits: string } | { say: string }): Promise<boolean>;
}

export function createLeg(kind: "audio" | "text", socket: WebSocket, w: LegWiring): Leg {
  if (kind === "text") return new TextLeg(socket, { onStart: (call) => w.onStart(null, call), onActivity: w.onActivity });
  if (!w.voice) throw new Error("an audio leg needs voice providers");
  return new MediaLeg(socket, {
    voice: w.voice,
    recorder: w.recorder,
    log: w.log,
    onStart: (m) => w.onStart(m.start.callSid, m.start.customParameters.call ?? null),
    onActivity: w.onActivity,
    onSecond: w.onSecond,
    viaTwilio: w.viaTwilio,
    ...mediaTuning(),
  });
}

export interface ConversationWiring {
  brain: VoiceProviders["brain"] | null;
  /** The playbook's I/O for this call (Playbook.services, built from the env). */
  services?: unknown;
  transcript: Transcript;
  /** Persists the call state (the playbook's state lives in it). */
  save(): void;
  emit(batches: SubjectEvents[]): void;
  end(outcome: string): void;
  log: Logger;
}

export function createConversation(s: CallState, leg: Leg, w: ConversationWiring): Conversation<unknown> {
  const playbook = playbookOf(s);
  return new Conversation<unknown>({
    callId: s.call_id,
    subjects: subjectsOf(s.config),
    recordIds: s.config.record_ids,
    params: s.config.params,
    playbook,
    ...(w.services !== undefined ? { services: w.services } : {}),
    leg,
    brain: w.brain,
    transcript: w.transcript,
    state: s.playbook_state,
    answeredBy: s.answered_by,
    saveState: (ps) => {
      s.playbook_state = ps;
      w.save();
    },
    emit: w.emit,
    end: w.end,
    log: w.log,
  });
}
