import { describe, expect, inject, it } from "vitest";
import { computeTwilioBodyHash, computeTwilioSignature, validateTwilioSignature } from "../../src/providers/twilio/signature";

const fixture = inject("twilioSignatureFixture");
const oracle = inject("twilioOracle");

const TOKEN = "12345";
const URL_ = "https://mycompany.com/myapp.php?foo=1&bar=2";
const PARAMS = { CallSid: "CA1234567890ABCDE", Caller: "+14158675309", Digits: "1234", From: "+14158675309", To: "+18005551212" };
const SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="; // Twilio's published example

describe("shared signature vectors", () => {
  it.each(fixture.cases.map((c, i) => [i, c] as const))("vector %i", async (_, c) => {
    const input =
      c.body !== undefined
        ? { authToken: fixture.auth_token, signature: c.signature, url: c.url, body: c.body }
        : { authToken: fixture.auth_token, signature: c.signature, url: c.url, params: c.params ?? {} };
    expect(await validateTwilioSignature(input)).toBe(c.valid);
  });

  it("computes the published signatures (over the URL as given or with :443) and body hashes", async () => {
    for (const c of fixture.cases.filter((c) => c.valid)) {
      const params = c.body === undefined ? (c.params ?? {}) : {};
      const signatures = await Promise.all([c.url, c.url.replace(/^(https:\/\/[^/]+)/, "$1:443")].map((url) => computeTwilioSignature({ authToken: fixture.auth_token, url, params })));
      expect(signatures).toContain(c.signature);
      if (c.body !== undefined) expect(new URL(c.url).searchParams.get("bodySHA256")).toBe(await computeTwilioBodyHash(c.body));
    }
  });
});

