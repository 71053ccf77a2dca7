// The TwiML that connects a call to its CallSession: one bidirectional stream to /twilio/media/:callId,
// the call id again as a <Parameter> (checked against the object's own), and <Connect action> back to
// /twilio/voice/:callId, so a stream that drops while the call goes on (an eviction, a deploy) is
// reconnected to the same session, which resumes from its persisted state.

import { connectStream, hangup, playDigits, twimlResponse } from "../../providers/twilio/twiml";

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

/** The call's stream; with `digits`, Twilio plays those keys first (the DTMF fallback, DESIGN §5). */
export function streamTwiml(env: Env, callId: string, digits?: string): string {
  const stream = connectStream({
    url: mediaStreamUrl(env, callId),
    parameters: { call: callId },
    action: webhookUrl(env, "voice", callId),
  });
  return digits ? twimlResponse(playDigits(digits), stream) : twimlResponse(stream);
}

export function hangupTwiml(): string {
  return twimlResponse(hangup());
}
