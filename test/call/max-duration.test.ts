// The max duration: at the limit the agent wraps up (its last words are not talked over), every record
// with work left gets CallDurationExceeded, and the call ends.
import { afterEach, describe, expect, it } from "vitest";
import { installFakes, prepareCall, recordEvents, untilCall, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

describe("max duration", () => {
  it("wraps up and emits CallDurationExceeded for the records left", async () => {
    fakes = await installFakes();
    const { callId, recordIds } = await prepareCall({
      records: 2,
      max_duration_ms: 2_000,
      params: { greeting: "Hello, this is Folio, calling about two guests who stayed with you recently.", question: "Could you email the folios?" },
    });
    const emu = await fakes.connect({ callId });
    const s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 20_000, "the end");
    expect(s.state).toMatchObject({ outcome: "max_duration", wrapping_up: true });
    const nodes = s.transcript!.nodes;
    expect(nodes.some((n) => n.type === "call_event" && n.content === "max duration reached")).toBe(true);
    // The greeting was cut by the wrap-up (cleared), then the wrap-up was said in full.
    expect(emu.clears).toBe(1);
    const agent = nodes.filter((n) => n.type === "system_utterance");
    expect(agent[0]!.truncated).toBe(true);
    expect(agent.at(-1)).toMatchObject({ content: "I am sorry, I have to end the call now. We will follow up by email. Goodbye." });
    expect(agent.at(-1)!.truncated).toBeUndefined();
    for (const id of recordIds) {
      const events = (await recordEvents(id)).filter((e) => e.event_type !== "StatusUpdated");
      expect(events.map((e) => e.event_type)).toEqual(["RecordCreated", "CallInitiated", "CallDurationExceeded", "CallEnded"]);
      expect(events[2]!.data).toEqual({ call_id: callId, remaining_record_ids: recordIds });
      expect(events[3]!.data).toMatchObject({ outcome: "max_duration" });
    }
  });
});