describe("random cases against the official twilio package", () => {
  it(`agrees on all ${oracle.cases.length} cases (seed ${oracle.seed})`, async () => {
    expect(oracle.cases.length).toBeGreaterThanOrEqual(200);
    const valid = oracle.cases.filter((c) => c.valid).length;
    expect(valid).toBeGreaterThan(40);
    expect(oracle.cases.length - valid).toBeGreaterThan(40);
    const mismatches: string[] = [];
    for (const c of oracle.cases) {
      const got = await validateTwilioSignature(
        c.body !== undefined ? { authToken: c.authToken, signature: c.signature, url: c.url, body: c.body } : { authToken: c.authToken, signature: c.signature, url: c.url, params: c.params ?? {} },
      );
      if (got !== c.valid) mismatches.push(`${c.label}: expected ${c.valid}, got ${got} for ${JSON.stringify(c)}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe("port variants", () => {
  const cases: Array<[string, string, string]> = [
    ["signed without :443, received with it", "https://h.example/x?a=1", "https://h.example:443/x?a=1"],
    ["signed with :443, received without it", "https://h.example:443/x?a=1", "https://h.example/x?a=1"],
    ["signed without :80, received with it", "http://h.example/x", "http://h.example:80/x"],
    ["signed with :80, received without it", "http://h.example:80/x", "http://h.example/x"],
    ["signed without a port, received with userinfo and :443", "https://u:p@h.example/x", "https://u:p@h.example:443/x"],
    ["IPv6 host", "https://[::1]/x", "https://[::1]:443/x"],
  ];
  it.each(cases)("%s", async (_, signedUrl, receivedUrl) => {
    const signature = await computeTwilioSignature({ authToken: TOKEN, url: signedUrl, params: PARAMS });
    expect(await validateTwilioSignature({ authToken: TOKEN, signature, url: receivedUrl, params: PARAMS })).toBe(true);
  });

  it("does not accept a different explicit port", async () => {
    const signature = await computeTwilioSignature({ authToken: TOKEN, url: "https://h.example:8443/x" });
    expect(await validateTwilioSignature({ authToken: TOKEN, signature, url: "https://h.example:9443/x" })).toBe(false);
  });

  it("signs the media upgrade URL with no params", async () => {
    const url = "wss://folio.example.com/twilio/media";
    const signature = await computeTwilioSignature({ authToken: TOKEN, url });
    expect(await validateTwilioSignature({ authToken: TOKEN, signature, url })).toBe(true);
    expect(await validateTwilioSignature({ authToken: TOKEN, signature, url: `${url}x` })).toBe(false);
  });
});

describe("forged, missing and mutated signatures", () => {
  const check = (overrides: { signature?: string | null | undefined; url?: string; params?: Record<string, string | string[]>; authToken?: string }) =>
    validateTwilioSignature({ authToken: TOKEN, signature: SIGNATURE, url: URL_, params: PARAMS, ...overrides });

  it("accepts the untouched request", async () => {
    expect(await check({})).toBe(true);
  });

  const { To: _to, ...withoutTo } = PARAMS;
  const forgeries: Array<[string, Parameters<typeof check>[0]]> = [
    ["missing (undefined)", { signature: undefined }],
    ["missing (null)", { signature: null }],
    ["empty", { signature: "" }],
    ["garbage", { signature: "WRONG_SIGNATURE" }],
    ["one character flipped", { signature: SIGNATURE.replace("R", "S") }],
    ["lower-cased", { signature: SIGNATURE.toLowerCase() }],
    ["trailing space", { signature: `${SIGNATURE} ` }],
    ["truncated", { signature: SIGNATURE.slice(0, -1) }],
    ["other auth token", { authToken: "54321" }],
    ["empty auth token", { authToken: "" }],
    ["changed param value", { params: { ...PARAMS, Digits: "1235" } }],
    ["added param", { params: { ...PARAMS, Extra: "" } }],
    ["removed param", { params: withoutTo }],
    ["param moved into the URL", { url: `${URL_}&Digits=1234` }],
    ["changed path", { url: "https://mycompany.com/myapp.php2?foo=1&bar=2" }],
    ["changed query", { url: "https://mycompany.com/myapp.php?foo=1&bar=3" }],
    ["changed scheme", { url: "http://mycompany.com/myapp.php?foo=1&bar=2" }],
    ["unparseable URL", { url: "not a url" }],
  ];
  it.each(forgeries)("rejects %s", async (_, overrides) => {
    expect(await check(overrides)).toBe(false);
  });

  it("takes URLSearchParams like a record, multi-valued params included", async () => {
    const form = new URLSearchParams("To=%2B1&StatusCallbackEvent=ringing&StatusCallbackEvent=answered&StatusCallbackEvent=ringing");
    const record = { To: "+1", StatusCallbackEvent: ["answered", "ringing"] };
    const signature = await computeTwilioSignature({ authToken: TOKEN, url: URL_, params: record });
    expect(await computeTwilioSignature({ authToken: TOKEN, url: URL_, params: form })).toBe(signature);
    expect(await validateTwilioSignature({ authToken: TOKEN, signature, url: URL_, params: form })).toBe(true);
  });
});

describe("JSON bodies (bodySHA256)", () => {
  const body = '{"property": "value", "boolean": true}';
  const signedUrl = async (b: string) => `${URL_}&bodySHA256=${await computeTwilioBodyHash(b)}`;

  it("accepts a body matching its hash, under a signature of the URL alone", async () => {
    const url = await signedUrl(body);
    const signature = await computeTwilioSignature({ authToken: TOKEN, url });
    expect(await validateTwilioSignature({ authToken: TOKEN, signature, url, body })).toBe(true);
    expect(await validateTwilioSignature({ authToken: TOKEN, signature, url: url.replace("mycompany.com", "mycompany.com:443"), body })).toBe(true);
  });

  it("rejects a tampered body, a missing or upper-cased hash, and a bad signature", async () => {
    const url = await signedUrl(body);
    const signature = await computeTwilioSignature({ authToken: TOKEN, url });
    expect(await validateTwilioSignature({ authToken: TOKEN, signature, url, body: `${body} ` })).toBe(false);
    const upper = url.replace(/bodySHA256=([0-9a-f]+)/, (_, h: string) => `bodySHA256=${h.toUpperCase()}`);
    expect(await validateTwilioSignature({ authToken: TOKEN, signature: await computeTwilioSignature({ authToken: TOKEN, url: upper }), url: upper, body })).toBe(false);
    const bare = await computeTwilioSignature({ authToken: TOKEN, url: URL_ });
    expect(await validateTwilioSignature({ authToken: TOKEN, signature: bare, url: URL_, body })).toBe(false);
    expect(await validateTwilioSignature({ authToken: TOKEN, signature: "x", url, body })).toBe(false);
  });
});
