import { describe, expect, it } from "vitest";
import { parseSse } from "../../src/providers/openai/sse";
import { collect } from "./helpers";

async function* bytes(...parts: string[]) {
  const encoder = new TextEncoder();
  for (const p of parts) yield encoder.encode(p);
}

describe("parseSse", () => {
  it("handles lines and line endings split across chunks", async () => {
    const events = await collect(parseSse(bytes('data: {"a"', ":1}\r", "\n\r\n: keep-alive\n\nevent: x\ndata: one\ndata:two\n", "\n", "data: [DONE]\n\n")));
    expect(events).toEqual([
      { event: "message", data: '{"a":1}' },
      { event: "x", data: "one\ntwo" },
      { event: "message", data: "[DONE]" },
    ]);
  });

  it("decodes UTF-8 split inside a character", async () => {
    const encoded = new TextEncoder().encode("data: café ☕\n\n");
    async function* split() {
      yield encoded.slice(0, 10);
      yield encoded.slice(10);
    }
    expect(await collect(parseSse(split()))).toEqual([{ event: "message", data: "café ☕" }]);
  });

  it("drops an event the stream ended in the middle of", async () => {
    expect(await collect(parseSse(bytes('data: complete\n\ndata: {"trunc')))).toEqual([{ event: "message", data: "complete" }]);
  });
});
