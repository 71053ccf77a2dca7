// The Brain on Chat Completions.
//
// respond(): `stream: true`, so text deltas reach the sentence chunker (and TTS) while the model is still
// writing. Tool calls arrive in pieces keyed by index (id and name first, the arguments as JSON fragments);
// they are assembled and handed on once complete, validated with the tool's zod schema, because a half-
// built tool call is useless and an invalid one must not reach the engine. A stream that ends without
// `data: [DONE]` was cut off, and is reported as such rather than passed off as a short answer.
//
// decide(): structured output with `response_format: json_schema, strict: true` from a zod schema. The
// answer is still parsed and validated with zod: strict mode constrains the model, not a proxy, a
// truncated answer (finish_reason "length") or a refusal.
//
// Plain fetch rather than the `openai` package: the calls are two request shapes, the retry and deadline
// rules must match the other providers, and the SDK's own would stack on top of them.

import type { z } from "zod";
import { ProviderError, type Brain, type BrainEvent, type CallOptions, type ChatMessage, type DecideOptions, type Tool } from "../voice";
import { OpenAIHttp, type OpenAIClientOptions } from "./http";
import { strictJsonSchema } from "./json-schema";
import { parseSse } from "./sse";

export interface OpenAIBrainOptions extends OpenAIClientOptions {
  /** Chat model for respond(), e.g. gpt-4.1-mini. */
  model: string;
  /** Model for decide(); defaults to `model`. */
  decideModel?: string;
  temperature?: number;
}

const fail = (kind: "protocol" | "invalid_output" | "refusal", message: string, cause?: unknown) => new ProviderError("openai", "llm", kind, message, {}, cause === undefined ? undefined : { cause });

export class OpenAIBrain implements Brain {
  private readonly http: OpenAIHttp;

  constructor(private readonly options: OpenAIBrainOptions) {
    this.http = new OpenAIHttp(options);
  }

  async *respond(messages: readonly ChatMessage[], tools: readonly Tool[] = [], options: CallOptions = {}): AsyncGenerator<BrainEvent> {
    const body: Record<string, unknown> = { model: this.options.model, messages: messages.map(toWire), stream: true };
    if (this.options.temperature !== undefined) body.temperature = this.options.temperature;
    if (tools.length > 0) {
      body.tools = tools.map((t) => ({
        type: "function",
        function: { name: t.name, description: t.description, parameters: strictJsonSchema(t.parameters), strict: true },
      }));
    }
    const calls = new Map<number, { id: string; name: string; args: string }>();
    let finished = false;
    for await (const event of parseSse(await this.http.stream("llm", "/chat/completions", body, options))) {
      if (event.data === "[DONE]") {
        finished = true;
        break;
      }
      const chunk = parseJson(event.data, "stream chunk") as ChatChunk;
      if (chunk.error) throw fail("protocol", `OpenAI stream error: ${chunk.error.message ?? "unknown"}`);
      const delta = chunk.choices?.[0]?.delta;
      if (!delta) continue; // e.g. the usage chunk
      // A refusal is still something to say to the caller.
      const text = delta.content ?? delta.refusal;
      if (typeof text === "string" && text !== "") yield { type: "text", delta: text };
      for (const part of delta.tool_calls ?? []) {
        const call = calls.get(part.index) ?? { id: "", name: "", args: "" };
        if (part.id) call.id = part.id;
        if (part.function?.name) call.name += part.function.name;
        if (part.function?.arguments) call.args += part.function.arguments;
        calls.set(part.index, call);
      }
    }
    if (!finished) throw fail("protocol", "OpenAI stream ended before [DONE]");
    for (const index of [...calls.keys()].sort((a, b) => a - b)) {
      const call = calls.get(index)!;
      const tool = tools.find((t) => t.name === call.name);
      if (!tool) throw fail("invalid_output", `model called an unknown tool: ${call.name}`);
      const parsed = tool.parameters.safeParse(parseJson(call.args || "{}", `arguments of ${call.name}`, "invalid_output"));
      if (!parsed.success) throw fail("invalid_output", `arguments of ${call.name} do not match its schema`, parsed.error);
      yield { type: "tool_call", id: call.id, name: call.name, arguments: parsed.data };
    }
  }

  async decide<T>(messages: readonly ChatMessage[], schema: z.ZodType<T>, options: DecideOptions = {}): Promise<T> {
    const body = {
      model: this.options.decideModel ?? this.options.model,
      messages: messages.map(toWire),
      response_format: { type: "json_schema", json_schema: { name: options.name ?? "decision", schema: strictJsonSchema(schema), strict: true } },
      ...(this.options.temperature !== undefined ? { temperature: this.options.temperature } : {}),
    };
    const answer = (await this.http.json("llm", "/chat/completions", body, options)) as ChatCompletion;
    const choice = answer?.choices?.[0];
    if (!choice?.message) throw fail("protocol", "completion has no message");
    if (choice.message.refusal) throw fail("refusal", `model refused: ${choice.message.refusal}`);
    if (choice.finish_reason === "length") throw fail("invalid_output", "structured output was cut off (finish_reason length)");
    if (typeof choice.message.content !== "string") throw fail("invalid_output", "structured output has no content");
    const parsed = schema.safeParse(parseJson(choice.message.content, "structured output", "invalid_output"));
    if (!parsed.success) throw fail("invalid_output", "structured output does not match the schema", parsed.error);
    return parsed.data;
  }
}

function toWire(m: ChatMessage): Record<string, unknown> {
  switch (m.role) {
    case "tool":
      return { role: "tool", tool_call_id: m.toolCallId, content: m.content };
    case "assistant": {
      const calls = m.toolCalls ?? [];
      if (calls.length === 0) return { role: "assistant", content: m.content };
      return {
        role: "assistant",
        content: m.content,
        tool_calls: calls.map((c) => ({ id: c.id, type: "function", function: { name: c.name, arguments: JSON.stringify(c.arguments) } })),
      };
    }
    default:
      return { role: m.role, content: m.content };
  }
}

function parseJson(text: string, what: string, kind: "protocol" | "invalid_output" = "protocol"): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw fail(kind, `${what} is not valid JSON`, cause);
  }
}

interface ChatChunk {
  error?: { message?: string };
  choices?: Array<{
    delta?: {
      content?: string | null;
      refusal?: string | null;
      tool_calls?: Array<{ index: number; id?: string; function?: { name?: string; arguments?: string } }>;
    };
    finish_reason?: string | null;
  }>;
}

interface ChatCompletion {
  choices?: Array<{ message?: { content?: string | null; refusal?: string | null }; finish_reason?: string }>;
}
