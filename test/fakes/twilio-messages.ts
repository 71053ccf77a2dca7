// The Twilio REST emulator's Programmable Messaging (Node side, used by twilio-rest-server.ts), as
// Twilio documents it: POST /Messages.json with its validation errors (21604, 21211, 21603, 21602,
// 21617, 21610), the Message resource with num_segments, and the status callbacks a text goes through
// (queued, sent, then delivered — or undelivered / failed with an ErrorCode, as a queued "fate" says).
//
// The emulator cannot reach the worker under test (it runs inside workerd with no port), so each
// webhook — a status callback, or an inbound text a test asks for — is signed here with Twilio's
// algorithm (node:crypto, independent of src/) and put in the account's outbox, which the test drains
// and posts through the worker.
import { createHmac, randomBytes } from "node:crypto";
import type { MessageFate, SignedWebhook, TwilioRestLogJson } from "./twilio-rest-shared";

export interface MessagingAccount {
  authToken: string;
  messages: TwilioRestLogJson["messages"];
  outbox: SignedWebhook[];
  fates: MessageFate[];
  unsubscribed: Set<string>;
}

type Answer = { status: number; body: unknown };

const E164 = /^\+[1-9]\d{6,14}$/;
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
const GSM7_EXTENDED = /[\^{}\\[~\]|€]/g;

export function twilioSignature(authToken: string, url: string, params: URLSearchParams): string {
  const names = [...new Set(params.keys())].sort();
  let data = url;
  for (const name of names) for (const value of params.getAll(name)) data += name + value;
  return createHmac("sha1", authToken).update(Buffer.from(data, "utf8")).digest("base64");
}

function signed(account: MessagingAccount, url: string, params: URLSearchParams): SignedWebhook {
  return {
    url,
    headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": twilioSignature(account.authToken, url, params) },
    body: params.toString(),
  };
}

export function numSegments(body: string): string {
  if (GSM7.test(body)) {
    const septets = body.length + (body.match(GSM7_EXTENDED)?.length ?? 0);
    return String(septets <= 160 ? 1 : Math.ceil(septets / 153));
  }
  return String(body.length <= 70 ? 1 : Math.ceil(body.length / 67));
}

const error = (status: number, code: number, message: string): Answer => ({ status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } });

/** Random, as Twilio's are: unique across every account and test. */
function newSid(): string {
  return `SM${randomBytes(16).toString("hex")}`;
}

export function createMessage(accountSid: string, account: MessagingAccount, form: URLSearchParams): Answer {
  const to = form.get("To");
  const from = form.get("From");
  const body = form.get("Body");
  if (!to) return error(400, 21604, "A 'To' phone number is required.");
  if (!E164.test(to)) return error(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
  if (!from) return error(400, 21603, "A 'From' phone number is required.");
  if (!body) return error(400, 21602, "Message body is required.");
  if (body.length > 1600) return error(400, 21617, "The concatenated message body exceeds the 1600 character limit.");
  if (account.unsubscribed.has(to)) return error(400, 21610, "Attempt to send to unsubscribed recipient");
  const sid = newSid();
  const statusCallback = form.get("StatusCallback");
  const message = { to, from, body, status: "queued", status_callback: statusCallback, error_code: null as number | null, num_segments: numSegments(body) };
  account.messages[sid] = message;
  if (statusCallback) {
    const fate = account.fates.shift() ?? { kind: "delivered" };
    const steps: Array<{ status: string; errorCode?: number }> = [{ status: "queued" }];
    if (fate.kind === "failed") steps.push({ status: "failed", errorCode: fate.errorCode });
    else steps.push({ status: "sent" }, fate.kind === "undelivered" ? { status: "undelivered", errorCode: fate.errorCode } : { status: "delivered" });
    for (const step of steps) {
      const params = new URLSearchParams({ MessageSid: sid, SmsSid: sid, AccountSid: accountSid, From: from, To: to, MessageStatus: step.status, SmsStatus: step.status, ApiVersion: "2010-04-01" });
      if (step.errorCode !== undefined) params.set("ErrorCode", String(step.errorCode));
      account.outbox.push(signed(account, statusCallback, params));
      message.status = step.status;
      if (step.errorCode !== undefined) message.error_code = step.errorCode;
    }
  }
  return {
    status: 201,
    body: {
      sid,
      account_sid: accountSid,
      to,
      from,
      body,
      status: "queued",
      num_segments: message.num_segments,
      num_media: "0",
      direction: "outbound-api",
      api_version: "2010-04-01",
      date_created: new Date().toUTCString(),
      date_sent: null,
      error_code: null,
      error_message: null,
      price: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    },
  };
}

/** An inbound text to one of our numbers, as Twilio would post it to the number's SMS webhook. */
export function inboundText(accountSid: string, account: MessagingAccount, text: { from: string; to: string; body: string; url: string; message_sid?: string }): string {
  const sid = text.message_sid ?? newSid();
  const params = new URLSearchParams({
    MessageSid: sid,
    SmsSid: sid,
    SmsMessageSid: sid,
    AccountSid: accountSid,
    From: text.from,
    To: text.to,
    Body: text.body,
    NumMedia: "0",
    NumSegments: numSegments(text.body),
    ApiVersion: "2010-04-01",
  });
  account.outbox.push(signed(account, text.url, params));
  return sid;
}
