// The call engine's "done when": real μ-law speech through /twilio/media, the fake OpenAI speaking
// OpenAI's protocols, and everything a call leaves behind.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import { decodeMulaw, encodeMulaw, parseWavHeader, WAV_HEADER_BYTES } from "../../src/audio";
import { hotelSpeech } from "../fakes/speech";
import { agentNodes, installFakes, prepareCall, recordEvents, untilCall, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

function rms(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, x.length));
}

describe("a call over Twilio Media Streams", () => {
  it("greets, asks, hears the answer, records the outcome, the WAV and the transcript", async () => {
    fakes = await installFakes({ transcript: "Yes, of course, we can email the folio.", chat: { text: "Hi, this is Folio." } });
    const { callId, recordIds } = await prepareCall({ params: { question: "Could you email the folio?", email: "ap@travel.example" } });
    const emu = await fakes.connect({ callId });

    // The agent speaks first: the Brain's greeting, then the fixed question, each heard in full.
    let s = await untilCall(callId, (x) => agentNodes(x).length >= 2, 20_000, "greeting and question");
    expect(agentNodes(s).map((n) => [n.content, n.truncated ?? false])).toEqual([
      ["Hi, this is Folio.", false],
      ["Could you email the folio?", false],
    ]);

    // The hotel answers with real speech (espeak-ng; the formant synthesizer without it); the VAD endpoints it, STT streams it.
    const speech = await hotelSpeech("Yes of course we can email the folio");
    await emu.say(speech);
    s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 20_000, "the end of the call");
    const closed = await emu.closed;
    expect(closed.code).toBe(1000);

    // Transcript: a TOON of what was heard, each node under the one before it.
    const toon = s.transcript!;
    expect(toon.conversation_id).toBe(callId);
    const said = toon.nodes.filter((n) => n.type !== "call_event").map((n) => [n.type, n.content]);
    expect(said).toEqual([
      ["system_utterance", "Hi, this is Folio."],
      ["system_utterance", "Could you email the folio?"],
      ["hotel_response", "Yes, of course, we can email the folio."],
      ["system_utterance", "Thank you very much. Goodbye."],
    ]);
    const reply = toon.nodes.find((n) => n.type === "hotel_response")!;
    expect(reply).toMatchObject({ intent: "agree", layer: "rules", via: "stream" });
    toon.nodes.forEach((n, i) => expect(n.parent_node).toBe(i === 0 ? undefined : toon.nodes[i - 1]!.node_id));
    expect(toon.current_node).toBe(toon.nodes.at(-1)!.node_id);
    expect(s.state).toMatchObject({ phase: "ended", outcome: "agreed", streams: 1, recording_key: `recordings/${callId}.wav` });

    // STT got the caller's μ-law as is: the committed utterance contains the speech frames we sent.
    const seen = await fakes.openai.log();
    const committed = seen.realtime.committedAudio;
    expect(committed).toHaveLength(1);
    const sent = encodeMulaw(speech);
    expect(committed[0]!.length).toBeGreaterThanOrEqual(sent.length);
    expect(committed[0]!.length).toBeLessThan(sent.length + 8000); // pre-roll + endpoint silence, not the whole call
    expect(seen.realtime.clientEvents[0]).toMatchObject({ session: { input_audio_format: "g711_ulaw", turn_detection: null } });
    expect(seen.count("chat")).toBe(1);
    // One request per sentence (the goodbye is two), and the TTS fallback line rendered at the start.
    expect(seen.count("speech")).toBe(5);

    // Agent audio: 20 ms μ-law frames, a mark after every few and after each sentence, all played.
    const media = emu.received.filter((m) => m.event === "media");
    expect(media.length).toBeGreaterThan(150);
    for (const m of media) expect(atob(m.media.payload)).toHaveLength(160);
    const marks = emu.received.filter((m) => m.event === "mark");
    expect(marks.length).toBeGreaterThanOrEqual(Math.floor(media.length / 5));
    expect(new Set(marks.map((m) => m.mark.name)).size).toBe(marks.length);
    expect(emu.acked.every((a) => a.played)).toBe(true);
    expect(emu.clears).toBe(0);
    expect(emu.heard.length).toBe(media.length);
    // The agent's voice is the fake's 220 Hz TTS tone, resampled to 8 kHz: loud, not noise.
    expect(rms(decodeMulaw(emu.heardAudio()))).toBeGreaterThan(2000);

    // The recording: stereo PCM16 8 kHz WAV in R2, as long as the call, hotel left and agent right.
    const object = await env.BLOBS.get(`recordings/${callId}.wav`);
    expect(object?.httpMetadata?.contentType).toBe("audio/wav");
    const wav = new Uint8Array(await object!.arrayBuffer());
    const info = parseWavHeader(wav);
    expect(info).toMatchObject({ audioFormat: 1, channels: 2, sampleRate: 8000, bitsPerSample: 16, blockAlign: 4, byteRate: 32000 });
    expect(info.riffSize).toBe(wav.length - 8);
    expect(info.dataBytes).toBe(wav.length - WAV_HEADER_BYTES);
    const callSeconds = (s.state!.ended_at! - s.state!.started_at!) / 1000;
    expect(info.durationSeconds).toBeGreaterThan(callSeconds - 0.5);
    expect(info.durationSeconds).toBeLessThan(callSeconds + 0.5);
    const samples = new Int16Array(wav.buffer, WAV_HEADER_BYTES, info.frames * 2);
    const left = samples.filter((_, i) => i % 2 === 0);
    const right = samples.filter((_, i) => i % 2 === 1);
    expect(rms(left)).toBeGreaterThan(300); // the hotel's speech
    expect(rms(right)).toBeGreaterThan(1000); // the agent's voice
    expect(info.frames * 2 - right.filter((v) => v !== 0).length).toBeGreaterThan(0); // silence while the hotel talked

    // The record: FolioAgreed (with the email) and CallEnded with the recording and the transcript.
    // (StatusUpdated notes are the record's own, for its transitions.)
    const events = (await recordEvents(recordIds[0]!)).filter((e) => e.event_type !== "StatusUpdated");
    const types = events.map((e) => e.event_type);
    expect(types).toEqual(["RecordCreated", "CallInitiated", "FolioAgreed", "CallEnded"]);
    expect(events[2]!.data).toMatchObject({ call_id: callId, email: "ap@travel.example", said: "Yes, of course, we can email the folio." });
    expect(events[2]!.correlation_id).toBe(callId);
    const ended = events[3]!.data as { outcome: string; recording_key: string; duration_s: number; transcript: { nodes: unknown[] } };
    expect(ended).toMatchObject({ call_id: callId, outcome: "agreed", recording_key: `recordings/${callId}.wav` });
    expect(ended.transcript.nodes).toEqual(toon.nodes);
    expect(ended.duration_s).toBeCloseTo(callSeconds, 1);

    // Hung up through the REST API once the goodbye had been heard.
    const rest = await fakes.rest.log();
    const hangups = rest.requests.filter((r) => r.form.get("Status") === "completed");
    expect(hangups).toHaveLength(1);
    expect(hangups[0]!.path).toBe(`/2010-04-01/Accounts/${fakes.rest.accountSid}/Calls/${emu.callSid}.json`);
    expect(rest.calls[emu.callSid]!.status).toBe("completed");
  });
});
