// Inbound routing: /twilio/voice without a call id reads `To` and `From`, asks the routing table
// (PUT /api/phone-numbers/:e164) which product and playbook answer the dialled number, prepares the call's
// CallSession with the number's settings and the caller ID, and streams to it. A number not in the table
// hears a neutral line and is hung up on, and no object is created. Webhooks are signed as Twilio signs them.
import { listDurableObjectIds } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { offlineContext } from "../../src/objects/call-session/state";
import { twilioWebhook } from "../fakes/twilio-webhooks";
import { api, expectError, keyFor, phone } from "../helpers";
import { snapshot } from "./helpers";

const ACCOUNT = "AC0123456789abcdef0123456789abcdef";
const sid = (c: string) => `CA${c.repeat(32)}`;
const CALLER = "+14155550199";

async function untouched(callId: string): Promise<boolean> {
  const id = env.CALL_SESSION.idFromName(callId);
  return !(await listDurableObjectIds(env.CALL_SESSION)).some((x) => x.equals(id));
}

async function route(number: string, body: unknown = { product: "folio", playbook: "scripted", settings: { greeting: "Hello, this is Folio." } }) {
  const r = await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { json: body });
  expect(r.status, r.text).toBe(200);
  return r.json;
}

describe("POST /twilio/voice to one of our numbers", () => {
  it("prepares the routed product's playbook with its settings and the caller ID, and streams to it", async () => {
    const number = phone(71);
    await route(number, { product: "folio", playbook: "scripted", settings: { greeting: "Hello, this is Folio.", question: "How can I help?" }, max_duration_ms: 120_000 });
    const callId = `call_${sid("a")}`;
    const res = await twilioWebhook("/twilio/voice", { CallSid: sid("a"), AccountSid: ACCOUNT, From: CALLER, To: number, CallStatus: "ringing", Direction: "inbound" });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(await res.text()).toBe(
      `<Response><Connect action="https://folio.test/twilio/voice/${callId}" method="POST">` +
        `<Stream url="wss://folio.test/twilio/media/${callId}"><Parameter name="call" value="${callId}"/></Stream></Connect></Response>`,
    );
    const { state } = await snapshot(callId);
    expect(state).toMatchObject({ phase: "prepared", call_sid: sid("a") });
    expect(state!.config).toMatchObject({
      playbook: "scripted",
      record_ids: [],
      max_duration_ms: 120_000,
      to: number,
      from: CALLER,
      params: { greeting: "Hello, this is Folio.", question: "How can I help?", inbound: { product: "folio", number, caller: CALLER } },
    });
    // What the playbook sees: its context's params carry who called which number.
    expect(offlineContext(state!, []).params.inbound).toEqual({ product: "folio", number, caller: CALLER });
  });

  it("gives a withheld caller ID as null, and a retried webhook changes nothing", async () => {
    const number = phone(72);
    await route(number);
    const params = { CallSid: sid("b"), AccountSid: ACCOUNT, From: "anonymous", To: number };
    const first = await (await twilioWebhook("/twilio/voice", params)).text();
    const again = await twilioWebhook("/twilio/voice", params);
    expect(await again.text()).toBe(first);
    const { state } = await snapshot(`call_${sid("b")}`);
    expect(state!.config.params.inbound).toEqual({ product: "folio", number, caller: null });
    expect(state!.config.from).toBeUndefined();
  });

  it("answers a number that is not in the table with a neutral line and a hang-up, and creates nothing", async () => {
    const res = await twilioWebhook("/twilio/voice", { CallSid: sid("c"), AccountSid: ACCOUNT, From: CALLER, To: phone(73) });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("<Response><Say>This number is not in service. Goodbye.</Say><Hangup/></Response>");
    expect(await untouched(`call_${sid("c")}`)).toBe(true);
  });

  it("stops answering a number once its route is deleted", async () => {
    const number = phone(74);
    await route(number);
    expect((await api("DELETE", `/api/phone-numbers/${encodeURIComponent(number)}`)).json).toEqual({ e164: number, deleted: true });
    const res = await twilioWebhook("/twilio/voice", { CallSid: sid("d"), From: CALLER, To: number });
    expect(await res.text()).toContain("not in service");
    expect(await untouched(`call_${sid("d")}`)).toBe(true);
  });

  it("refuses a webhook without a usable CallSid (400), or without a valid signature (403)", async () => {
    const number = phone(75);
    await route(number);
    expectError(await asReply(await twilioWebhook("/twilio/voice", { To: number, From: CALLER })), 400, "bad_request");
    const forged = await twilioWebhook("/twilio/voice", { CallSid: sid("e"), To: number, From: CALLER }, { signature: "bm90IGEgc2lnbmF0dXJl" });
    expect(forged.status).toBe(403);
    expect(await untouched(`call_${sid("e")}`)).toBe(true);
  });
});

