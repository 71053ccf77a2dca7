// Twilio Media Streams WebSocket messages, both ways, as documented (and as in shared/fixtures/twilio).
// Parsing never throws: anything malformed comes back as null. Unknown extra fields are dropped.

import { z } from "zod";

const sid = z.string().min(1);
/** Twilio sends counters as decimal strings ("1", "2", …). */
const counter = z.string().regex(/^[0-9]+$/);

// ---- from Twilio ----------------------------------------------------------------------------------------

export const connectedMessageSchema = z.object({
  event: z.literal("connected"),
  protocol: z.string(),
  version: z.string(),
});

export const startMessageSchema = z.object({
  event: z.literal("start"),
  sequenceNumber: counter,
  streamSid: sid,
  start: z.object({
    accountSid: sid,
    streamSid: sid,
    callSid: sid,
    tracks: z.array(z.enum(["inbound", "outbound"])),
    customParameters: z.record(z.string(), z.string()).default({}),
    mediaFormat: z.object({
      encoding: z.string(), // "audio/x-mulaw"
      sampleRate: z.number().int().positive(), // 8000
      channels: z.number().int().positive(), // 1
    }),
  }),
});

export const mediaMessageSchema = z.object({
  event: z.literal("media"),
  sequenceNumber: counter,
  streamSid: sid,
  media: z.object({
    track: z.enum(["inbound", "outbound"]),
    chunk: counter,
    /** Milliseconds since the stream started, as a string. */
    timestamp: counter,
    /** Base64 μ-law, 8 kHz mono, no header (decode with decodeMediaPayload). */
    payload: z.string(),
  }),
});

export const dtmfMessageSchema = z.object({
  event: z.literal("dtmf"),
  sequenceNumber: counter,
  streamSid: sid,
  dtmf: z.object({
    track: z.string(), // "inbound_track"
    digit: z.string().min(1),
  }),
});

/** Twilio's answer to one of our marks: the audio queued before it has played (or `clear` dropped it). */
export const markMessageSchema = z.object({
  event: z.literal("mark"),
  sequenceNumber: counter,
  streamSid: sid,
  mark: z.object({ name: z.string() }),
});

export const stopMessageSchema = z.object({
  event: z.literal("stop"),
  sequenceNumber: counter,
  streamSid: sid,
  stop: z.object({ accountSid: sid, callSid: sid }),
});

export const inboundMessageSchema = z.discriminatedUnion("event", [connectedMessageSchema, startMessageSchema, mediaMessageSchema, dtmfMessageSchema, markMessageSchema, stopMessageSchema]);

// ---- to Twilio ------------------------------------------------------------------------------------------

export const outboundMediaMessageSchema = z.object({
  event: z.literal("media"),
  streamSid: sid,
  media: z.object({ payload: z.string() }),
});

export const outboundMarkMessageSchema = z.object({
  event: z.literal("mark"),
  streamSid: sid,
  mark: z.object({ name: z.string() }),
});

export const clearMessageSchema = z.object({
  event: z.literal("clear"),
  streamSid: sid,
});

export const outboundMessageSchema = z.discriminatedUnion("event", [outboundMediaMessageSchema, outboundMarkMessageSchema, clearMessageSchema]);

export type InboundMessage = z.infer<typeof inboundMessageSchema>;
export type ConnectedMessage = z.infer<typeof connectedMessageSchema>;
export type StartMessage = z.infer<typeof startMessageSchema>;
export type MediaMessage = z.infer<typeof mediaMessageSchema>;
export type DtmfMessage = z.infer<typeof dtmfMessageSchema>;
export type MarkMessage = z.infer<typeof markMessageSchema>;
export type StopMessage = z.infer<typeof stopMessageSchema>;
export type OutboundMessage = z.infer<typeof outboundMessageSchema>;

// ---- parsing and building -------------------------------------------------------------------------------

const utf8 = new TextDecoder();

/** A WebSocket frame (text or binary) or an already-parsed object → a message Twilio sends, or null. */
export function parseInboundMessage(data: unknown): InboundMessage | null {
  return parseWith(inboundMessageSchema, data);
}

/** The other direction (what we send, as the emulator reads it), or null. */
export function parseOutboundMessage(data: unknown): OutboundMessage | null {
  return parseWith(outboundMessageSchema, data);
}

function parseWith<T>(schema: z.ZodType<T>, data: unknown): T | null {
  try {
    let value = data;
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      value = utf8.decode(bytes);
    }
    if (typeof value === "string") value = JSON.parse(value);
    const result = schema.safeParse(value);
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}

export function outboundMedia(streamSid: string, payloadBase64: string): string {
  return JSON.stringify({ event: "media", streamSid, media: { payload: payloadBase64 } });
}

export function outboundMark(streamSid: string, name: string): string {
  return JSON.stringify({ event: "mark", streamSid, mark: { name } });
}

export function outboundClear(streamSid: string): string {
  return JSON.stringify({ event: "clear", streamSid });
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The μ-law bytes of a media payload, or null if it is not valid base64. */
export function decodeMediaPayload(payload: string): Uint8Array | null {
  if (!BASE64.test(payload)) return null;
  const binary = atob(payload);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Base64 of μ-law bytes, for an outbound media payload. */
export function encodeMediaPayload(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
