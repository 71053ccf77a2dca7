// A call to one of our numbers (docs/architecture.md, "Inbound calls"): Twilio posts /twilio/voice with no
// call id. The routing table says which product answers the dialled number (`To`); the call's
// CallSession is prepared with that product's playbook and settings, caller ID included, and Twilio is
// told to stream to it. A number that is not in the table gets a short neutral line and a hang-up, and no
// object is created. Neither number is logged: a caller's number is personal data.
import { numberRoute } from "../db/phone-numbers";
import { toE164 } from "../domain/record-input";
import { inboundCallSetup } from "../engine/inbound-routing";
import { hangupTwiml, streamTwiml } from "../objects/telephony/twiml";
import { createLogger } from "../platform/log";
import { hangup, say, twimlResponse } from "../providers/twilio/twiml";

export const NOT_IN_SERVICE_LINE = "This number is not in service. Goodbye.";

export function notInServiceTwiml(): string {
  return twimlResponse(say(NOT_IN_SERVICE_LINE), hangup());
}

/** Twilio's CallSid for a call; the session of a call we did not place is named after it. */
const CALL_SID = /^CA[0-9a-zA-Z]{1,64}$/;

export type InboundAnswer = { twiml: string } | { bad: string };

export async function answerInboundCall(env: Env, params: URLSearchParams): Promise<InboundAnswer> {
  const callSid = params.get("CallSid") ?? "";
  if (!CALL_SID.test(callSid)) return { bad: "no call id" };
  const callId = `call_${callSid}`;
  const log = createLogger(env.LOG_LEVEL, { service: "twilio" });
  const dialled = toE164(params.get("To") ?? "");
  const route = dialled ? await numberRoute(env.DB, dialled) : null;
  if (!route) {
    log.info("inbound call to a number not in the routing table", { call_id: callId });
    return { twiml: notInServiceTwiml() };
  }
  const session = env.CALL_SESSION.get(env.CALL_SESSION.idFromName(callId));
  // prepare() keeps the first config once the call has started, so Twilio retrying this webhook changes nothing.
  await session.prepare(callId, inboundCallSetup(route, toE164(params.get("From") ?? "")));
  const { ended } = await session.answer(callId, { callSid });
  log.info("inbound call routed", { call_id: callId, product: route.product, playbook: route.playbook });
  return { twiml: ended ? hangupTwiml() : streamTwiml(env, callId) };
}
