// Load: 50 concurrent calls through the real media path for 2 minutes (the Twilio Media Streams
// emulator on /twilio/media, the fake OpenAI server with realistic latencies). Reports outbound frame
// jitter, turn latency and (from scripts/drill.mjs, between the marks) CPU per call; no call may drop
// and no event may be lost.
import { describe, expect, it } from "vitest";
import { loadViolations, runLoad } from "../test/reliability/load/run";
import { report } from "./report";

const CALLS = 50;
const SECONDS = 120;

describe("drill: load", () => {
  it(`${CALLS} concurrent calls for ${SECONDS} s`, async () => {
    const latency = { sttFinalMs: 150, llmFirstTokenMs: 300, ttsFirstByteMs: 120, chunkGapMs: 1 };
    const r = await runLoad({ calls: CALLS, seconds: SECONDS, latency, mark: (name) => console.log(`DRILL_MARK ${name}`) });
    const violations = loadViolations(r, CALLS);
    report("load", {
      calls: r.calls,
      seconds: r.seconds,
      provider_latency_ms: latency,
      turns: r.turns,
      frames_out: r.frames_out,
      jitter_ms: r.jitter_ms,
      turn_latency_ms: r.turn_latency_ms,
      voice_to_voice_ms: r.voice_to_voice_ms,
      events_checked: r.ledger.events,
      wall_s: Math.round(r.ms / 1000),
      violations,
      details: {
        dropped: r.dropped_calls.slice(0, 20),
        unfinished: r.unfinished_calls.slice(0, 20),
        missing: r.missing_events.slice(0, 20),
        ledger: { lost: r.ledger.lost.slice(0, 10), duplicated: r.ledger.duplicated.slice(0, 10), unconverged: r.ledger.unconverged.slice(0, 10) },
      },
    });
    expect(violations).toEqual({ dropped_calls: 0, lost: 0, duplicated: 0, unconverged: 0 });
  });
});
