// The Twilio REST API as an in-process fetch handler (the emulator's REST side): create a call, update it
// with TwiML, hang it up. Basic auth is checked; requests are recorded. Hang-ups are reported so the media
// emulator can end its stream like Twilio does.

import { TwilioRestClient } from "../../src/providers/twilio/rest";
import { TEST_ACCOUNT, TEST_AUTH_TOKEN } from "./twilio-media";

export interface RestRequest {
  method: string;
  path: string;
  form: URLSearchParams;
}

export class TwilioRestEmulator {
  readonly requests: RestRequest[] = [];
  readonly calls = new Map<string, string>();
  onHangUp: (callSid: string) => void = () => {};
  private n = 0;

  client(): TwilioRestClient {
    return new TwilioRestClient({ accountSid: TEST_ACCOUNT, authToken: TEST_AUTH_TOKEN, baseUrl: "https://api.twilio.test", fetch: this.fetch, retries: 0 });
  }

  readonly fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const form = new URLSearchParams(String(init.body ?? ""));
    this.requests.push({ method: init.method ?? "GET", path: url.pathname, form });
    const auth = new Headers(init.headers).get("authorization");
    if (auth !== `Basic ${btoa(`${TEST_ACCOUNT}:${TEST_AUTH_TOKEN}`)}`) return Response.json({ code: 20003, message: "Authenticate", status: 401 }, { status: 401 });
    const base = `/2010-04-01/Accounts/${TEST_ACCOUNT}`;
    if (url.pathname === `${base}/Calls.json`) {
      const sid = `CA${String(++this.n).padStart(32, "0")}`;
      this.calls.set(sid, "queued");
      return Response.json({ sid, status: "queued", to: form.get("To"), from: form.get("From") }, { status: 201 });
    }
    const m = url.pathname.match(new RegExp(`^${base}/Calls/(CA[0-9a-zA-Z]+)\\.json$`));
    if (m) {
      const sid = m[1]!;
      const status = form.get("Status") ?? "in-progress";
      this.calls.set(sid, status);
      if (status === "completed") queueMicrotask(() => this.onHangUp(sid));
      return Response.json({ sid, status });
    }
    return Response.json({ code: 20404, message: "not found", status: 404 }, { status: 404 });
  };
}
