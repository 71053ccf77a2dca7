// The end of a call, the parts that do not need the live object: the recording to R2, the call's end as
// a fact for its product's events, and what the keepalive alarm should do about a call in a given state.

import { eventsOfFact, type CallFact } from "../../engine/call-facts";
import type { SubjectEvents } from "../../engine/subjects";
import type { Transcript } from "../../engine/transcript";
import { errorFields, type Logger } from "../../platform/log";
import { twilioFor } from "../telephony/twilio";
import type { Recorder } from "./recorder";
import { offlineContext, playbookOf } from "./state";
import type { CallState } from "./store";
import { streamTwiml, type TwilioPrelude } from "../telephony/twiml";

/** Stores the stereo WAV (once) and returns its key, or null for a call without audio. */
export async function storeRecording(env: Env, s: CallState, recorder: Recorder): Promise<string | null> {
  if (s.recording_key) return s.recording_key;
  if (recorder.seconds === 0) return null;
  const key = `recordings/${s.call_id}.wav`;
  await env.BLOBS.put(key, recorder.wav(), { httpMetadata: { contentType: "audio/wav" }, customMetadata: { call_id: s.call_id } });
  return key;
}

/** The call's end as a fact (outcome, duration, recording, TOON), and the product's events for it. */
export function callEndedEvents(s: CallState, transcript: Transcript): SubjectEvents[] {
  const duration_s = s.started_at !== null ? Math.max(0, ((s.ended_at ?? Date.now()) - s.started_at) / 1000) : 0;
  const fact: CallFact = { type: "ended", call_id: s.call_id, outcome: s.outcome ?? "ended", duration_s, recording_key: s.recording_key, transcript: transcript.toJSON() };
  return eventsOfFact(playbookOf(s), offlineContext(s, transcript.all()), fact);
}

/** Time ran out (no stream live to say a wrap-up): the subjects the playbook has not settled, as a fact. */
export function durationExceededEvents(s: CallState, transcript: Transcript): SubjectEvents[] {
  const ctx = offlineContext(s, transcript.all());
  const playbook = playbookOf(s);
  return eventsOfFact(playbook, ctx, { type: "time_up", call_id: s.call_id, remaining: playbook.remaining(ctx) });
}

/** Alarm period while a stream is live. */
export const KEEPALIVE_MS = 10_000;
/** Without a stream: ask Twilio for a fresh one after this long; give the call up after LOST_GIVE_UP_MS. */
export const RECONNECT_AFTER_MS = 5_000;
export const LOST_GIVE_UP_MS = 60_000;
/** The wrap-up gets this long to be said before the call is cut. */
export const WRAP_UP_GRACE_MS = 30_000;

export type AlarmAction =
  | "none"
  | "finalize" // ended: finish storing and delivering
  | "wrap_up" // time is up and a conversation is live: say the last words
  | "cut" // the wrap-up overran its grace, or time is up with no stream: end now
  | "give_up" // the stream never came back
  | "reconnect" // no stream for a while: ask Twilio for a fresh one
  | "keepalive";

/** The keepalive alarm's decision for a call (pure). */
export function alarmAction(s: CallState, live: { leg: boolean; conversation: boolean }, now: number): AlarmAction {
  if (s.phase === "ended") return "finalize";
  if (s.phase !== "live") return "none";
  const deadline = s.started_at === null ? Infinity : s.started_at + s.config.max_duration_ms;
  if (now >= deadline) {
    if (live.conversation && !s.wrapping_up) return "wrap_up";
    if (!live.conversation || now >= deadline + WRAP_UP_GRACE_MS) return "cut";
    return "keepalive";
  }
  if (live.leg) return "keepalive";
  const since = now - (s.last_seen_at ?? now);
  if (since >= LOST_GIVE_UP_MS) return "give_up";
  if (since >= RECONNECT_AFTER_MS && s.reconnect_requested_at === null && s.call_sid && s.leg === "audio") return "reconnect";
  return "keepalive";
}

/** Ends the call at Twilio (REST), unless Twilio already said it is over. Failures are logged: the socket closes anyway. */
export async function hangUpAtTwilio(env: Env, s: CallState, log: Logger): Promise<void> {
  const twilio = s.leg === "audio" && s.call_sid ? twilioFor(env) : null;
  if (!twilio || s.twilio_status === "completed") return;
  try {
    await twilio.hangUp(s.call_sid!);
  } catch (err) {
    log.warn("hang-up failed", { call_id: s.call_id, ...errorFields(err) });
  }
}

/**
 * Redirects the call to a fresh stream (the socket is gone and Twilio has not come back by itself), or,
 * with a prelude, has Twilio play keys or say a line first (our own audio did not get through). True
 * when Twilio accepted the update.
 */
export async function redirectToFreshStream(env: Env, s: CallState, log: Logger, prelude?: TwilioPrelude): Promise<boolean> {
  const twilio = twilioFor(env);
  if (!twilio || !s.call_sid) return false;
  try {
    await twilio.updateCall(s.call_sid, { twiml: streamTwiml(env, s.call_id, prelude) });
    return true;
  } catch (err) {
    log.warn(prelude ? "fallback over REST failed" : "reconnect request failed", { call_id: s.call_id, ...errorFields(err) });
    return false;
  }
}
