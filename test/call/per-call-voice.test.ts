// A call's voice comes with its settings: a routed number's `voice` (TTS voice and model, chat model,
// STT model, language and hints) reaches OpenAI's speech, chat and transcription requests for that call,
// and a call without one speaks with the deployment's defaults. Bad settings are refused at the API.
import { afterEach, describe, expect, it } from "vitest";
import { twilioWebhook } from "../fakes/twilio-webhooks";
import { api, phone } from "../helpers";
import { agentNodes, installFakes, untilCall, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

const ACCOUNT = "AC0123456789abcdef0123456789abcdef";

async function inboundCall(number: string, settings: Record<string, unknown>, sidChar: string) {
  const put = await api("PUT", `/api/phone-numbers/${encodeURIComponent(number)}`, { json: { product: "folio", playbook: "scripted", settings } });
  expect(put.status, put.text).toBe(200);
  const callSid = `CA${sidChar.repeat(32)}`;
  await twilioWebhook("/twilio/voice", { CallSid: callSid, AccountSid: ACCOUNT, From: "+14155550123", To: number });
  const callId = `call_${callSid}`;
  const emu = await fakes!.connect({ callId, callSid });
  await untilCall(callId, (s) => agentNodes(s).length >= 2, 20_000, "the Brain's greeting and the question");
  emu.hangUp();
  return await fakes!.openai.log();
}

describe("per-call voice settings", () => {
  it("speaks, thinks and listens with the number's voice, models, language and hints", async () => {
    fakes = await installFakes({ chat: { text: "Guten Tag." } });
    const voice = { tts_voice: "verse", tts_model: "tts-1", llm_model: "gpt-4.1-nano", stt_model: "gpt-4o-mini-transcribe", language: "de", stt_hints: ["Zimmer", "Rechnung"] };
    const seen = await inboundCall(phone(83), { question: "Wie kann ich helfen?", voice }, "8");
    expect(seen.speech.requests.length).toBeGreaterThan(0);
    expect(seen.speech.requests.every((r) => r.voice === "verse" && r.model === "tts-1")).toBe(true);
    expect(seen.chatBodies[0]!.model).toBe("gpt-4.1-nano");
    const session = seen.realtime.clientEvents.find((e) => e.type === "transcription_session.update" || e.session)!.session;
    expect(session.input_audio_transcription).toEqual({ model: "gpt-4o-mini-transcribe", language: "de", prompt: "Zimmer, Rechnung" });
  });

  it("keeps the deployment's defaults for a call without voice settings", async () => {
    fakes = await installFakes({ chat: { text: "Hello." } });
    const seen = await inboundCall(phone(84), { question: "How can I help?" }, "9");
    expect(seen.speech.requests.every((r) => r.voice === "alloy" && r.model === "gpt-4o-mini-tts")).toBe(true);
    expect(seen.chatBodies[0]!.model).toBe("gpt-4.1-mini");
    const session = seen.realtime.clientEvents.find((e) => e.session)!.session;
    expect(session.input_audio_transcription).toEqual({ model: "gpt-4o-transcribe" });
  });

  it("refuses voice settings no provider takes, with the field that is wrong", async () => {
    const r = await api("PUT", `/api/phone-numbers/${encodeURIComponent(phone(85))}`, { json: { product: "folio", playbook: "scripted", settings: { voice: { language: "German!", pitch: 3 } } } });
    expect(r.status).toBe(400);
    const details = (r.json as { error: { details: Record<string, string> } }).error.details;
    expect(Object.keys(details).sort()).toEqual(["settings.voice", "settings.voice.language"].sort());
  });
});
