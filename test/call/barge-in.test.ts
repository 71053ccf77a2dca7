// Barge-in: the hotel talks over the agent. The session sends `clear` at once, the transcript keeps only
// the words the hotel heard (cut at the last acknowledged mark), the recording drops the cleared audio,
// and the conversation goes on from what the hotel said.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { parseWavHeader, WAV_HEADER_BYTES } from "../../src/audio";
import { hotelSpeech } from "../fakes/speech";
import { agentNodes, installFakes, prepareCall, untilCall, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

const GREETING = "Good afternoon, this is Folio, an assistant calling on behalf of a travel team about a guest who stayed with you last week, and I would like to ask for a copy of the folio.";

describe("barge-in", () => {
  it("clears the agent's audio, truncates its turn at the last acknowledged mark, and listens", async () => {
    const replies = ["Sorry, who is calling?", "Yes, we can send it."];
    fakes = await installFakes({ transcript: replies });
    const { callId } = await prepareCall({ params: { greeting: GREETING, question: "Could you email the folio?" } });
    const emu = await fakes.connect({ callId });

    // Let about a second and a half of the greeting play, then talk over it.
    await emu.until(() => emu.heard.length >= 75, 15_000, "the greeting to play");
    const interrupted = emu.say(await hotelSpeech("Sorry who is this calling"));
    await emu.until(() => emu.clears === 1, 5_000, "clear");
    // Onset (60 ms of voice) plus a frame or two: the clear follows the first words at once (300 ms allows for a loaded machine).
    expect(emu.clearTimes[0]! - emu.speechStarts[0]!).toBeLessThan(300);
    const heardAtClear = emu.heard.length;
    const sentAtClear = emu.count("media");
    await interrupted;

    // The turn in the transcript holds what was heard: whole words, a prefix of the greeting.
    let s = await untilCall(callId, (x) => (x.transcript?.nodes ?? []).some((n) => n.type === "hotel_response"), 10_000, "the hotel's words");
    const cut = agentNodes(s)[0]!;
    expect(cut).toMatchObject({ truncated: true, full_text: GREETING });
    expect(cut.content.length).toBeGreaterThan(0);
    expect(GREETING.startsWith(cut.content)).toBe(true);
    expect(cut.content.length).toBeLessThan(GREETING.length / 2);
    // heard_ms counts acknowledged audio: at most a mark's worth (100 ms) behind what actually played.
    expect(cut.heard_ms).toBeLessThanOrEqual(heardAtClear * 20);
    expect(cut.heard_ms).toBeGreaterThanOrEqual(heardAtClear * 20 - 120);
    // The question that was to follow the greeting was never said.
    expect(agentNodes(s).map((n) => n.content)).not.toContain("Could you email the folio?");
    // Paced output: when the clear came, only the pacer's lead (3 frames) had been sent and not yet played.
    expect(sentAtClear - heardAtClear).toBeLessThanOrEqual(6);

    // The hotel's question gets the question again; the answer ends the call.
    s = await untilCall(callId, (x) => agentNodes(x).length >= 2, 15_000, "the question again");
    expect(agentNodes(s)[1]!.content).toBe("Sorry, let me ask again. Could you email the folio?");
    await emu.say(await hotelSpeech("Yes we can send it"));
    s = await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    expect(s.state?.outcome).toBe("agreed");
    expect(emu.clears).toBe(1);
    const hotel = s.transcript!.nodes.filter((n) => n.type === "hotel_response");
    expect(hotel.map((n) => [n.content, n.intent])).toEqual([
      ["Sorry, who is calling?", "question"],
      ["Yes, we can send it.", "agree"],
    ]);

    // The recording's agent track holds the heard part of the greeting only, not the cleared frames.
    const wav = new Uint8Array(await (await env.BLOBS.get(`recordings/${callId}.wav`))!.arrayBuffer());
    const info = parseWavHeader(wav);
    const samples = new Int16Array(wav.buffer, WAV_HEADER_BYTES, info.frames * 2);
    // The greeting is the first agent audio; find where the right channel goes quiet after it.
    let first = -1;
    let last = -1;
    for (let i = 0; i < info.frames; i++) {
      if (Math.abs(samples[2 * i + 1]!) > 500) {
        if (first < 0) first = i;
        if (first >= 0 && i - last > 8000 * 0.5 && last > first) break; // the next utterance
        last = i;
      }
    }
    const greetingSamples = last - first;
    expect(greetingSamples).toBeLessThan(sentAtClear * 160);
    expect(greetingSamples).toBeGreaterThan(cut.heard_ms! * 8 - 1600);
  });
});
