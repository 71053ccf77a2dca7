// Twilio's messaging webhooks (docs/architecture.md, "Messaging"), behind the same signature check as
// the voice ones (twilio.ts). An inbound text goes to the thread of (To, From); a status callback to
// the thread of (From, To), naming our message id in its path. Neither number is logged.
import { threadStub } from "../engine/messaging/stubs";
import { errorBody } from "../http/errors";
import { e164 } from "../engine/messaging/message";

const MESSAGE_SID = /^(SM|MM)[0-9a-zA-Z]{32}$/;
const MESSAGE_ID = /^msg_[0-9a-f]{32}$/;
const MAX_INBOUND_BODY = 1600 * 2;

type Params = { get(name: string): string | null };

/** An empty TwiML answer: replies go out through the Messages API, where they are paced and checked. */
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>';

export async function receiveText(env: Env, params: Params): Promise<Response> {
  const sid = params.get("MessageSid") ?? params.get("SmsSid") ?? "";
  const ours = params.get("To") ?? "";
  const theirs = params.get("From") ?? "";
  const body = params.get("Body") ?? "";
  const bad = !MESSAGE_SID.test(sid) ? "MessageSid" : !e164.safeParse(ours).success ? "To" : !e164.safeParse(theirs).success ? "From" : body.length > MAX_INBOUND_BODY ? "Body" : null;
  if (bad) return Response.json(errorBody("bad_request", `missing or invalid ${bad}`, { field: bad }), { status: 400 });
  const pair = { ours, theirs };
  await threadStub(env, pair).inbound(pair, { provider_sid: sid, body });
  return new Response(EMPTY_TWIML, { headers: { "content-type": "text/xml; charset=utf-8" } });
}

export async function receiveTextStatus(env: Env, messageId: string | undefined, params: Params): Promise<Response> {
  const sid = params.get("MessageSid") ?? params.get("SmsSid") ?? "";
  const status = params.get("MessageStatus") ?? params.get("SmsStatus") ?? "";
  const ours = params.get("From") ?? "";
  const theirs = params.get("To") ?? "";
  const code = params.get("ErrorCode");
  const bad =
    messageId !== undefined && !MESSAGE_ID.test(messageId)
      ? "message id"
      : !MESSAGE_SID.test(sid)
        ? "MessageSid"
        : !/^[a-z]{3,20}$/.test(status)
          ? "MessageStatus"
          : !e164.safeParse(ours).success
            ? "From"
            : !e164.safeParse(theirs).success
              ? "To"
              : code !== null && code !== "" && !/^\d{1,6}$/.test(code)
                ? "ErrorCode"
                : null;
  if (bad) return Response.json(errorBody("bad_request", `missing or invalid ${bad}`, { field: bad }), { status: 400 });
  const pair = { ours, theirs };
  const known = await threadStub(env, pair).providerStatus(pair, { message_id: messageId ?? null, provider_sid: sid, status, error_code: code ? Number(code) : null });
  // A report for a text we never sent is acknowledged: Twilio would otherwise retry it for nothing.
  return new Response(null, { status: known ? 204 : 200 });
}
