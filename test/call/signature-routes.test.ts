// /twilio/*: every webhook and the media upgrade checks X-Twilio-Signature (PUBLIC_BASE_URL + path +
// form params, TWILIO_AUTH_TOKEN). Forged or missing: 403, and no CallSession is so much as created.
import { listDurableObjectIds } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { computeTwilioSignature } from "../../src/providers/twilio/signature";
import { TEST_AUTH_TOKEN, TEST_BASE, TwilioMediaEmulator, UpgradeRefused } from "../fakes/twilio-media";
import { twilioWebhook } from "../fakes/twilio-webhooks";
import { api } from "../helpers";
import { callStub, installFakes, newCallId, prepareCall, recordEvents, snapshot, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const sid = (c: string) => `CA${c.repeat(32)}`;

/** True when the call's object was never created (nothing recorded anywhere). */
async function untouched(callId: string): Promise<boolean> {
  const id = env.CALL_SESSION.idFromName(callId);
  return !(await listDurableObjectIds(env.CALL_SESSION)).some((x) => x.equals(id));
}

describe("POST /twilio/voice", () => {
  it("answers with the stream TwiML: the call's media URL, its id as a Parameter, and the Connect action", async () => {
    const callId = newCallId();
    const res = await twilioWebhook(`/twilio/voice/${callId}`, { CallSid: sid("1"), AccountSid: ACCOUNT, From: "+14155550100", To: "+14155550142", CallStatus: "in-progress" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await res.text()).toBe(
      `<Response><Connect action="https://folio.test/twilio/voice/${callId}" method="POST">` +
        `<Stream url="wss://folio.test/twilio/media/${callId}"><Parameter name="call" value="${callId}"/></Stream></Connect></Response>`,
    );
    expect((await snapshot(callId)).state?.call_sid).toBe(sid("1"));
  });

  it("knows a call to one of our numbers by its CallSid (routing: test/call/inbound-routing.test.ts)", async () => {
    const number = "+14155550143";
    expect((await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { json: { product: "folio", playbook: "scripted" } })).status).toBe(200);
    const res = await twilioWebhook("/twilio/voice", { CallSid: sid("2"), AccountSid: ACCOUNT, To: number, From: "+14155550100" });
    expect(await res.text()).toContain(`<Stream url="wss://folio.test/twilio/media/call_${sid("2")}">`);
  });

  it("hangs up a call that has ended", async () => {
    const { callId } = await prepareCall({ records: 0 });
    await twilioWebhook(`/twilio/status/${callId}`, { CallSid: sid("3"), CallStatus: "completed" });
    const res = await twilioWebhook(`/twilio/voice/${callId}`, { CallSid: sid("3") });
    expect(await res.text()).toBe("<Response><Hangup/></Response>");
  });

  it.each([
    ["missing", null],
    ["forged", "dGhpcyBpcyBub3QgYSBzaWduYXR1cmU="],
  ])("refuses a %s signature with 403 and records nothing", async (_label, signature) => {
    const callId = newCallId();
    const res = await twilioWebhook(`/twilio/voice/${callId}`, { CallSid: sid("4") }, { signature });
    expect(res.status).toBe(403);
    expect((await res.json()) as unknown).toEqual({ error: { code: "forbidden", message: "invalid Twilio signature" } });
    expect(await untouched(callId)).toBe(true);
  });

  it("refuses a signature made with another token, for another URL, or over other parameters", async () => {
    const callId = newCallId();
    const path = `/twilio/voice/${callId}`;
    const params = { CallSid: sid("5"), CallStatus: "ringing" };
    const wrongToken = await twilioWebhook(path, params, { authToken: "not-the-token" });
    const otherUrl = await twilioWebhook(path, params, { signature: await computeTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: `${TEST_BASE}/twilio/voice/other`, params }) });
    const tampered = await twilioWebhook(path, { ...params, CallStatus: "completed" }, { signature: await computeTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: `${TEST_BASE}${path}`, params }) });
    expect([wrongToken.status, otherUrl.status, tampered.status]).toEqual([403, 403, 403]);
    expect(await untouched(callId)).toBe(true);
  });
});

