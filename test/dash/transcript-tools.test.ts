// Tool calls and their results are TOON nodes; the dashboard's transcript names them and shows what
// the model asked for and what it was told.
import { describe, expect, it } from "vitest";
import { nodeText } from "../../src/dash/views/transcript";
import { Transcript } from "../../src/engine/transcript";

describe("tool nodes in a transcript", () => {
  const t = new Transcript("call_t");
  t.add({ type: "hotel_response", content: "Is 421 ready?" });
  const call = t.add({ type: "tool_call", content: "refill_status", tool: { call_id: "c1", name: "refill_status", arguments: { prescription: "421" } } });
  const result = t.add({ type: "tool_result", content: '{"ready":true}', tool: { call_id: "c1", name: "refill_status" } });
  t.add({ type: "tool_call", content: "unanswered", tool: { call_id: "c2", name: "unanswered", arguments: {} } });

  it("shows the tool's name, arguments and result", () => {
    expect(nodeText(call)).toBe('refill_status {"prescription":"421"}');
    expect(nodeText(result)).toBe('refill_status → {"ready":true}');
  });

  it("gives the model its answered tool calls as messages, and leaves out one nobody answered", () => {
    expect(t.history()).toEqual([
      { role: "user", content: "Is 421 ready?" },
      { role: "assistant", content: null, toolCalls: [{ id: "c1", name: "refill_status", arguments: { prescription: "421" } }] },
      { role: "tool", toolCallId: "c1", content: '{"ready":true}' },
    ]);
  });
});
