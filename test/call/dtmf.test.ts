// DTMF both ways: keys we press go out in-band as Q.23 tones in the media stream (checked on what the
// hotel heard, with the Goertzel detector); keys the hotel presses arrive as the stream's dtmf events.
import { afterEach, describe, expect, it } from "vitest";
import { decodeMulaw, DtmfDetector } from "../../src/audio";
import { hotelSpeech } from "../fakes/speech";
import { agentNodes, installFakes, prepareCall, untilCall, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

describe("DTMF", () => {
  it("sends in-band tones that decode, and records keys the hotel presses", async () => {
    fakes = await installFakes({ transcript: "Sure, we can do that." });
    const { callId } = await prepareCall({ params: { digits: "1w#", greeting: "Hello, this is Folio.", question: "Could you email the folio?" } });
    const emu = await fakes.connect({ callId });

    let s = await untilCall(callId, (x) => agentNodes(x).length >= 2, 20_000, "greeting and question");
    const sent = s.transcript!.nodes.find((n) => n.type === "dtmf_sent")!;
    expect(sent).toMatchObject({ content: "1w#" });
    expect(sent.truncated).toBeUndefined();
    // The keys come before anything is said.
    expect(sent.node_id).toBeLessThan(agentNodes(s)[0]!.node_id);

    // What the hotel heard decodes to the keys, at Q.23's minimum tone length of 70 ms, and nothing else
    // (the agent's voice afterwards is not mistaken for keys).
    const heard = decodeMulaw(emu.heardAudio());
    expect(new DtmfDetector({ minToneMs: 70 }).process(heard)).toBe("1#");
    // The tones are not clipped: both sines fit under full scale.
    expect(Math.max(...heard.subarray(0, 8000).map(Math.abs))).toBeLessThan(32000);

    emu.dtmf("2");
    await untilCall(callId, (x) => (x.transcript?.nodes ?? []).some((n) => n.type === "dtmf_received"), 5_000, "the hotel's key");
    await emu.say(await hotelSpeech("Sure we can do that"));
    s = await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    expect(s.transcript!.nodes.filter((n) => n.type === "dtmf_received").map((n) => n.content)).toEqual(["2"]);
    expect(s.state?.outcome).toBe("agreed");
  });
});

describe("DTMF fallback", () => {
  it("has Twilio play the keys over REST when the tones go unacknowledged, then resumes on a fresh stream", async () => {
    fakes = await installFakes({ transcript: "Sure, we can do that." });
    const { callId } = await prepareCall({ params: { digits: "1w#", greeting: "Hello, this is Folio.", question: "Could you email the folio?" } });
    const callSid = `CA${crypto.randomUUID().replaceAll("-", "")}`;
    const first = await fakes.connect({ callId, callSid });
    first.ackMarks = false; // the tones play, but their marks never come back

    // The keys go to Twilio instead: <Play digits> and then a fresh <Connect><Stream> to this call.
    let update: { form: URLSearchParams } | undefined;
    const deadline = Date.now() + 10_000;
    while (!update && Date.now() < deadline) {
      update = (await fakes.rest.log()).requests.find((r) => r.form.get("Twiml") !== null);
      if (!update) await new Promise((r) => setTimeout(r, 50));
    }
    expect(update, "a REST update with TwiML").toBeDefined();
    const twiml = update!.form.get("Twiml")!;
    expect(twiml).toMatch(
      /^<Response><Play digits="1w#"\/><Connect action="https:\/\/folio.test\/twilio\/voice\/[^"]+" method="POST"><Stream url="wss:\/\/folio.test\/twilio\/media\/[^"]+"><Parameter name="call" value="[^"]+"\/><\/Stream><\/Connect><\/Response>$/,
    );
    expect(twiml).toContain(`/twilio/media/${callId}"`);
    expect((await fakes.rest.log()).calls[callSid]).toMatchObject({ status: "in-progress", updates: 1 });
    // The old stream is over (from our side: Twilio is playing the keys now), and nothing was said on it.
    expect((await first.closed).code).toBe(1000);
    let s = await untilCall(callId, (x) => (x.transcript?.nodes ?? []).some((n) => n.type === "dtmf_sent"), 5_000, "the keys");
    expect(s.transcript!.nodes.find((n) => n.type === "call_event" && n.content === "keys played by Twilio")).toMatchObject({ data: { digits: "1w#", via: "rest" } });
    expect(agentNodes(s)).toEqual([]);
    expect(s.state).toMatchObject({ phase: "live" });

    // Twilio connects the fresh stream; the conversation goes on there.
    const second = await fakes.connect({ callId, callSid });
    s = await untilCall(callId, (x) => agentNodes(x).length >= 1, 15_000, "the resumed question");
    expect(agentNodes(s)[0]!.content).toBe("Sorry, we were cut off. Could you email the folio?");
    await second.say(await hotelSpeech("Sure we can do that"));
    s = await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    expect(s.state).toMatchObject({ outcome: "agreed", streams: 2 });
    // The keys were sent once: by Twilio, not again in-band on the new stream.
    expect(s.transcript!.nodes.filter((n) => n.type === "dtmf_sent").map((n) => n.content)).toEqual(["1w#"]);
    expect(new DtmfDetector({ minToneMs: 70 }).process(decodeMulaw(second.heardAudio()))).toBe("");
  });
});
