import { describe, expect, it } from "vitest";
import { TwilioApiError, TwilioNetworkError, TwilioRestClient, type TwilioRestOptions } from "../../src/providers/twilio/rest";
import { connectStream, twimlResponse } from "../../src/providers/twilio/twiml";

const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const TOKEN = "your_auth_token";
const CALL = "CAfedcba9876543210fedcba9876543210";
const BASE = "http://twilio.local:9999";
const AUTH = `Basic ${btoa(`${ACCOUNT}:${TOKEN}`)}`;

interface Seen {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

/** A fake Twilio: records every request and answers from a script (a Response, or an Error to throw). */
function fakeTwilio(script: Array<Response | Error | ((init: RequestInit) => Promise<Response>)>) {
  const seen: Seen[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    seen.push({ url, method: init.method ?? "GET", headers: new Headers(init.headers), body: String(init.body) });
    const next = script.shift() ?? new Error("fake Twilio: no more scripted answers");
    if (next instanceof Error) throw next;
    return typeof next === "function" ? next(init) : next;
  };
  return { seen, fetch };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json", ...headers } });
const callJson = (status = "queued") => json(201, { sid: CALL, account_sid: ACCOUNT, status, direction: "outbound-api", to: "+14155550100" });
const twilioError = (status: number, code: number, message: string) => json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });

function client(fetch: TwilioRestOptions["fetch"], extra: Partial<TwilioRestOptions> = {}) {
  return new TwilioRestClient({ accountSid: ACCOUNT, authToken: TOKEN, baseUrl: `${BASE}/`, fetch, retryBaseDelayMs: 1, ...extra });
}

function expectTwilioRequest(req: Seen, path: string) {
  expect(req.method).toBe("POST");
  expect(req.url).toBe(`${BASE}/2010-04-01/Accounts/${ACCOUNT}${path}`);
  expect(req.headers.get("authorization")).toBe(AUTH);
  expect(req.headers.get("content-type")).toBe("application/x-www-form-urlencoded");
}

const twiml = twimlResponse(connectStream({ url: "wss://folio.example.com/twilio/media", parameters: { call_id: "c&1" } }));

describe("createCall", () => {
  it("posts the documented form to Calls.json", async () => {
    const fake = fakeTwilio([callJson()]);
    const call = await client(fake.fetch).createCall({
      to: "+14155550100",
      from: "+14155550199",
      twiml,
      statusCallback: "https://folio.example.com/twilio/status",
      statusCallbackEvents: ["initiated", "ringing", "answered", "completed"],
      machineDetection: "DetectMessageEnd",
      asyncAmd: true,
      asyncAmdStatusCallback: "https://folio.example.com/twilio/amd",
      sendDigits: "ww1234#",
    });
    expect(call).toMatchObject({ sid: CALL, status: "queued", direction: "outbound-api" });
    expect(fake.seen).toHaveLength(1);
    const req = fake.seen[0]!;
    expectTwilioRequest(req, "/Calls.json");
    const form = new URLSearchParams(req.body);
    expect(Object.fromEntries(form)).toEqual({
      To: "+14155550100",
      From: "+14155550199",
      Twiml: twiml,
      StatusCallback: "https://folio.example.com/twilio/status",
      StatusCallbackMethod: "POST",
      StatusCallbackEvent: "completed", // fromEntries keeps the last; all four are checked below
      MachineDetection: "DetectMessageEnd",
      AsyncAmd: "true",
      AsyncAmdStatusCallback: "https://folio.example.com/twilio/amd",
      AsyncAmdStatusCallbackMethod: "POST",
      SendDigits: "ww1234#",
    });
    expect(form.getAll("StatusCallbackEvent")).toEqual(["initiated", "ringing", "answered", "completed"]);
    expect(req.body).toContain("StatusCallbackEvent=initiated&StatusCallbackEvent=ringing&StatusCallbackEvent=answered&StatusCallbackEvent=completed");
    expect(req.body).toContain("To=%2B14155550100&From=%2B14155550199&Twiml=%3CResponse%3E%3CConnect%3E");
  });

  it("sends only what it was given, to api.twilio.com by default", async () => {
    const fake = fakeTwilio([callJson()]);
    await new TwilioRestClient({ accountSid: ACCOUNT, authToken: TOKEN, fetch: fake.fetch }).createCall({ to: "+1", from: "+2", twiml: "<Response/>" });
    expect(fake.seen[0]!.url).toBe(`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Calls.json`);
    expect(fake.seen[0]!.body).toBe("To=%2B1&From=%2B2&Twiml=%3CResponse%2F%3E");
  });

  it("maps Twilio's error JSON to a typed error", async () => {
    const fake = fakeTwilio([twilioError(400, 21211, "The 'To' number +1555 is not a valid phone number.")]);
    const err = await client(fake.fetch)
      .createCall({ to: "+1555", from: "+2", twiml })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwilioApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 21211,
      message: "The 'To' number +1555 is not a valid phone number.",
      moreInfo: "https://www.twilio.com/docs/errors/21211",
      retryable: false,
    });
  });

  it.each([
    ["a 503", () => twilioError(503, 20003, "Service unavailable")],
    ["a 429", () => twilioError(429, 20429, "Too Many Requests")],
    ["a network error", () => new TypeError("connection reset")],
  ])("is never retried, even after %s", async (_, answer) => {
    const fake = fakeTwilio([answer(), callJson()]);
    await expect(client(fake.fetch).createCall({ to: "+1", from: "+2", twiml })).rejects.toBeInstanceOf(Error);
    expect(fake.seen).toHaveLength(1);
  });

  it("reports Retry-After on a 429", async () => {
    const fake = fakeTwilio([json(429, { code: 20429, message: "Too Many Requests", status: 429 }, { "retry-after": "3" })]);
    const err = await client(fake.fetch)
      .createCall({ to: "+1", from: "+2", twiml })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 429, code: 20429, retryable: true, retryAfterMs: 3000 });
  });

  it("times out without retrying", async () => {
    const hang = (init: RequestInit) => new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const fake = fakeTwilio([hang, callJson()]);
    const err = await client(fake.fetch, { timeoutMs: 20 })
      .createCall({ to: "+1", from: "+2", twiml })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TwilioNetworkError);
    expect((err as TwilioNetworkError).timedOut).toBe(true);
    expect(fake.seen).toHaveLength(1);
  });

  it.each([
    ["bad SendDigits", { sendDigits: "12a" }],
    ["too many SendDigits", { sendDigits: "1".repeat(33) }],
    ["TwiML over 4000 characters", { twiml: `<Response><Say>${"a".repeat(4000)}</Say></Response>` }],
  ])("rejects %s before calling Twilio", async (_, extra) => {
    const fake = fakeTwilio([callJson()]);
    await expect(client(fake.fetch).createCall({ to: "+1", from: "+2", twiml, ...extra })).rejects.toBeInstanceOf(TypeError);
    expect(fake.seen).toHaveLength(0);
  });
});

