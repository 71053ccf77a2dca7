import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OpenAIBrain } from "../../src/providers/openai/brain";
import { ProviderError, sentenceChunker, type BrainEvent, type ChatMessage, type Tool } from "../../src/providers/voice";
import { collect, fakeOpenAI, rejection } from "./helpers";

const lookupFolio: Tool<{ room: string; lastName: string | null }> = {
  name: "lookup_folio",
  description: "Find the guest's folio",
  parameters: z.object({ room: z.string(), lastName: z.string().nullable() }),
};

const conversation: ChatMessage[] = [
  { role: "system", content: "You call hotels to get folios." },
  { role: "user", content: "Front desk, how can I help?" },
  { role: "assistant", content: null, toolCalls: [{ id: "call_0", name: "lookup_folio", arguments: { room: "1", lastName: null } }] },
  { role: "tool", toolCallId: "call_0", content: '{"found":false}' },
];

function brain(client: Awaited<ReturnType<typeof fakeOpenAI>>["client"]) {
  return new OpenAIBrain({ ...client, model: "gpt-4.1-mini" });
}

describe("OpenAIBrain.respond", () => {
  it("streams text deltas, then the assembled and validated tool call", async () => {
    const text = "Good evening, this is Folio calling for Mr. Smith. One moment, please.";
    const { fake, client } = await fakeOpenAI({ chat: { text, toolCalls: [{ name: "lookup_folio", arguments: { room: "1204", lastName: "Smith" } }] } });
    const events = await collect(brain(client).respond(conversation, [lookupFolio]));

    const deltas = events.filter((e): e is Extract<BrainEvent, { type: "text" }> => e.type === "text");
    expect(deltas.length).toBeGreaterThan(5); // streamed, not one block
    expect(deltas.map((d) => d.delta).join("")).toBe(text);
    expect(events.at(-1)).toEqual({ type: "tool_call", id: "call_fake_1", name: "lookup_folio", arguments: { room: "1204", lastName: "Smith" } });

    const body = (await fake.log()).chatBodies[0]!;
    expect(body.stream).toBe(true);
    expect(body.model).toBe("gpt-4.1-mini");
    expect(body.tools[0].function).toMatchObject({ name: "lookup_folio", strict: true, parameters: { type: "object", required: ["room", "lastName"], additionalProperties: false } });
    // History goes out in the wire format: tool calls with JSON-string arguments, tool results by id.
    expect(body.messages[2]).toEqual({
      role: "assistant",
      content: null,
      tool_calls: [{ id: "call_0", type: "function", function: { name: "lookup_folio", arguments: '{"room":"1","lastName":null}' } }],
    });
    expect(body.messages[3]).toEqual({ role: "tool", tool_call_id: "call_0", content: '{"found":false}' });
  });

  it("feeds the sentence chunker, sentence by sentence", async () => {
    const { client } = await fakeOpenAI({ chat: { text: "Hi, Dr. Who here. Your rate is 3.5 percent. Bye!" } });
    async function* texts() {
      for await (const e of brain(client).respond([{ role: "user", content: "hi" }])) if (e.type === "text") yield e.delta;
    }
    expect(await collect(sentenceChunker(texts()))).toEqual(["Hi, Dr. Who here.", "Your rate is 3.5 percent.", "Bye!"]);
  });

  it("rejects tool arguments that break the tool's schema", async () => {
    const { client } = await fakeOpenAI({ chat: { toolCalls: [{ name: "lookup_folio", arguments: { room: 1204 } }] } });
    const err = await rejection(collect(brain(client).respond(conversation, [lookupFolio])));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe("invalid_output");
  });

  it("reports a stream cut before [DONE] instead of passing it off as a short answer", async () => {
    const { fake, client } = await fakeOpenAI({ chat: { text: "This answer will be cut off halfway through." } });
    await fake.fail("chat", { kind: "drop", after: 3 });
    const seen: string[] = [];
    const err = await rejection(
      (async () => {
        for await (const e of brain(client).respond([{ role: "user", content: "hi" }])) if (e.type === "text") seen.push(e.delta);
      })(),
    );
    expect((err as ProviderError).kind).toBe("protocol");
    expect(seen.join("")).toBe("This answe"); // what arrived was handed on (5-character deltas)
  });
});

const Decision = z.object({
  intent: z.enum(["transfer", "hold", "answer"]),
  room: z.string().nullable(),
});

describe("OpenAIBrain.decide", () => {
  it("asks for strict json_schema output and returns the zod-validated object", async () => {
    const { fake, client } = await fakeOpenAI({ chat: { content: '{"intent":"transfer","room":"1204"}' } });
    const result = await brain(client).decide([{ role: "user", content: "Let me transfer you." }], Decision, { name: "call_intent" });
    expect(result).toEqual({ intent: "transfer", room: "1204" });
    const body = (await fake.log()).chatBodies[0]!;
    expect(body.stream).toBeUndefined();
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: {
        name: "call_intent",
        strict: true,
        schema: {
          type: "object",
          properties: { intent: { type: "string", enum: ["transfer", "hold", "answer"] }, room: { type: ["string", "null"] } }, // nullable: the documented way to make a field optional
          required: ["intent", "room"],
          additionalProperties: false,
        },
      },
    });
  });

  it("rejects content that is not JSON", async () => {
    const { client } = await fakeOpenAI({ chat: { content: '{"intent": "transfer", ' } });
    const err = await rejection(brain(client).decide([{ role: "user", content: "x" }], Decision));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).kind).toBe("invalid_output");
  });

  it("rejects JSON that does not match the schema", async () => {
    const { client } = await fakeOpenAI({ chat: { content: '{"intent":"dance","room":null}' } });
    const err = (await rejection(brain(client).decide([{ role: "user", content: "x" }], Decision))) as ProviderError;
    expect(err.kind).toBe("invalid_output");
    expect(err.cause).toBeInstanceOf(z.ZodError);
  });

  it("surfaces a refusal as such", async () => {
    const { client } = await fakeOpenAI({ chat: { refusal: "I can't help with that." } });
    const err = (await rejection(brain(client).decide([{ role: "user", content: "x" }], Decision))) as ProviderError;
    expect(err.kind).toBe("refusal");
  });

  it("refuses an optional field before calling the API (strict mode would reject it)", async () => {
    const { fake, client } = await fakeOpenAI();
    const loose = z.object({ intent: z.string(), note: z.string().optional() });
    await expect(brain(client).decide([{ role: "user", content: "x" }], loose)).rejects.toThrow(/note is optional/);
    expect(await fake.count("chat")).toBe(0);
  });
});
