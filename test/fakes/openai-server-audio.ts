// The fake audio endpoints.
//   POST /v1/audio/transcriptions: multipart with `file` and `model`; a WAV upload must have a valid
//     header (read with the audio layer's parser); answers { text } (or plain text for "text").
//   POST /v1/audio/speech: JSON { model, input, voice, response_format }; streams a 220 Hz tone as raw
//     PCM16 24 kHz mono little-endian, in several chunks split at odd byte offsets, so a client that
//     assumes whole samples per network chunk is caught.

import { parseWavHeader } from "../../src/audio";
import type { OpenAIScenario as FakeOpenAI } from "./openai-server";
import { json, modelCheck, openAIError, paced, sleep, type Fault } from "./openai-server-shared";

const AUDIO_EXTENSIONS = ["flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm"];
const SPEECH_FORMATS = ["mp3", "opus", "aac", "flac", "wav", "pcm"];
const VOICES = ["alloy", "ash", "ballad", "coral", "echo", "fable", "onyx", "nova", "sage", "shimmer", "verse", "marin", "cedar"];

export async function handleTranscription(fake: FakeOpenAI, req: Request): Promise<Response> {
  if (req.method !== "POST") return openAIError(405, `Invalid method for URL (${req.method} /v1/audio/transcriptions)`);
  if (!(req.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    return openAIError(400, "Invalid Content-Type header (expected multipart/form-data).");
  }
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    return openAIError(400, "Could not parse multipart form");
  }
  const file = form.get("file");
  if (typeof file === "string" || file === null) {
    return openAIError(400, "Missing required parameter: 'file'.", { param: "file", code: "missing_required_parameter" });
  }
  const model = form.get("model");
  const bad = modelCheck("transcription", model);
  if (bad) return bad;
  const ext = file.name.split(".").pop()?.toLowerCase() ?? "";
  if (!AUDIO_EXTENSIONS.includes(ext)) {
    return openAIError(400, `Invalid file format. Supported formats: ${JSON.stringify(AUDIO_EXTENSIONS)}`, { param: "file", code: "invalid_value" });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  let seconds = 0;
  if (ext === "wav") {
    try {
      seconds = parseWavHeader(bytes).durationSeconds;
    } catch {
      return openAIError(400, "Audio file might be corrupted or unsupported", { param: "file", code: "invalid_value" });
    }
  }
  if (seconds < 0.1) {
    return openAIError(400, "Audio file is too short. Minimum audio length is 0.1 seconds.", { param: "file", code: "audio_too_short" });
  }
  fake.transcriptionUploads.push({ model: model as string, filename: file.name, bytes });
  await sleep(fake.latency.sttFinalMs);
  const text = fake.transcriptFor("rest", seconds);
  if (form.get("response_format") === "text") return new Response(text, { headers: { "content-type": "text/plain" } });
  return json({ text, usage: { type: "duration", seconds: Math.ceil(seconds) } });
}

export async function handleSpeech(fake: FakeOpenAI, req: Request, drop: Fault | undefined): Promise<Response> {
  if (req.method !== "POST") return openAIError(405, `Invalid method for URL (${req.method} /v1/audio/speech)`);
  let body: Record<string, any>;
  try {
    body = await req.json();
  } catch {
    return openAIError(400, "We could not parse the JSON body of your request.");
  }
  const bad = modelCheck("speech", body.model);
  if (bad) return bad;
  if (typeof body.input !== "string" || body.input === "") {
    return openAIError(400, "Missing required parameter: 'input'.", { param: "input", code: "missing_required_parameter" });
  }
  if (body.input.length > 4096) {
    return openAIError(400, "Invalid 'input': string too long. Expected a string with maximum length 4096.", { param: "input", code: "string_above_max_length" });
  }
  if (!VOICES.includes(body.voice) && typeof body.voice?.id !== "string") {
    return openAIError(400, `Invalid value: '${body.voice}'. Supported values are: ${VOICES.map((v) => `'${v}'`).join(", ")}.`, { param: "voice", code: "invalid_value" });
  }
  fake.speech.requests.push({ model: body.model, voice: body.voice });
  const format = body.response_format ?? "mp3";
  if (!SPEECH_FORMATS.includes(format)) {
    return openAIError(400, `Invalid value: '${format}'. Supported values are: ${SPEECH_FORMATS.map((f) => `'${f}'`).join(", ")}.`, { param: "response_format", code: "invalid_value" });
  }
  if (body.speed !== undefined && !(typeof body.speed === "number" && body.speed >= 0.25 && body.speed <= 4)) {
    return openAIError(400, "Invalid 'speed': expected a number between 0.25 and 4.0.", { param: "speed", code: "invalid_value" });
  }
  // Only pcm is synthesised for real; other formats get the same bytes under their content type.
  const pcm = tonePcm(Math.min(10, 0.06 * body.input.length));
  fake.speech.lastPcm = pcm;
  const parts = Math.max(1, fake.options.speechChunks ?? 4);
  const size = Math.ceil(pcm.length / parts) | 1; // odd: chunk boundaries fall inside samples
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < pcm.length; i += size) chunks.push(pcm.slice(i, i + size));
  const dropAfter = drop?.kind === "drop" ? (drop.after ?? 1) : undefined;
  const stream = paced(chunks, {
    firstDelayMs: fake.latency.ttsFirstByteMs,
    gapMs: fake.latency.chunkGapMs,
    dropAfter,
    error: true,
    onChunk: () => fake.speech.chunksSent++,
  });
  const type = format === "pcm" ? "audio/pcm" : format === "mp3" ? "audio/mpeg" : `audio/${format}`;
  return new Response(stream, { headers: { "content-type": type } });
}

/** A 220 Hz tone, PCM16 24 kHz mono little-endian. */
function tonePcm(seconds: number): Uint8Array {
  const samples = Math.max(1, Math.round(seconds * 24_000));
  const out = new Uint8Array(samples * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples; i++) view.setInt16(i * 2, Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / 24_000)), true);
  return out;
}
