// Load, the fast sample (`npm run drill` runs 50 calls for 2 minutes): a few concurrent calls through
// /twilio/media, turn after turn; none dropped, paced frames, every event kept.
import { describe, expect, it } from "vitest";
import { loadViolations, runLoad } from "./load/run";

describe("concurrent calls (sample)", () => {
  it("4 calls for 10 s: none dropped, frames paced, no event lost", async () => {
    const r = await runLoad({ calls: 4, seconds: 10, latency: { sttFinalMs: 50, llmFirstTokenMs: 100, ttsFirstByteMs: 50, chunkGapMs: 1 } });
    expect(loadViolations(r, 4)).toEqual({ dropped_calls: 0, lost: 0, duplicated: 0, unconverged: 0 });
    expect(r.turns).toBeGreaterThanOrEqual(4);
    expect(r.frames_out).toBeGreaterThan(500);
    expect(r.jitter_ms.n).toBeGreaterThan(100);
    expect(r.jitter_ms.p50).toBeLessThan(10);
  }, 300_000);
});
