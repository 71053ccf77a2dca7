// The fake must refuse what the real API refuses, or the provider tests prove nothing. Plain fetch and
// WebSocket against the local server, as any client would.
import { beforeAll, describe, expect, it } from "vitest";
import { FakeOpenAI } from "../fakes/openai-fake";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await FakeOpenAI.create();
});
const post = (path: string, body: unknown, auth: string | null = `Bearer ${fake.apiKey}`) =>
  fetch(`${fake.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(auth ? { authorization: auth } : {}) },
    body: JSON.stringify(body),
  });

describe("fake OpenAI validation", () => {
  it("requires a valid bearer key, with OpenAI-shaped errors", async () => {
    const missing = await post("/chat/completions", {}, null);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { type: "invalid_request_error", message: expect.stringContaining("API key") } });
    const wrong = await post("/chat/completions", {}, "Bearer sk-wrong");
    expect(((await wrong.json()) as any).error.code).toBe("invalid_api_key");
  });

  it("rejects unknown models, missing fields and non-strict schemas", async () => {
    const model = await post("/chat/completions", { model: "gpt-nope", messages: [{ role: "user", content: "hi" }] });
    expect(model.status).toBe(404);
    expect(((await model.json()) as any).error.code).toBe("model_not_found");
    const empty = await post("/chat/completions", { model: "gpt-4o", messages: [] });
    expect(empty.status).toBe(400);
    const schema = { type: "object", properties: { a: { type: "string" } }, additionalProperties: false };
    const loose = await post("/chat/completions", {
      model: "gpt-4o",
      messages: [{ role: "user", content: "hi" }],
      response_format: { type: "json_schema", json_schema: { name: "x", schema, strict: true } },
    });
    expect(loose.status).toBe(400);
    expect(((await loose.json()) as any).error.message).toContain("Missing 'a'");
    const speech = await post("/audio/speech", { model: "tts-1", input: "hi", voice: "robot" });
    expect(((await speech.json()) as any).error.param).toBe("voice");
  });

  it("refuses a realtime request without the WebSocket upgrade, and a short commit on the socket", async () => {
    const headers = { authorization: `Bearer ${fake.apiKey}`, "openai-beta": "realtime=v1" };
    const plain = await fetch(`${fake.baseUrl}/realtime?intent=transcription`, { headers });
    expect(plain.status).toBe(426);

    const res = await fetch(`${fake.baseUrl}/realtime?intent=transcription`, { headers: { ...headers, upgrade: "websocket" } });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    ws.accept();
    const received: any[] = [];
    const errored = new Promise<void>((resolve) =>
      ws.addEventListener("message", (e: MessageEvent) => {
        const msg = JSON.parse(String(e.data));
        received.push(msg);
        if (msg.type === "error") resolve();
      }),
    );
    ws.send(JSON.stringify({ type: "transcription_session.update", session: { input_audio_format: "g711_ulaw", input_audio_transcription: { model: "whisper-1" } } }));
    ws.send(JSON.stringify({ type: "input_audio_buffer.append", audio: btoa("\xff".repeat(400)) }));
    ws.send(JSON.stringify({ type: "input_audio_buffer.commit", event_id: "evt_short" }));
    await errored;
    ws.close(1000);
    expect(received.map((m) => m.type)).toEqual(["transcription_session.created", "transcription_session.updated", "error"]);
    expect(received[2].error).toMatchObject({ code: "input_audio_buffer_commit_empty", event_id: "evt_short" });
  });
});