describe("/api/phone-numbers", () => {
  it("stores, lists, reads and deletes a number's route, naming who changed it", async () => {
    const number = phone(76);
    const stored = await route(number, { product: "folio", playbook: "folio", settings: { caller_name: "Folio" }, label: "Front line" });
    expect(stored).toMatchObject({
      e164: number,
      product: "folio",
      playbook: "folio",
      settings: { caller_name: "Folio" },
      label: "Front line",
      max_duration_ms: null,
      updated_by: expect.stringMatching(/^key:/),
    });
    expect((await api("GET", `/api/phone-numbers/${encodeURIComponent(number)}`)).json).toEqual(stored);
    expect((await api("GET", "/api/phone-numbers")).json.phone_numbers).toContainEqual(stored);
    // PUT replaces the whole route.
    const replaced = await route(number, { product: "folio", playbook: "scripted" });
    expect(replaced).toMatchObject({ playbook: "scripted", settings: {}, label: null });
    expect((await api("DELETE", `/api/phone-numbers/${encodeURIComponent(number)}`)).status).toBe(200);
    expectError(await api("GET", `/api/phone-numbers/${encodeURIComponent(number)}`), 404, "not_found");
    expectError(await api("DELETE", `/api/phone-numbers/${encodeURIComponent(number)}`), 404, "not_found");
  });

  it.each([
    ["a national number", "4155550177"],
    ["a number too short", "+1415"],
    ["letters", "abc"],
    ["a number with spaces", "+1 415 555 0177"],
  ])("refuses %s in the path with 400", async (_label, raw) => {
    const r = await api("PUT", `/api/phone-numbers/${encodeURIComponent(raw)}`, { json: { product: "folio", playbook: "scripted" } });
    const err = expectError(r, 400, "bad_request");
    expect(err.details).toHaveProperty("e164");
  });

  it.each([
    ["an unknown product", { product: "bakery", playbook: "scripted" }, "product"],
    ["a playbook of no such product", { product: "folio", playbook: "booking" }, "playbook"],
    ["settings that claim the engine's inbound key", { product: "folio", playbook: "scripted", settings: { inbound: { caller: "+1" } } }, "settings"],
    ["settings that are not an object", { product: "folio", playbook: "scripted", settings: ["x"] }, "settings"],
    ["an unknown field", { product: "folio", playbook: "scripted", owner: "me" }, null],
    ["no product", { playbook: "scripted" }, "product"],
    ["a call limit too long", { product: "folio", playbook: "scripted", max_duration_ms: 10 * 60 * 60 * 1000 }, "max_duration_ms"],
  ])("refuses %s with a 4xx naming the field, and stores nothing", async (_label, body, field) => {
    const number = phone(77);
    const r = await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { json: body });
    expect(r.status, r.text).toBeGreaterThanOrEqual(400);
    expect(r.status).toBeLessThan(500);
    if (field) expect(r.text).toContain(field);
    expectError(await api("GET", `/api/phone-numbers/${encodeURIComponent(number)}`), 404, "not_found");
  });

  it("refuses settings larger than 16 KiB, and a body that is not JSON", async () => {
    const number = phone(78);
    const big = await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { json: { product: "folio", playbook: "scripted", settings: { greeting: "x".repeat(17_000) } } });
    expect([400, 413]).toContain(big.status);
    const notJson = await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { body: "{", headers: { "content-type": "application/json" } });
    expectError(notJson, 400, "invalid_json");
  });

  it("lets a viewer read but not write", async () => {
    const viewer = await keyFor("viewer");
    const number = phone(79);
    expectError(await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { key: viewer, json: { product: "folio", playbook: "scripted" } }), 403, "forbidden");
    expect((await api("GET", "/api/phone-numbers", { key: viewer })).status).toBe(200);
  });
});

async function asReply(res: Response) {
  const text = await res.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: res.status, text, json, headers: res.headers } as any;
}
