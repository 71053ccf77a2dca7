// The TwiML that connects a call to its CallSession: one bidirectional stream to /twilio/media/:callId,
// the call id again as a <Parameter> (checked against the object's own), and <Connect action> back to
// /twilio/voice/:callId, so a stream that drops while the call goes on (an eviction, a deploy) is
// reconnected to the same session, which resumes from its persisted state.

import { connectStream, hangup, playDigits, say, twimlResponse } from "../../providers/twilio/twiml";

export const CALL_ID = /^[A-Za-z0-9_-]{1,100}$/;

export function publicBase(env: Env): string {
  return (env.PUBLIC_BASE_URL || "http://127.0.0.1:8787").replace(/\/+$/, "");
}

/** wss:// for https, ws:// for http (the local emulator). */
export function mediaStreamUrl(env: Env, callId: string): string {
  return `${publicBase(env).replace(/^http/i, "ws")}/twilio/media/${callId}`;
}

export function webhookUrl(env: Env, hook: "voice" | "status" | "amd", callId: string): string {
  return `${publicBase(env)}/twilio/${hook}/${callId}`;
}

/** What Twilio does itself before the stream, when our audio cannot: play keys, or say a line. */
export interface TwilioPrelude {
  digits?: string;
  say?: string;
}

/** The call's stream, after the prelude (the DTMF and TTS fallbacks, docs/architecture.md, "Calls"). */
export function streamTwiml(env: Env, callId: string, prelude: TwilioPrelude = {}): string {
  const stream = connectStream({
    url: mediaStreamUrl(env, callId),
    parameters: { call: callId },
    action: webhookUrl(env, "voice", callId),
  });
  const before = [...(prelude.digits ? [playDigits(prelude.digits)] : []), ...(prelude.say ? [say(prelude.say)] : [])];
  return twimlResponse(...before, stream);
}

export function hangupTwiml(): string {
  return twimlResponse(hangup());
}
