// The test side of the Twilio REST emulator server (test/fakes/twilio-rest-server.ts, started by
// globalSetup): a test registers an account of its own, the worker reaches the server through
// TWILIO_API_BASE with that AccountSid, and the test reads back what the API saw. Like Twilio, a call
// hung up over REST ends its media stream: `linkMedia` watches the call and hangs the media emulator up.

import { inject } from "vitest";
import type { TwilioRestFault, TwilioRestLogJson } from "./twilio-rest-shared";
import { TEST_AUTH_TOKEN, type TwilioMediaEmulator } from "./twilio-media";

export type { TwilioRestFault } from "./twilio-rest-shared";

export interface RestRequest {
  method: string;
  path: string;
  form: URLSearchParams;
  at: number;
}

export interface TwilioRestLog {
  requests: RestRequest[];
  calls: TwilioRestLogJson["calls"];
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
