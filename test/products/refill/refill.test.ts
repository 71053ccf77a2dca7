// The engine's "done when": a product defined only in this folder (its own aggregate type, playbook,
// subject sink and inbound number) takes an inbound call through /twilio/voice and /twilio/media, has
// the model call its tool and read the result before it speaks again, and writes its own events.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { hotelSpeech } from "../../fakes/speech";
import { twilioWebhook } from "../../fakes/twilio-webhooks";
import { agentNodes, installFakes, untilCall, type Fakes } from "../../call/helpers";
import { api, phone } from "../../helpers";
import type { StoredEvent } from "../../../src/engine/aggregate/definition";
import { deskStub } from "./refill-desk";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

const CALLER = "+14155550142";
const CALL_SID = `CA${"7".repeat(32)}`;

describe("a product from outside src/, on engine APIs only", () => {
  it("answers its own number, runs its tool, and its aggregate gets the call's events", async () => {
    // The prescription the caller will ask about, in the product's own aggregate.
    const desk = deskStub(env, "rx_421");
    const filed = await desk.append([{ event_type: "PrescriptionFiled", data: { medication: "amoxicillin", refills_left: 2 } }], 0, { actor: "test", id: "rx_421" });
    expect(filed.ok).toBe(true);

    const number = phone(81);
    const routed = await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { json: { product: "refill", playbook: "refill", settings: {} } });
    expect(routed.status, routed.text).toBe(200);

    fakes = await installFakes({
      transcript: "Hi, is my refill for prescription 421 ready?",
      chat: [{ toolCalls: [{ id: "call_rx", name: "refill_status", arguments: { prescription: "421" } }] }, { text: "Your amoxicillin is ready, and you have one refill left after this one." }],
    });
    const voice = await twilioWebhook("/twilio/voice", { CallSid: CALL_SID, AccountSid: "AC0123456789abcdef0123456789abcdef", From: CALLER, To: number, Direction: "inbound" });
    const callId = `call_${CALL_SID}`;
    expect(await voice.text()).toContain(`<Stream url="wss://folio.test/twilio/media/${callId}">`);

    const emu = await fakes.connect({ callId, callSid: CALL_SID });
    await untilCall(callId, (s) => agentNodes(s).length >= 1, 20_000, "the greeting");
    await emu.say(await hotelSpeech("Hi is my refill for prescription four two one ready"));
    let s = await untilCall(callId, (x) => agentNodes(x).length >= 2, 20_000, "the answer after the tool");

    // The transcript holds the tool call and its result between the question and the answer.
    const nodes = s.transcript!.nodes.filter((n) => n.type !== "call_event").map((n) => [n.type, n.content]);
    expect(nodes).toEqual([
      ["system_utterance", "Pharmacy refills, how can I help?"],
      ["hotel_response", "Hi, is my refill for prescription 421 ready?"],
      ["tool_call", "refill_status"],
      ["tool_result", JSON.stringify({ found: true, medication: "amoxicillin", refills_left: 2 })],
      ["system_utterance", "Your amoxicillin is ready, and you have one refill left after this one."],
    ]);

    // The model read the result: its second request carries its own tool call and the tool's answer.
    const seen = await fakes.openai.log();
    expect(seen.chatBodies).toHaveLength(2);
    expect(seen.chatBodies[0]!.tools.map((t: { function: { name: string } }) => t.function.name)).toEqual(["refill_status"]);
    const second = seen.chatBodies[1]!.messages as Array<Record<string, any>>;
    const asked = second.findIndex((m) => m.role === "assistant" && m.tool_calls?.[0]?.id === "call_rx");
    expect(asked).toBeGreaterThan(0);
    expect(second[asked]!.tool_calls[0].function).toEqual({ name: "refill_status", arguments: JSON.stringify({ prescription: "421" }) });
    expect(second[asked + 1]).toEqual({ role: "tool", tool_call_id: "call_rx", content: JSON.stringify({ found: true, medication: "amoxicillin", refills_left: 2 }) });

    // The caller hangs up; the engine's `ended` fact becomes the product's own event.
    emu.hangUp();
    s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 20_000, "the end of the call");
    // (RPC's types cannot see through `data: unknown`; the envelopes are the base's StoredEvent.)
    const events = (await desk.getEvents()) as unknown as StoredEvent[];
    expect(events.map((e) => [e.event_type, e.aggregate_type, e.data])).toEqual([
      ["PrescriptionFiled", "Prescription", { medication: "amoxicillin", refills_left: 2 }],
      ["RefillRequested", "Prescription", { call_id: callId, caller: CALLER }],
      ["RefillCallEnded", "Prescription", { call_id: callId, outcome: "hung_up" }],
    ]);
    expect(events.slice(1).every((e) => e.correlation_id === callId)).toBe(true);
    expect((await desk.getState())!.refills_left).toBe(1);
  });

  it("its aggregate is idempotent per event id, as every aggregate on the base", async () => {
    const desk = deskStub(env, "rx_900");
    await desk.append([{ event_type: "PrescriptionFiled", data: { medication: "ibuprofen", refills_left: 1 } }], 0, { actor: "test", id: "rx_900" });
    const event = { event_id: crypto.randomUUID(), event_type: "RefillRequested" as const, data: { call_id: "call_x", caller: null } };
    expect((await desk.append([event], 1, { actor: "test" })).ok).toBe(true);
    const again = await desk.append([event], 2, { actor: "test" });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    expect(await desk.sequence()).toBe(2);
    expect(await desk.append([{ event_type: "Nonsense", data: {} } as never], 2, { actor: "test" })).toMatchObject({ ok: false, code: "invalid" });
  });
});
