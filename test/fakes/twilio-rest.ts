// The test side of the Twilio REST emulator server (test/fakes/twilio-rest-server.ts, started by
// globalSetup): a test registers an account of its own, the worker reaches the server through
// TWILIO_API_BASE with that AccountSid, and the test reads back what the API saw. Like Twilio, a call
// hung up over REST ends its media stream: `linkMedia` watches the call and hangs the media emulator up.

import { exports } from "cloudflare:workers";
import { inject } from "vitest";
import type { MessageFate, SignedWebhook, TwilioRestFault, TwilioRestLogJson } from "./twilio-rest-shared";
import { TEST_AUTH_TOKEN, type TwilioMediaEmulator } from "./twilio-media";

export type { MessageFate, SignedWebhook, TwilioRestFault } from "./twilio-rest-shared";

export interface RestRequest {
  method: string;
  path: string;
  form: URLSearchParams;
  at: number;
}

export interface TwilioRestLog {
  requests: RestRequest[];
  calls: TwilioRestLogJson["calls"];
  messages: TwilioRestLogJson["messages"];
}

export class TwilioRestEmulator {
  private watchers: Array<ReturnType<typeof setInterval>> = [];

  private constructor(readonly accountSid: string) {}

  static async create(): Promise<TwilioRestEmulator> {
    const sid = `AC${crypto.randomUUID().replaceAll("-", "")}`;
    const rest = new TwilioRestEmulator(sid);
    await rest.control("PUT", "", { authToken: TEST_AUTH_TOKEN });
    return rest;
  }

  /** The REST base URL, as TWILIO_API_BASE names it. */
  get baseUrl(): string {
    return inject("fakeTwilioUrl");
  }

  async log(): Promise<TwilioRestLog> {
    const raw = (await (await this.control("GET", "")).json()) as TwilioRestLogJson;
    return {
      calls: raw.calls,
      messages: raw.messages,
      requests: raw.requests.map((r) => {
        const form = new URLSearchParams();
        for (const [k, vs] of Object.entries(r.form)) for (const v of vs) form.append(k, v);
        return { method: r.method, path: r.path, form, at: r.at };
      }),
    };
  }

  /** Fails the account's next requests, one fault each. */
  async fail(...faults: TwilioRestFault[]): Promise<void> {
    await this.control("POST", "/faults", { faults });
  }

  /** Twilio receiving a text to one of our numbers: a signed webhook for `url` in the outbox; its sid. */
  async inboundSms(text: { from: string; to: string; body: string; messageSid?: string }, url = "https://folio.test/twilio/sms"): Promise<string> {
    const r = await this.control("POST", "/inbound", { from: text.from, to: text.to, body: text.body, url, ...(text.messageSid ? { message_sid: text.messageSid } : {}) });
    return ((await r.json()) as { message_sid: string }).message_sid;
  }

  /** The webhooks Twilio would have posted since the last call, in order (and no more in the outbox). */
  async takeWebhooks(): Promise<SignedWebhook[]> {
    return ((await (await this.control("GET", "/webhooks")).json()) as { webhooks: SignedWebhook[] }).webhooks;
  }

  /** Posts the outbox's webhooks through the worker under test, one after another, as Twilio would. */
  async deliverWebhooks(): Promise<Response[]> {
    const worker = (exports as unknown as { default: Fetcher }).default;
    const responses: Response[] = [];
    for (const w of await this.takeWebhooks()) responses.push(await worker.fetch(w.url, { method: "POST", headers: w.headers, body: w.body }));
    return responses;
  }

  /** What becomes of the next texts created: one fate each. */
  async fates(...fates: MessageFate[]): Promise<void> {
    await this.control("POST", "/fates", { fates });
  }

  /** Numbers that texted STOP to Twilio itself: creating a text to them fails with 21610. */
  async unsubscribe(...numbers: string[]): Promise<void> {
    await this.control("POST", "/unsubscribed", { numbers });
  }

  /**
   * Makes the emulator's media stream part of a call this account knows (as if Twilio had dialled it),
   * and ends the stream when the call is hung up over REST, as Twilio does.
   */
  async linkMedia(emu: TwilioMediaEmulator): Promise<void> {
    await this.control("POST", "/calls", { sid: emu.callSid });
    const timer = setInterval(async () => {
      try {
        const call = (await this.log()).calls[emu.callSid];
        if (call && (call.status === "completed" || call.status === "canceled")) {
          clearInterval(timer);
          emu.hangUp();
        }
      } catch {
        /* the next tick tries again */
      }
    }, 50);
    this.watchers.push(timer);
  }

  async dispose(): Promise<void> {
    for (const t of this.watchers) clearInterval(t);
    this.watchers = [];
    await this.control("DELETE", "").catch(() => {});
  }

  private async control(method: string, suffix: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.baseUrl}/__control/accounts/${this.accountSid}${suffix}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`Twilio emulator control ${method} ${suffix || "/"}: ${res.status} ${await res.text()}`);
    return res;
  }
}
