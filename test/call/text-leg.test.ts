// The offline twin: the SimulatedCarrier plays a hotel over the text leg, and the CallSession runs the
// same playbook, turn loop, transcript and record events as on a phone call, with no audio and no keys.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SimulatedCarrier } from "../../src/objects/simulated-carrier";
import { callStub, prepareCall, recordEvents, untilCall } from "./helpers";

function carrier(callId: string): DurableObjectStub<SimulatedCarrier> {
  return env.SIMULATED_CARRIER.get(env.SIMULATED_CARRIER.idFromName(callId));
}

describe("text leg with the simulated carrier", () => {
  it("gets through an IVR with a key and gets the hotel's agreement", async () => {
    const { callId, recordIds } = await prepareCall({ params: { digits: "2", greeting: "Hello, this is Folio.", question: "Could you email the folio?" } });
    expect(await carrier(callId).dial(callId, "scripted_ivr")).toMatchObject({ connected: true });
    const s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 10_000, "the end");
    expect(s.state).toMatchObject({ outcome: "agreed", leg: "text", recording_key: null });
    const said = s.transcript!.nodes.filter((n) => n.type !== "call_event").map((n) => [n.type, n.content]);
    expect(said).toEqual([
      ["dtmf_sent", "2"],
      ["system_utterance", "Hello, this is Folio."],
      ["system_utterance", "Could you email the folio?"],
      ["hotel_response", "Front desk here. Sure, we can email it."],
      ["system_utterance", "Thank you very much. Goodbye."],
    ]);
    const types = (await recordEvents(recordIds[0]!)).map((e) => e.event_type).filter((t) => t !== "StatusUpdated");
    expect(types).toEqual(["RecordCreated", "CallInitiated", "FolioAgreed", "CallEnded"]);
    const lines = await carrier(callId).lines();
    expect(lines.filter((l) => l.dir !== "event").map((l) => `${l.dir}: ${l.text}`)).toEqual([
      "heard: [DTMF 2]",
      "heard: Hello, this is Folio.",
      "heard: Could you email the folio?",
      "said: Front desk here. Sure, we can email it.",
      "heard: Thank you very much.",
      "heard: Goodbye.",
    ]);
  });

  it.each([
    ["refuses", "refused", "FolioRefused"],
    ["callback", "callback_requested", "CallbackRequested"],
  ])("a hotel that %s ends the call with that outcome", async (persona, outcome, event) => {
    const { callId, recordIds } = await prepareCall({ params: { greeting: "Hello, this is Folio." } });
    await carrier(callId).dial(callId, persona);
    const s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 10_000, "the end");
    expect(s.state?.outcome).toBe(outcome);
    expect((await recordEvents(recordIds[0]!)).map((e) => e.event_type)).toContain(event);
  });

  it("barge-in on the text leg: unheard lines are cleared and left out of the transcript", async () => {
    const { callId } = await prepareCall({ records: 0, params: { greeting: "Hello, this is Folio, calling about a guest.", question: "Could you email the folio?" } });
    await carrier(callId).dial(callId, "interrupts");
    const s = await untilCall(callId, (x) => x.state?.finalized === true, 10_000, "the end");
    const agent = s.transcript!.nodes.filter((n) => n.type === "system_utterance");
    expect(agent[0]).toMatchObject({ content: "", truncated: true, full_text: "Hello, this is Folio, calling about a guest." });
    const lines = await carrier(callId).lines();
    expect(lines.some((l) => l.dir === "event" && l.text === "clear")).toBe(true);
    expect(s.state?.outcome).toBe("agreed");
  });

  it("async AMD saying voicemail (after the beep) stops the conversation and leaves the message", async () => {
    const { callId, recordIds } = await prepareCall({ params: { greeting: "Hello, this is Folio.", voicemail: "This is Folio. Please email the folio. Thank you." } });
    await carrier(callId).dial(callId, { name: "machine", answer: "" });
    await untilCall(callId, (x) => x.state?.phase === "live", 5_000, "the call to connect");
    await callStub(callId).amd(callId, { answeredBy: "machine_end_beep" });
    const s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 10_000, "the end");
    expect(s.state).toMatchObject({ outcome: "voicemail", answered_by: "machine_end_beep" });
    const agent = s.transcript!.nodes.filter((n) => n.type === "system_utterance");
    expect(agent.at(-1)).toMatchObject({ content: "This is Folio. Please email the folio. Thank you." });
    const types = (await recordEvents(recordIds[0]!)).map((e) => e.event_type).filter((t) => t !== "StatusUpdated");
    expect(types).toEqual(["RecordCreated", "CallInitiated", "VoicemailDetected", "VoicemailLeft", "CallEnded"]);
  });

  it("the hotel hanging up ends the call", async () => {
    const { callId, recordIds } = await prepareCall({ params: { greeting: "Hello, this is Folio." } });
    await carrier(callId).dial(callId, "hangs_up");
    const s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 10_000, "the end");
    expect(s.state?.outcome).toBe("hung_up");
    const ended = (await recordEvents(recordIds[0]!)).find((e) => e.event_type === "CallEnded")!;
    expect(ended.data).toMatchObject({ outcome: "hung_up" });
  });
});
