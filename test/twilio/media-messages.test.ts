import { describe, expect, inject, it } from "vitest";
import { decodeMediaPayload, encodeMediaPayload, outboundClear, outboundMark, outboundMedia, parseInboundMessage, parseOutboundMessage } from "../../src/providers/twilio/media-messages";

const lines = inject("twilioMediaFixture");
const SID = "MZXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX";

describe("Media Streams messages from the shared fixture", () => {
  it("has both directions", () => {
    expect(lines.length).toBeGreaterThanOrEqual(9);
  });

  it.each(lines.map((line) => [JSON.parse(line).event as string, JSON.parse(line).direction ?? "from Twilio", line] as const))("%s (%s) parses", (event, direction, line) => {
    const raw = JSON.parse(line);
    if (direction === "to Twilio") {
      const msg = parseOutboundMessage(line);
      expect(msg?.event).toBe(event);
      expect(msg).toEqual(Object.fromEntries(Object.entries(raw).filter(([k]) => k !== "direction")));
    } else {
      const msg = parseInboundMessage(line);
      expect(msg?.event).toBe(event);
      expect(msg).toEqual(raw);
    }
  });

  it("types the fields the call engine reads", () => {
    const byEvent = new Map(lines.map((l) => [JSON.parse(l).direction ? "" : JSON.parse(l).event, l] as const));
    const start = parseInboundMessage(byEvent.get("start"));
    if (start?.event !== "start") throw new Error("start did not parse");
    expect(start.start.callSid).toBe("CAXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    expect(start.start.customParameters).toEqual({ call: "example" });
    expect(start.start.mediaFormat).toEqual({ encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 });
    const media = parseInboundMessage(byEvent.get("media"));
    if (media?.event !== "media") throw new Error("media did not parse");
    expect([media.media.track, media.media.chunk, media.media.timestamp]).toEqual(["inbound", "1", "5"]);
    const dtmf = parseInboundMessage(byEvent.get("dtmf"));
    expect(dtmf?.event === "dtmf" && dtmf.dtmf.digit).toBe("1");
    const mark = parseInboundMessage(byEvent.get("mark"));
    expect(mark?.event === "mark" && mark.mark.name).toBe("my label");
  });

  it("accepts binary frames and parsed objects", () => {
    const line = lines.find((l) => JSON.parse(l).event === "stop")!;
    const bytes = new TextEncoder().encode(line);
    expect(parseInboundMessage(bytes)?.event).toBe("stop");
    expect(parseInboundMessage(bytes.buffer)?.event).toBe("stop");
    expect(parseInboundMessage(JSON.parse(line))?.event).toBe("stop");
  });

  it("defaults missing customParameters to {}", () => {
    const raw = JSON.parse(lines.find((l) => JSON.parse(l).event === "start")!);
    delete raw.start.customParameters;
    const start = parseInboundMessage(raw);
    expect(start?.event === "start" && start.start.customParameters).toEqual({});
  });
});

describe("malformed input returns null, never throws", () => {
  const media = { event: "media", sequenceNumber: "3", streamSid: SID, media: { track: "inbound", chunk: "1", timestamp: "5", payload: "AA==" } };
  const garbage: Array<[string, unknown]> = [
    ["undefined", undefined],
    ["null", null],
    ["a number", 42],
    ["an empty string", ""],
    ["not JSON", "not json {"],
    ["JSON null", "null"],
    ["a JSON array", "[1,2]"],
    ["an empty object", "{}"],
    ["an unknown event", JSON.stringify({ event: "hello", streamSid: SID })],
    ["media without media", JSON.stringify({ event: "media", sequenceNumber: "1", streamSid: SID })],
    ["a numeric sequenceNumber", JSON.stringify({ ...media, sequenceNumber: 3 })],
    ["an unknown track", JSON.stringify({ ...media, media: { ...media.media, track: "sideways" } })],
    ["a non-string payload", JSON.stringify({ ...media, media: { ...media.media, payload: 7 } })],
    ["start without callSid", JSON.stringify({ event: "start", sequenceNumber: "1", streamSid: SID, start: { streamSid: SID } })],
    ["a dtmf without digit", JSON.stringify({ event: "dtmf", sequenceNumber: "1", streamSid: SID, dtmf: { track: "inbound_track" } })],
    ["invalid UTF-8 bytes", new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
    ["deep nesting", "[".repeat(100_000) + "]".repeat(100_000)],
    ["a prototype-polluting object", JSON.parse('{"__proto__": {"event": "media"}}')],
  ];
  it.each(garbage)("inbound: %s", (_, input) => {
    expect(parseInboundMessage(input)).toBeNull();
  });

  it.each([
    ["media without payload", JSON.stringify({ event: "media", streamSid: SID, media: {} })],
    ["mark without name", JSON.stringify({ event: "mark", streamSid: SID, mark: {} })],
    ["clear without streamSid", JSON.stringify({ event: "clear" })],
    ["an inbound-only event", JSON.stringify({ event: "stop", streamSid: SID })],
  ])("outbound: %s", (_, input) => {
    expect(parseOutboundMessage(input)).toBeNull();
  });
});

describe("outbound builders and payloads", () => {
  it("build messages Twilio accepts", () => {
    const audio = new Uint8Array(160).map((_, i) => (i * 37) & 0xff);
    const payload = encodeMediaPayload(audio);
    expect(parseOutboundMessage(outboundMedia(SID, payload))).toEqual({ event: "media", streamSid: SID, media: { payload } });
    expect(parseOutboundMessage(outboundMark(SID, "chunk-42"))).toEqual({ event: "mark", streamSid: SID, mark: { name: "chunk-42" } });
    expect(parseOutboundMessage(outboundClear(SID))).toEqual({ event: "clear", streamSid: SID });
    expect(decodeMediaPayload(payload)).toEqual(audio);
    expect(payload).toHaveLength(216);
  });

  it("decodes only valid base64", () => {
    expect(decodeMediaPayload("<base64 of 160 bytes of mu-law = 20 ms>")).toBeNull();
    expect(decodeMediaPayload("AAA")).toBeNull();
    expect(decodeMediaPayload("")).toEqual(new Uint8Array(0));
    expect(decodeMediaPayload("/w==")).toEqual(new Uint8Array([0xff]));
  });
});
