// The Twilio REST client against the REST emulator server (a local HTTP server speaking Twilio's
// documented API), through the worker's own TWILIO_API_BASE: create, redirect with new TwiML, hang up,
// and Twilio's errors for a wrong password, an unknown call and a call that has ended.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { TwilioApiError, TwilioRestClient } from "../../src/providers/twilio/rest";
import { connectStream, twimlResponse } from "../../src/providers/twilio/twiml";
import { TEST_AUTH_TOKEN } from "../fakes/twilio-media";
import { TwilioRestEmulator } from "../fakes/twilio-rest";

let rest: TwilioRestEmulator | null = null;
afterEach(async () => rest?.dispose());

function client(accountSid: string, authToken = TEST_AUTH_TOKEN) {
  return new TwilioRestClient({ accountSid, authToken, baseUrl: env.TWILIO_API_BASE, retries: 0 });
}

describe("TwilioRestClient against the REST emulator", () => {
  it("creates a call, redirects it to new TwiML, and hangs it up", async () => {
    rest = await TwilioRestEmulator.create();
    expect(env.TWILIO_API_BASE).toBe(rest.baseUrl);
    const twiml = twimlResponse(connectStream({ url: "wss://folio.test/twilio/media/call_1", parameters: { call: "call_1" } }));
    const call = await client(rest.accountSid).createCall({ to: "+14155550100", from: "+14155550199", twiml, sendDigits: "ww1" });
    expect(call).toMatchObject({ status: "queued" });
    expect(call.sid).toMatch(/^CA[0-9a-f]{32}$/);
    const redirected = await client(rest.accountSid).updateCall(call.sid, { twiml: '<Response><Play digits="1"/></Response>' });
    expect(redirected.status).toBe("in-progress");
    await client(rest.accountSid).updateCall(call.sid, { status: "completed" });

    const log = await rest.log();
    expect(log.requests.map((r) => [r.method, r.path])).toEqual([
      ["POST", `/2010-04-01/Accounts/${rest.accountSid}/Calls.json`],
      ["POST", `/2010-04-01/Accounts/${rest.accountSid}/Calls/${call.sid}.json`],
      ["POST", `/2010-04-01/Accounts/${rest.accountSid}/Calls/${call.sid}.json`],
    ]);
    expect(log.requests[0]!.form.get("Twiml")).toBe(twiml);
    expect(log.requests[0]!.form.get("SendDigits")).toBe("ww1");
    expect(log.calls[call.sid]).toMatchObject({ status: "completed", twiml: '<Response><Play digits="1"/></Response>', updates: 1 });

    // A call that has ended cannot be redirected (Twilio's 21220).
    const ended = await client(rest.accountSid)
      .updateCall(call.sid, { twiml: "<Response/>" })
      .catch((e: unknown) => e);
    expect(ended).toBeInstanceOf(TwilioApiError);
    expect(ended).toMatchObject({ status: 400, code: 21220 });
  });

  it("answers a wrong password with 401 (20003) and an unknown call with 404 (20404)", async () => {
    rest = await TwilioRestEmulator.create();
    const badAuth = await client(rest.accountSid, "wrong-token")
      .updateCall(`CA${"0".repeat(32)}`, { status: "completed" })
      .catch((e: unknown) => e);
    expect(badAuth).toMatchObject({ status: 401, code: 20003 });
    const unknown = await client(rest.accountSid)
      .updateCall(`CA${"1".repeat(32)}`, { status: "completed" })
      .catch((e: unknown) => e);
    expect(unknown).toMatchObject({ status: 404, code: 20404 });
  });
});
