// The fake POST /v1/chat/completions: validates the request as the API does (model, messages and their
// content parts, files as base64 PDF data URLs, tools, response_format with strict schemas), then answers with the test's scripted reply, either as one
// chat.completion or as an SSE stream of chat.completion.chunk events ending in `data: [DONE]`.

import type { OpenAIScenario as FakeOpenAI } from "./openai-server";
import { json, modelCheck, openAIError, paced, sleep, strictSchemaProblem, type FakeChatReply, type Fault } from "./openai-server-shared";

export type { FakeChatReply } from "./openai-server-shared";

export type ChatRequestBody = Record<string, any> & { model: string; messages: Array<Record<string, any>>; stream?: boolean };

const ROLES = ["system", "developer", "user", "assistant", "tool"];
const NAME = /^[a-zA-Z0-9_-]{1,64}$/;

export async function handleChat(fake: FakeOpenAI, req: Request, drop: Fault | undefined): Promise<Response> {
  if (req.method !== "POST") return openAIError(405, `Invalid method for URL (${req.method} /v1/chat/completions)`);
  let body: ChatRequestBody;
  try {
    body = await req.json();
  } catch {
    return openAIError(400, "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)");
  }
  const invalid = validate(body);
  if (invalid) return invalid;
  fake.chatBodies.push(body);
  const reply = fake.chatReply(body);
  const calls = (reply.toolCalls ?? []).map((c, i) => ({
    id: c.id ?? `call_fake_${i + 1}`,
    type: "function",
    function: { name: c.name, arguments: typeof c.arguments === "string" ? c.arguments : JSON.stringify(c.arguments) },
  }));
  const content = reply.content ?? reply.text ?? (calls.length > 0 || reply.refusal ? null : "");
  const finish = reply.finishReason ?? (calls.length > 0 ? "tool_calls" : "stop");
  const base = { id: "chatcmpl-fake", created: Math.floor(Date.now() / 1000), model: body.model, system_fingerprint: "fp_fake" };
  if (!body.stream) {
    await sleep(fake.latency.llmFirstTokenMs);
    const message = { role: "assistant", content, refusal: reply.refusal ?? null, annotations: [], ...(calls.length ? { tool_calls: calls } : {}) };
    return json({ ...base, object: "chat.completion", choices: [{ index: 0, message, logprobs: null, finish_reason: finish }], usage: usage() });
  }
  const chunk = (delta: object, finish_reason: string | null = null) => JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, delta, logprobs: null, finish_reason }] });
  const size = fake.options.chatDeltaChars ?? 5;
  const events = [chunk({ role: "assistant", content: "", refusal: null })];
  for (const piece of slices(content ?? "", size)) events.push(chunk({ content: piece }));
  for (const piece of slices(reply.refusal ?? "", size)) events.push(chunk({ refusal: piece }));
  calls.forEach((c, index) => {
    events.push(chunk({ tool_calls: [{ index, id: c.id, type: "function", function: { name: c.function.name, arguments: "" } }] }));
    for (const piece of slices(c.function.arguments, size)) events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  events.push(chunk({}, finish), "[DONE]");
  const encoder = new TextEncoder();
  const bytes = events.map((e) => encoder.encode(`data: ${e}\n\n`));
  const dropAfter = drop?.kind === "drop" ? (drop.after ?? 2) : undefined;
  const stream = paced(bytes, { firstDelayMs: fake.latency.llmFirstTokenMs, gapMs: fake.latency.chunkGapMs, dropAfter });
  return new Response(stream, { headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" } });
}

function validate(body: ChatRequestBody): Response | null {
  if (typeof body !== "object" || body === null) return openAIError(400, "The request body must be a JSON object.");
  const bad = modelCheck("chat", body.model);
  if (bad) return bad;
  if (!Array.isArray(body.messages)) return openAIError(400, "Missing required parameter: 'messages'.", { param: "messages", code: "missing_required_parameter" });
  if (body.messages.length === 0) return openAIError(400, "Invalid 'messages': empty array. Expected an array with minimum length 1.", { param: "messages", code: "empty_array" });
  for (const [i, m] of body.messages.entries()) {
    if (!ROLES.includes(m?.role))
      return openAIError(400, `Invalid value: '${m?.role}'. Supported values are: ${ROLES.map((r) => `'${r}'`).join(", ")}.`, { param: `messages[${i}].role`, code: "invalid_value" });
    const hasCalls = m.role === "assistant" && Array.isArray(m.tool_calls) && m.tool_calls.length > 0;
    if (Array.isArray(m.content)) {
      const bad = contentParts(m.content, m.role, i);
      if (bad) return bad;
    } else if (typeof m.content !== "string" && !(m.content === null && hasCalls)) {
      return openAIError(400, `Invalid type for 'messages[${i}].content': expected one of a string or array of objects, but got an object instead.`, {
        param: `messages[${i}].content`,
        code: "invalid_type",
      });
    }
    if (m.role === "tool" && typeof m.tool_call_id !== "string") {
      return openAIError(400, `Missing required parameter: 'messages[${i}].tool_call_id'.`, { param: `messages[${i}].tool_call_id`, code: "missing_required_parameter" });
    }
  }
  for (const [i, t] of (Array.isArray(body.tools) ? body.tools : []).entries()) {
    if (t?.type !== "function" || !NAME.test(t?.function?.name ?? "")) {
      return openAIError(400, `Invalid 'tools[${i}]': expected a function tool with a name matching ^[a-zA-Z0-9_-]{1,64}$.`, { param: `tools[${i}]`, code: "invalid_value" });
    }
    const problem = t.function.strict ? strictSchemaProblem(t.function.parameters) : null;
    if (problem) return openAIError(400, `Invalid schema for function '${t.function.name}': ${problem}`, { param: `tools[${i}].function.parameters`, code: "invalid_function_parameters" });
  }
  const format = body.response_format;
  if (format !== undefined && !["text", "json_object", "json_schema"].includes(format?.type)) {
    return openAIError(400, `Invalid value: '${format?.type}'. Supported values are: 'json_object', 'json_schema', and 'text'.`, { param: "response_format.type", code: "invalid_value" });
  }
  if (format?.type === "json_schema") {
    const js = format.json_schema;
    if (!NAME.test(js?.name ?? ""))
      return openAIError(400, "Invalid 'response_format.json_schema.name': must match ^[a-zA-Z0-9_-]{1,64}$.", { param: "response_format.json_schema.name", code: "invalid_value" });
    if (typeof js.schema !== "object" || js.schema === null)
      return openAIError(400, "Missing required parameter: 'response_format.json_schema.schema'.", { param: "response_format.json_schema.schema" });
    const problem = js.strict ? strictSchemaProblem(js.schema) : null;
    if (problem) return openAIError(400, `Invalid schema for response_format '${js.name}': ${problem}`, { param: "response_format", code: "invalid_json_schema" });
  }
  return null;
}

const PART_TYPES: Record<string, string[]> = { user: ["text", "image_url", "input_audio", "file"], system: ["text"], developer: ["text"], assistant: ["text", "refusal"], tool: ["text"] };

/** Content as an array of parts, checked as the API checks them: text, and files as base64 data URLs. */
function contentParts(parts: Array<Record<string, any>>, role: string, i: number): Response | null {
  if (parts.length === 0) return openAIError(400, `Invalid 'messages[${i}].content': empty array. Expected an array with minimum length 1.`, { param: `messages[${i}].content`, code: "empty_array" });
  for (const [j, part] of parts.entries()) {
    const param = `messages[${i}].content[${j}]`;
    const allowed = PART_TYPES[role] ?? [];
    if (!allowed.includes(part?.type)) {
      return openAIError(400, `Invalid value: '${part?.type}'. Supported values are: ${allowed.map((t) => `'${t}'`).join(", ")}.`, { param: `${param}.type`, code: "invalid_value" });
    }
    if (part.type === "text" && typeof part.text !== "string") return openAIError(400, `Missing required parameter: '${param}.text'.`, { param: `${param}.text`, code: "missing_required_parameter" });
    if (part.type === "file") {
      const file = part.file;
      if (typeof file !== "object" || file === null) return openAIError(400, `Missing required parameter: '${param}.file'.`, { param: `${param}.file`, code: "missing_required_parameter" });
      if (typeof file.file_id !== "string" && typeof file.file_data !== "string") {
        return openAIError(400, `Invalid '${param}.file': one of 'file_id' or 'file_data' must be provided.`, { param: `${param}.file`, code: "invalid_value" });
      }
      if (typeof file.file_data === "string") {
        if (typeof file.filename !== "string" || file.filename === "")
          return openAIError(400, `Missing required parameter: '${param}.file.filename'.`, { param: `${param}.file.filename`, code: "missing_required_parameter" });
        const m = /^data:([\w.+-]+\/[\w.+-]+);base64,([A-Za-z0-9+/]*={0,2})$/.exec(file.file_data);
        if (!m || m[1] !== "application/pdf") {
          return openAIError(
            400,
            `Invalid file data: '${param}.file.file_data'. Expected a base64-encoded data URL with an application/pdf MIME type (e.g. 'data:application/pdf;base64,SGVsbG8sIFdvcmxkIQ=='), but got ${m ? `unsupported MIME type '${m[1]}'` : "a value that is not a base64 data URL"}.`,
            { param: `${param}.file.file_data`, code: "invalid_value" },
          );
        }
        if (!Buffer.from(m[2]!, "base64").subarray(0, 5).toString("latin1").startsWith("%PDF-")) {
          return openAIError(400, `Invalid file data: '${param}.file.file_data'. The file could not be read as a PDF.`, { param: `${param}.file.file_data`, code: "invalid_value" });
        }
      }
    }
  }
  return null;
}

function slices(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

function usage() {
  return { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
}