describe("POST /twilio/status and /twilio/amd", () => {
  it("ends an unanswered call: no-answer becomes the outcome in CallEnded, with no recording", async () => {
    const { callId, recordIds } = await prepareCall();
    const res = await twilioWebhook(`/twilio/status/${callId}`, { CallSid: sid("6"), CallStatus: "no-answer", AccountSid: ACCOUNT });
    expect(res.status).toBe(204);
    const s = await snapshot(callId);
    expect(s.state).toMatchObject({ phase: "ended", outcome: "no_answer", twilio_status: "no-answer", recording_key: null });
    const ended = (await recordEvents(recordIds[0]!)).find((e) => e.event_type === "CallEnded")!;
    expect(ended.data).toMatchObject({ call_id: callId, outcome: "no_answer", duration_s: 0 });
    expect((ended.data as { recording_key?: string }).recording_key).toBeUndefined();
  });

  it("passes intermediate statuses through without ending the call", async () => {
    const { callId } = await prepareCall({ records: 0 });
    expect((await twilioWebhook(`/twilio/status/${callId}`, { CallSid: sid("7"), CallStatus: "ringing" })).status).toBe(204);
    expect((await snapshot(callId)).state).toMatchObject({ phase: "prepared", twilio_status: "ringing" });
  });

  it("records async AMD's verdict in the transcript", async () => {
    const { callId } = await prepareCall({ records: 0 });
    expect((await twilioWebhook(`/twilio/amd/${callId}`, { CallSid: sid("8"), AnsweredBy: "human", MachineDetectionDuration: "1800" })).status).toBe(204);
    const s = await snapshot(callId);
    expect(s.state?.answered_by).toBe("human");
    expect(s.transcript!.nodes.at(-1)).toMatchObject({ type: "call_event", data: { answered_by: "human" } });
  });

  it("refuses unsigned status and AMD callbacks", async () => {
    const callId = newCallId();
    expect((await twilioWebhook(`/twilio/status/${callId}`, { CallSid: sid("9"), CallStatus: "completed" }, { signature: null })).status).toBe(403);
    expect((await twilioWebhook(`/twilio/amd/${callId}`, { CallSid: sid("9"), AnsweredBy: "machine_end_beep" }, { signature: "x" })).status).toBe(403);
    expect(await untouched(callId)).toBe(true);
  });

  it("answers 400 for a signed callback without the fields it needs", async () => {
    expect((await twilioWebhook(`/twilio/status/${newCallId()}`, { CallSid: sid("a") })).status).toBe(400);
    expect((await twilioWebhook("/twilio/amd", { AnsweredBy: "human" })).status).toBe(400);
  });
});

describe("GET /twilio/media/:callId", () => {
  it("refuses a forged or missing signature on the upgrade with 403, before the object sees it", async () => {
    fakes = await installFakes();
    const callId = newCallId();
    for (const signature of [null, "Zm9yZ2Vk", await computeTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: `wss://folio.test/twilio/media/${newCallId()}` })]) {
      const err = await TwilioMediaEmulator.connect({ callId, signature }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpgradeRefused);
      expect((err as UpgradeRefused).status).toBe(403);
    }
    expect(await untouched(callId)).toBe(true);
  });

  it("wants a WebSocket upgrade", async () => {
    const callId = newCallId();
    const url = `${TEST_BASE}/twilio/media/${callId}`;
    const signature = await computeTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: url.replace("https", "wss") });
    const res = await (exports as unknown as { default: Fetcher }).default.fetch(url, { headers: { "x-twilio-signature": signature } });
    expect(res.status).toBe(426);
  });

  it("refuses a stream for an ended call", async () => {
    fakes = await installFakes();
    const { callId } = await prepareCall({ records: 0 });
    await callStub(callId).twilioStatus(callId, { status: "canceled" });
    const err = await TwilioMediaEmulator.connect({ callId }).catch((e: unknown) => e);
    expect((err as UpgradeRefused).status).toBe(410);
  });
});
