// Turn overhead of the call engine, inside workerd, through the real path: the Twilio emulator streams
// synthesized μ-law speech over /twilio/media, the CallSession endpoints it, the fake OpenAI server
// (a local HTTP and WebSocket server, as in the tests) transcribes, replies and speaks, and the first
// outbound frame of the answer is timed.
//
// 1. Zero-latency providers in the session's isolate (bench/support/instant-voice.ts): endpoint → first
//    outbound frame is the engine's own overhead. Measured again with the fake server at zero latency,
//    which adds the localhost round trips (realtime commit, chat, speech) to it.
// 2. Fake latencies (STT final 150 ms, LLM first token 300 ms, TTS first byte 120 ms): voice-to-voice
//    (end of the caller's voice → first outbound frame) ÷ (endpoint window + 570 ms).
//
// workerd's clock only moves across I/O, so every time is read right after an await (a socket event, a
// timer): the VAD's endpoint is taken in the media message handler, the first frame in the pacer's send.
import { it } from "vitest";
import { synthesizeSpeech } from "../test/fakes/speech-synth";
import { setCallSessionHooks } from "../src/objects/call-session/providers";
import { agentNodes, installFakes, prepareCall, snapshot, untilCall } from "../test/call/helpers";
import { instantVoice } from "./support/instant-voice";

const TURNS = 25;
const SILENCE_WINDOW_MS = 500; // the VAD's default endpoint (the fake's partials never read complete first)

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}

async function conversation(latency: { sttFinalMs: number; llmFirstTokenMs: number; ttsFirstByteMs: number; chunkGapMs: number }, instant = false) {
  const fakes = await installFakes({ transcript: "Could you tell me a little more?", chat: { text: "Sure, it is for a guest." }, latency });
  // The media emulator and the REST emulator stay; only the voice providers move into the isolate.
  const unhook = instant
    ? setCallSessionHooks({ env: { TWILIO_ACCOUNT_SID: fakes.rest.accountSid }, voice: () => instantVoice("Could you tell me a little more?", "Sure, it is for a guest.") })
    : null;
  try {
    const { callId } = await prepareCall({ records: 0, params: { greeting: "Hello.", question: "Could you email it?", chat_turns: TURNS } });
    const emu = await fakes.connect({ callId });
    await untilCall(callId, (x) => agentNodes(x).length >= 2, 20_000, "the opening");
    const speech = synthesizeSpeech("Yes what is it about");
    for (let i = 0; i < TURNS; i++) {
      const before = agentNodes(await snapshot(callId)).length;
      await emu.say(speech);
      await untilCall(callId, (x) => agentNodes(x).length > before, 20_000, `reply ${i + 1}`);
    }
    const s = await snapshot(callId);
    emu.hangUp();
    await untilCall(callId, (x) => x.state?.finalized === true, 20_000, "the end");
    return { overhead: s.turn_latencies_ms, v2v: s.voice_to_voice_ms, emulator: emu.replyGaps };
  } finally {
    unhook?.();
    await fakes.restore();
  }
}

it("turn overhead and voice-to-voice", async () => {
  const none = { sttFinalMs: 0, llmFirstTokenMs: 0, ttsFirstByteMs: 0, chunkGapMs: 0 };
  const zero = await conversation(none, true);
  const viaServer = await conversation(none);
  const slow = await conversation({ sttFinalMs: 150, llmFirstTokenMs: 300, ttsFirstByteMs: 120, chunkGapMs: 1 });
  const budget = SILENCE_WINDOW_MS + 150 + 300 + 120;
  const round = (x: number) => Number(x.toFixed(3));
  console.log(
    `BENCH ${JSON.stringify({
      turn_overhead_ms: { p50: pct(zero.overhead, 0.5), p95: pct(zero.overhead, 0.95), max: Math.max(...zero.overhead), n: zero.overhead.length, target_p50: 10, target_p95: 30 },
      turn_overhead_via_fake_server_ms: { p50: pct(viaServer.overhead, 0.5), p95: pct(viaServer.overhead, 0.95), n: viaServer.overhead.length },
      voice_to_voice: {
        p50_ms: pct(slow.v2v, 0.5),
        p95_ms: pct(slow.v2v, 0.95),
        budget_ms: budget,
        ratio_p50: round(pct(slow.v2v, 0.5) / budget),
        ratio_p95: round(pct(slow.v2v, 0.95) / budget),
        // Seen from the emulator: last speech frame sent → first agent frame received (the synthesized
        // speech ends in ~50 ms of fade and gap, counted here but not in the VAD's end of voice).
        emulator_p50_ms: pct(slow.emulator, 0.5),
        n: slow.v2v.length,
        target_ratio: 1.05,
      },
    })}`,
  );
}, 300_000);
