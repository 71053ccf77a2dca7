// The Twilio REST API as a local server (Node, started by vitest's globalSetup on 127.0.0.1 and a random
// port): the emulator's REST side. It serves what the call engine uses, as documented:
//   POST /2010-04-01/Accounts/{AccountSid}/Calls.json             create a call (201, the call resource)
//   POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}.json   update it: new Twiml or Url, or Status
// Basic auth (AccountSid:AuthToken) is checked; bodies are form-encoded; errors are Twilio-shaped
// ({code, message, more_info, status}).
//
// Tests stay independent through their account: each test registers its own AccountSid
// (PUT /__control/accounts/<sid>), and the control API returns what that account's API saw (GET ...) or
// queues failures for its next requests (POST .../faults: an HTTP status, or a connection reset).

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readJson, resetConnection, sendJson } from "./node-http";
import type { RunningServer } from "./openai-server";
import { createMessage, inboundText, type MessagingAccount } from "./twilio-messages";
import type { MessageFate, TwilioRestFault, TwilioRestLogJson } from "./twilio-rest-shared";

interface Account extends MessagingAccount {
  requests: TwilioRestLogJson["requests"];
  calls: TwilioRestLogJson["calls"];
  faults: TwilioRestFault[];
  n: number;
}

const API = "/2010-04-01/Accounts/";

export async function startTwilioRestServer(): Promise<RunningServer> {
  const accounts = new Map<string, Account>();

  async function onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0]!;
    if (path.startsWith("/__control/")) return control(req, res, path);
    const m = path.match(/^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/(?:Calls(?:\/(CA[0-9a-zA-Z]{32}))?|(Messages))\.json$/);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const account = m ? accounts.get(m[1]!) : undefined;
    if (!m || !account) return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    const entries: Record<string, string[]> = {};
    for (const [k, v] of form) (entries[k] ??= []).push(v);
    account.requests.push({ method: req.method ?? "GET", path, form: entries, at: Date.now() });
    if (req.headers.authorization !== `Basic ${Buffer.from(`${m[1]}:${account.authToken}`).toString("base64")}`) {
      return twilioError(res, 401, 20003, "Authenticate");
    }
    const fault = account.faults.shift();
    if (fault?.kind === "network") return resetConnection(req.socket, "twilio rest");
    if (fault?.kind === "status") return twilioError(res, fault.status, fault.code ?? 20500, fault.message ?? "An internal server error has occurred");
    if (req.method !== "POST") return twilioError(res, 405, 20004, "Method not allowed");
    if (!(req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")) {
      return twilioError(res, 400, 20001, "Content-Type must be application/x-www-form-urlencoded");
    }
    if (m[3]) {
      const answer = createMessage(m[1]!, account, form);
      return sendJson(res, answer.status, answer.body);
    }
    const callSid = m[2];
    if (!callSid) {
      if (!form.get("To")) return twilioError(res, 400, 21201, "No 'To' number is specified");
      if (!form.get("From")) return twilioError(res, 400, 21603, "A 'From' phone number is required.");
      if (!form.get("Url") && !form.get("Twiml") && !form.get("ApplicationSid")) return twilioError(res, 400, 21205, "Url parameter is required.");
      const sid = `CA${(++account.n).toString(16).padStart(32, "0")}`;
      account.calls[sid] = { status: "queued", to: form.get("To")!, from: form.get("From")!, twiml: form.get("Twiml") };
      return sendJson(res, 201, resource(m[1]!, sid, account.calls[sid]!));
    }
    const call = account.calls[callSid];
    if (!call) return twilioError(res, 404, 20404, `The requested resource ${path} was not found`);
    const status = form.get("Status");
    if (status !== null && status !== "completed" && status !== "canceled") return twilioError(res, 400, 21218, `Invalid value for Status: ${status}`);
    if (call.status === "completed" || call.status === "canceled") {
      if (status === null) return twilioError(res, 400, 21220, "Call is not in-progress. Cannot redirect.");
      return sendJson(res, 200, resource(m[1]!, callSid, call));
    }
    if (status) call.status = status;
    else {
      call.status = "in-progress";
      if (form.get("Twiml") !== null) call.twiml = form.get("Twiml");
      call.updates = (call.updates ?? 0) + 1;
    }
    return sendJson(res, 200, resource(m[1]!, callSid, call));
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const m = path.match(/^\/__control\/accounts\/(AC[0-9a-fA-F]{32})(\/faults|\/calls|\/inbound|\/webhooks|\/fates|\/unsubscribed)?$/);
    if (!m) return sendJson(res, 404, { error: "no such control route" });
    const sid = m[1]!;
    if (req.method === "PUT" && !m[2]) {
      const { authToken } = await readJson<{ authToken: string }>(req);
      accounts.set(sid, { authToken, requests: [], calls: {}, faults: [], n: 0, messages: {}, outbox: [], fates: [], unsubscribed: new Set() });
      return sendJson(res, 201, { ok: true });
    }
    const account = accounts.get(sid);
    if (!account) return sendJson(res, 404, { error: "no such account" });
    if (req.method === "DELETE") {
      accounts.delete(sid);
      return sendJson(res, 200, { ok: true });
    }
    if (m[2] === "/faults") {
      account.faults.push(...(await readJson<{ faults: TwilioRestFault[] }>(req)).faults);
      return sendJson(res, 200, { ok: true });
    }
    if (m[2] === "/calls") {
      // A call the emulator's media side connected (Twilio would have created it when it dialled).
      const { sid: callSid, to, from } = await readJson<{ sid: string; to?: string; from?: string }>(req);
      account.calls[callSid] ??= { status: "in-progress", to: to ?? "+15550000000", from: from ?? "+15550000001", twiml: null };
      return sendJson(res, 200, { ok: true });
    }
    if (m[2] === "/inbound") {
      const text = await readJson<{ from: string; to: string; body: string; url: string; message_sid?: string }>(req);
      return sendJson(res, 200, { message_sid: inboundText(sid, account, text) });
    }
    if (m[2] === "/webhooks") return sendJson(res, 200, { webhooks: account.outbox.splice(0) });
    if (m[2] === "/fates") {
      account.fates.push(...(await readJson<{ fates: MessageFate[] }>(req)).fates);
      return sendJson(res, 200, { ok: true });
    }
    if (m[2] === "/unsubscribed") {
      for (const n of (await readJson<{ numbers: string[] }>(req)).numbers) account.unsubscribed.add(n);
      return sendJson(res, 200, { ok: true });
    }
    return sendJson(res, 200, { requests: account.requests, calls: account.calls, messages: account.messages } satisfies TwilioRestLogJson);
  }

  const server = createServer((req, res) => {
    onRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) twilioError(res, 500, 20500, `fake Twilio broke: ${String(err)}`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function resource(accountSid: string, sid: string, call: TwilioRestLogJson["calls"][string]) {
  return {
    sid,
    account_sid: accountSid,
    to: call.to,
    from: call.from,
    status: call.status,
    direction: "outbound-api",
    api_version: "2010-04-01",
    date_created: new Date().toUTCString(),
    uri: `${API}${accountSid}/Calls/${sid}.json`,
  };
}

function twilioError(res: ServerResponse, status: number, code: number, message: string): void {
  sendJson(res, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}
