// DTMF both ways: keys we press go out in-band as Q.23 tones in the media stream (checked on what the
// hotel heard, with the Goertzel detector); keys the hotel presses arrive as the stream's dtmf events.
import { afterEach, describe, expect, it } from "vitest";
import { decodeMulaw, DtmfDetector } from "../../src/audio";
import { synthesizeSpeech } from "../fakes/speech-synth";
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
    await emu.say(synthesizeSpeech("Sure we can do that"));
    s = await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    expect(s.transcript!.nodes.filter((n) => n.type === "dtmf_received").map((n) => n.content)).toEqual(["2"]);
    expect(s.state?.outcome).toBe("agreed");
  });
});
