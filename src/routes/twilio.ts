// Twilio's webhooks and the media stream (docs/architecture.md, "Calls"), mounted at /twilio.
//
// Every request must carry a valid X-Twilio-Signature for PUBLIC_BASE_URL + the path (+ query) and, for
// form posts, the form parameters, with TWILIO_AUTH_TOKEN; anything else is a 403 before any object is
// touched. The media upgrade is signed over its ws(s):// URL, as Twilio does for Media Streams.
//
// The call id is the last path segment (it is in the TwiML's Stream URL and action URL, both signed);
// an inbound call to one of our numbers, which has none, is known by its CallSid and answered as the
// routing table says (twilio-inbound.ts). The media upgrade goes straight to that call's CallSession,
// which accepts the socket itself.
import { Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../http/auth";
import { errorBody } from "../http/errors";
import { createLogger } from "../platform/log";
import { validateTwilioSignature } from "../providers/twilio/signature";
import { CALL_ID, hangupTwiml, publicBase, streamTwiml } from "../objects/telephony/twiml";
import { answerInboundCall } from "./twilio-inbound";
import { receiveText, receiveTextStatus } from "./twilio-sms";

type TwilioEnv = { Bindings: Env; Variables: AppEnv["Variables"] & { twilioParams: URLSearchParams } };

const xml = { "content-type": "text/xml; charset=utf-8" };
const utf8 = new TextDecoder();

/** Verifies the signature; parses form bodies once for the handlers. */
const verifyTwilio: MiddlewareHandler<TwilioEnv> = async (c, next) => {
  const url = new URL(c.req.url);
  const signed = publicBase(c.env) + url.pathname + url.search;
  const signature = c.req.header("x-twilio-signature");
  const authToken = c.env.TWILIO_AUTH_TOKEN ?? "";
  const type = c.req.header("content-type") ?? "";
  let ok: boolean;
  let params = new URLSearchParams();
  if (c.req.method === "GET") {
    // The media upgrade: Twilio signs the wss:// URL it was given.
    const candidates = [signed.replace(/^http/i, "ws"), signed];
    ok = false;
    for (const candidate of candidates) if (!ok) ok = await validateTwilioSignature({ authToken, signature, url: candidate });
  } else if (type.startsWith("application/json")) {
    ok = await validateTwilioSignature({ authToken, signature, url: signed, body: utf8.decode(await c.req.arrayBuffer()) });
  } else {
    params = new URLSearchParams(utf8.decode(await c.req.arrayBuffer()));
    ok = await validateTwilioSignature({ authToken, signature, url: signed, params });
  }
  if (!ok) {
    createLogger(c.env.LOG_LEVEL, { service: "twilio" }).warn("twilio signature rejected", { path: url.pathname, signed: Boolean(signature) });
    return c.json(errorBody("forbidden", "invalid Twilio signature"), 403);
  }
  c.set("twilioParams", params);
  await next();
};

function session(env: Env, callId: string) {
  return env.CALL_SESSION.get(env.CALL_SESSION.idFromName(callId));
}

/** The call id from the path, or from the CallSid of a call we did not place. Null when neither is usable. */
function callIdOf(pathId: string | undefined, params: URLSearchParams): string | null {
  if (pathId !== undefined) return CALL_ID.test(pathId) ? pathId : null;
  const sid = params.get("CallSid") ?? "";
  return /^CA[0-9a-zA-Z]{1,64}$/.test(sid) ? `call_${sid}` : null;
}

export const twilioRoutes = new Hono<TwilioEnv>();
twilioRoutes.use("*", verifyTwilio);

/** A call we placed (its TwiML and <Connect action> name it), or its stream ended and Twilio asks what next. */
twilioRoutes.post("/voice/:callId", async (c) => {
  const params = c.get("twilioParams");
  const callId = callIdOf(c.req.param("callId"), params);
  if (!callId) return c.json(errorBody("bad_request", "no call id"), 400);
  const { ended } = await session(c.env, callId).answer(callId, { callSid: params.get("CallSid") });
  return c.body(ended ? hangupTwiml() : streamTwiml(c.env, callId), 200, xml);
});

/** A call to one of our numbers: the routing table decides who answers (twilio-inbound.ts). */
twilioRoutes.post("/voice", async (c) => {
  const answer = await answerInboundCall(c.env, c.get("twilioParams"));
  if ("bad" in answer) return c.json(errorBody("bad_request", answer.bad), 400);
  return c.body(answer.twiml, 200, xml);
});

for (const path of ["/status", "/status/:callId"]) {
  twilioRoutes.post(path, async (c) => {
    const params = c.get("twilioParams");
    const callId = callIdOf(c.req.param("callId"), params);
    const status = params.get("CallStatus");
    if (!callId || !status) return c.json(errorBody("bad_request", "no call id or CallStatus"), 400);
    await session(c.env, callId).twilioStatus(callId, { callSid: params.get("CallSid"), status });
    return c.body(null, 204);
  });
}

for (const path of ["/amd", "/amd/:callId"]) {
  twilioRoutes.post(path, async (c) => {
    const params = c.get("twilioParams");
    const callId = callIdOf(c.req.param("callId"), params);
    const answeredBy = params.get("AnsweredBy");
    if (!callId || !answeredBy) return c.json(errorBody("bad_request", "no call id or AnsweredBy"), 400);
    await session(c.env, callId).amd(callId, { answeredBy });
    return c.body(null, 204);
  });
}

twilioRoutes.get("/media/:callId", async (c) => {
  const callId = c.req.param("callId");
  if (!CALL_ID.test(callId)) return c.json(errorBody("bad_request", "bad call id"), 400);
  if ((c.req.header("upgrade") ?? "").toLowerCase() !== "websocket") return c.json(errorBody("upgrade_required", "expected a WebSocket upgrade"), 426);
  const headers = new Headers(c.req.raw.headers);
  headers.set("x-folio-call-id", callId);
  headers.set("x-folio-leg", "audio");
  // Straight to the call's object: it accepts the socket; the Worker never touches a frame.
  return session(c.env, callId).fetch(new Request(c.req.url, { headers }));
});

/** A text to one of our numbers, and the delivery reports of the texts we sent (twilio-sms.ts). */
twilioRoutes.post("/sms", (c) => receiveText(c.env, c.get("twilioParams")));
twilioRoutes.post("/sms-status", (c) => receiveTextStatus(c.env, undefined, c.get("twilioParams")));
twilioRoutes.post("/sms-status/:messageId", (c) => receiveTextStatus(c.env, c.req.param("messageId"), c.get("twilioParams")));
