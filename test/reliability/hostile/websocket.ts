// Broken WebSocket frames and Twilio Media Streams messages on a live, correctly signed stream: the
// session must neither crash nor act on them, and a call that receives them between good messages
// must still end as it would have.
import { exports } from "cloudflare:workers";
import { computeTwilioSignature } from "../../../src/providers/twilio/signature";
import { TEST_AUTH_TOKEN, TEST_BASE } from "../../fakes/twilio-media";
import { prng } from "../../support/prng";

type Rand = () => number;
const pickOf = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** A hostile message for a stream whose sids are these. */
export function brokenMessage(r: Rand, sids: { streamSid: string; callSid: string; callId: string }): string | ArrayBuffer {
  const b64 = (n: number) => btoa(String.fromCharCode(...Array.from({ length: n }, () => Math.floor(r() * 256))));
  const variants: (() => string | ArrayBuffer)[] = [
    () => "not json at all",
    () => "",
    () => "{",
    () => "[]",
    () => "null",
    () => '"media"',
    () => new Uint8Array(Array.from({ length: 160 }, () => Math.floor(r() * 256))).buffer,
    () => JSON.stringify({ event: "media" }),
    () => JSON.stringify({ event: "media", streamSid: sids.streamSid, media: { payload: "%%%not-base64%%%" } }),
    () => JSON.stringify({ event: "media", streamSid: sids.streamSid, media: { track: "inbound", payload: b64(161), chunk: "x", timestamp: "-5" } }),
    () => JSON.stringify({ event: "media", streamSid: sids.streamSid, media: { track: "inbound", payload: "" } }),
    () => JSON.stringify({ event: "media", streamSid: sids.streamSid, media: { track: "inbound", payload: b64(48_000) } }),
    () => JSON.stringify({ event: "media", streamSid: "MZ-someone-else", media: { track: "inbound", payload: b64(160) } }),
    () => JSON.stringify({ event: "start", start: { callSid: "CAother", customParameters: { call: "call_other" } } }),
    () =>
      JSON.stringify({
        event: "start",
        sequenceNumber: "1",
        streamSid: sids.streamSid,
        start: { streamSid: sids.streamSid, callSid: sids.callSid, customParameters: { call: sids.callId }, mediaFormat: { encoding: "audio/x-alaw", sampleRate: 44100, channels: 9 } },
      }),
    () => JSON.stringify({ event: "mark", streamSid: sids.streamSid, mark: { name: `never-sent-${Math.floor(r() * 1e6)}` } }),
    () => JSON.stringify({ event: "mark", streamSid: sids.streamSid }),
    () => JSON.stringify({ event: "dtmf", streamSid: sids.streamSid, dtmf: { digit: "Z" } }),
    () => JSON.stringify({ event: "dtmf", streamSid: sids.streamSid, dtmf: { digit: "1".repeat(10_000) } }),
    () => JSON.stringify({ event: "stop", streamSid: "MZ-someone-else", stop: { callSid: "CAother" } }),
    () => JSON.stringify({ event: "__proto__", constructor: { prototype: { polluted: true } } }),
    () => JSON.stringify({ event: "connected", protocol: "Call", version: "9.9.9", extra: "x".repeat(100_000) }),
    () => "[".repeat(10_000),
    () => JSON.stringify({ event: "media", streamSid: sids.streamSid, sequenceNumber: "NaN", media: { payload: b64(160) }, __proto__: { x: 1 } }),
  ];
  return pickOf(r, variants)();
}

/** Opens a correctly signed media stream to the call, as Twilio would; answers the socket. */
export async function openStream(callId: string): Promise<WebSocket> {
  const path = `/twilio/media/${callId}`;
  const signature = await computeTwilioSignature({ authToken: TEST_AUTH_TOKEN, url: `${TEST_BASE.replace(/^http/, "ws")}${path}` });
  const res = await (exports as unknown as { default: Fetcher }).default.fetch(`${TEST_BASE}${path}`, { headers: { upgrade: "websocket", "x-twilio-signature": signature } });
  if (res.status !== 101 || !res.webSocket) throw new Error(`media upgrade refused: ${res.status}`);
  res.webSocket.accept();
  return res.webSocket;
}

export { prng };