describe("updateCall and hangUp", () => {
  it("hangUp posts Status=completed to the call", async () => {
    const fake = fakeTwilio([callJson("completed")]);
    expect((await client(fake.fetch).hangUp(CALL)).status).toBe("completed");
    expectTwilioRequest(fake.seen[0]!, `/Calls/${CALL}.json`);
    expect(fake.seen[0]!.body).toBe("Status=completed");
  });

  it("updateCall posts new TwiML", async () => {
    const fake = fakeTwilio([callJson("in-progress")]);
    await client(fake.fetch).updateCall(CALL, { twiml: '<Response><Play digits="1"/></Response>' });
    expect(new URLSearchParams(fake.seen[0]!.body).get("Twiml")).toBe('<Response><Play digits="1"/></Response>');
  });

  it("retries hangUp on 503 and succeeds", async () => {
    const fake = fakeTwilio([twilioError(503, 20003, "Service unavailable"), callJson("completed")]);
    expect((await client(fake.fetch).hangUp(CALL)).status).toBe("completed");
    expect(fake.seen).toHaveLength(2);
    expect(fake.seen[1]!.body).toBe("Status=completed");
  });

  it("retries network errors and 429 (honouring Retry-After)", async () => {
    const tooMany = json(429, { code: 20429, message: "Too Many Requests", status: 429 }, { "retry-after": "0" });
    const fake = fakeTwilio([new TypeError("network down"), tooMany, callJson("completed")]);
    const started = Date.now();
    await client(fake.fetch).hangUp(CALL);
    expect(fake.seen).toHaveLength(3);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("gives up after the configured retries with the last error", async () => {
    const fake = fakeTwilio([500, 502, 503, 504].map((s) => twilioError(s, 20500, `down ${s}`)));
    const err = await client(fake.fetch, { retries: 2 })
      .hangUp(CALL)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ name: "TwilioApiError", status: 503, message: "down 503" });
    expect(fake.seen).toHaveLength(3);
  });

  it("does not retry client errors", async () => {
    const fake = fakeTwilio([twilioError(404, 20404, "The requested resource was not found"), callJson()]);
    await expect(client(fake.fetch).hangUp(CALL)).rejects.toMatchObject({ status: 404, code: 20404 });
    expect(fake.seen).toHaveLength(1);
  });

  it("maps a non-JSON error page", async () => {
    const fake = fakeTwilio([new Response("<html>Bad Gateway</html>", { status: 502 })]);
    await expect(client(fake.fetch, { retries: 0 }).hangUp(CALL)).rejects.toMatchObject({ status: 502, code: null, message: "Twilio answered HTTP 502" });
  });

  it("stops on the caller's abort without retrying", async () => {
    const controller = new AbortController();
    const hang = (init: RequestInit) => new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason)));
    const fake = fakeTwilio([hang, callJson()]);
    const pending = client(fake.fetch).hangUp(CALL, { signal: controller.signal });
    controller.abort(new Error("call engine stopped"));
    await expect(pending).rejects.toThrow("call engine stopped");
    expect(fake.seen).toHaveLength(1);
  });

  it("rejects bad input before calling Twilio", async () => {
    const fake = fakeTwilio([callJson()]);
    const c = client(fake.fetch);
    await expect(c.hangUp("CA/../Accounts")).rejects.toBeInstanceOf(TypeError);
    await expect(c.updateCall(CALL, {})).rejects.toBeInstanceOf(TypeError);
    expect(fake.seen).toHaveLength(0);
    expect(() => new TwilioRestClient({ accountSid: "AC/x", authToken: TOKEN })).toThrow(TypeError);
  });
});
