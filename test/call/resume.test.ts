// A CallSession that dies mid-call (eviction, deploy) comes back from its persisted state: Twilio asks
// the <Connect action> URL what next, gets the same stream again, and the new instance picks the
// conversation up where it was, with the transcript and the recording so far.
import { abortAllDurableObjects } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { parseWavHeader } from "../../src/audio";
import { hotelSpeech } from "../fakes/speech";
import { twilioWebhook } from "../fakes/twilio-webhooks";
import { agentNodes, installFakes, prepareCall, recordEvents, untilCall, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

describe("resume after the object is aborted mid-call", () => {
  it("reconnects through the Connect action and continues from persisted state", async () => {
    fakes = await installFakes({ transcript: "Yes, we will email it." });
    const { callId, recordIds } = await prepareCall({ params: { greeting: "Hello, this is Folio.", question: "Could you email the folio?" } });
    const callSid = `CA${"7".repeat(32)}`;
    const first = await fakes.connect({ callId, callSid });
    await untilCall(callId, (x) => agentNodes(x).length >= 2, 20_000, "greeting and question");
    await new Promise((r) => setTimeout(r, 1200)); // a second of the hotel thinking, persisted
    const before = await untilCall(callId, () => true);

    await abortAllDurableObjects();
    const closed = await first.closed;
    expect(closed.code).not.toBe(1000); // dropped, not ended: no `stop` either

    // Twilio requests the <Connect action> URL; the call is still on, so it gets the stream again.
    const twiml = await twilioWebhook(`/twilio/voice/${callId}`, { CallSid: callSid, AccountSid: "AC0123456789abcdef0123456789abcdef", CallStatus: "in-progress" });
    expect(twiml.status).toBe(200);
    expect(await twiml.text()).toContain(`<Stream url="wss://folio.test/twilio/media/${callId}">`);

    const second = await fakes.connect({ callId, callSid });
    let s = await untilCall(callId, (x) => agentNodes(x).length >= 3, 20_000, "the resumed question");
    // Everything from before the abort is still there, in order, and the thread is picked up.
    expect(s.transcript!.nodes.slice(0, before.transcript!.nodes.length)).toEqual(before.transcript!.nodes);
    expect(agentNodes(s).map((n) => n.content)).toEqual(["Hello, this is Folio.", "Could you email the folio?", "Sorry, we were cut off. Could you email the folio?"]);
    expect(s.transcript!.nodes.some((n) => n.type === "call_event" && n.content === "stream resumed")).toBe(true);
    expect(s.state).toMatchObject({ phase: "live", streams: 2, call_sid: callSid });

    await second.say(await hotelSpeech("Yes we will email it"));
    s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 20_000, "the end");
    expect(s.state?.outcome).toBe("agreed");
    const types = (await recordEvents(recordIds[0]!)).map((e) => e.event_type).filter((t) => t !== "StatusUpdated");
    expect(types).toEqual(["RecordCreated", "CallInitiated", "FolioAgreed", "CallEnded"]);

    // The recording spans both streams, less at most the last second before the abort.
    const info = parseWavHeader(new Uint8Array(await (await env.BLOBS.get(`recordings/${callId}.wav`))!.arrayBuffer()));
    const streamed = (s.state!.ended_at! - s.state!.started_at!) / 1000;
    expect(info.durationSeconds).toBeLessThanOrEqual(streamed + 0.5);
    expect(info.durationSeconds).toBeGreaterThan(streamed - 2.5); // the reconnect gap and at most a second lost
  });
});
