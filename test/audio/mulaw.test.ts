import { mulaw as reference } from "alawmulaw";
import { describe, expect, it } from "vitest";
import { MULAW_DECODE_TABLE, MULAW_ENCODE_TABLE, MULAW_SILENCE, decodeMulaw, decodeMulawInto, decodeMulawSample, encodeMulaw, encodeMulawInto, encodeMulawSample } from "../../src/audio/mulaw";

const allPcm = () => Int16Array.from({ length: 65536 }, (_, i) => i - 32768);
const allBytes = () => Uint8Array.from({ length: 256 }, (_, i) => i);

describe("μ-law tables", () => {
  it("are the documented sizes", () => {
    expect(MULAW_DECODE_TABLE.length).toBe(256);
    expect(MULAW_ENCODE_TABLE.length).toBe(65536);
  });

  it("encode all 65,536 PCM values to the same bytes as alawmulaw", () => {
    const pcm = allPcm();
    const ours = encodeMulaw(pcm);
    const theirs = reference.encode(pcm);
    let mismatches = 0;
    for (let i = 0; i < pcm.length; i++) if (ours[i] !== theirs[i]) mismatches++;
    expect(mismatches).toBe(0);
    // And sample by sample, through the scalar API.
    for (let i = 0; i < pcm.length; i += 97) expect(encodeMulawSample(pcm[i]!)).toBe(reference.encodeSample(pcm[i]!) & 0xff);
  });

  it("decode all 256 bytes to the same PCM as alawmulaw", () => {
    const bytes = allBytes();
    expect(Array.from(decodeMulaw(bytes))).toEqual(Array.from(reference.decode(bytes)));
  });

  it("have the G.711 fixed points", () => {
    expect(encodeMulawSample(0)).toBe(MULAW_SILENCE);
    expect(decodeMulawSample(MULAW_SILENCE)).toBe(0);
    expect(decodeMulawSample(0x80)).toBe(32124);
    expect(decodeMulawSample(0x00)).toBe(-32124);
    expect(encodeMulawSample(32767)).toBe(0x80);
    expect(encodeMulawSample(-32768)).toBe(0x00);
  });

  it("are sign-symmetric: flipping bit 7 negates the decoded value", () => {
    for (let b = 0; b < 256; b++) expect(decodeMulawSample(b ^ 0x80)).toBe(-decodeMulawSample(b) || 0);
  });
});

describe("μ-law round trip", () => {
  it("stays within half a quantization step: (|x| + 132) / 32, i.e. 4 at the bottom", () => {
    const pcm = allPcm();
    const back = decodeMulaw(encodeMulaw(pcm));
    let worst = 0;
    for (let i = 0; i < pcm.length; i++) {
      const x = pcm[i]!;
      if (Math.abs(x) > 32124) continue; // beyond the largest code: clipped, checked above
      const err = Math.abs(back[i]! - x);
      expect(err).toBeLessThanOrEqual((Math.abs(x) + 132) / 32);
      worst = Math.max(worst, err);
    }
    expect(worst).toBeGreaterThan(0); // it is lossy: a broken identity table would fail here
  });

  it("is idempotent on decoded values: encode(decode(b)) gives b back", () => {
    for (let b = 0; b < 256; b++) {
      if (b === 0x7f) continue; // negative zero decodes to 0, which encodes as positive zero (0xff)
      expect(encodeMulawSample(decodeMulawSample(b))).toBe(b);
    }
  });
});

describe("μ-law into caller buffers", () => {
  it("writes into a larger output without touching the rest and returns the count", () => {
    const input = Int16Array.from([0, 1000, -1000, 32767, -32768]);
    const out = new Uint8Array(8).fill(0xaa);
    expect(encodeMulawInto(input, out)).toBe(5);
    expect(Array.from(out.subarray(0, 5))).toEqual(Array.from(reference.encode(input)));
    expect(Array.from(out.subarray(5))).toEqual([0xaa, 0xaa, 0xaa]);

    const pcm = new Int16Array(8).fill(123);
    expect(decodeMulawInto(out.subarray(0, 5), pcm)).toBe(5);
    expect(Array.from(pcm.subarray(0, 5))).toEqual(Array.from(reference.decode(out.subarray(0, 5))));
    expect(pcm[5]).toBe(123);
  });

  it("refuses an output that is too small", () => {
    expect(() => encodeMulawInto(new Int16Array(10), new Uint8Array(9))).toThrow(RangeError);
    expect(() => decodeMulawInto(new Uint8Array(10), new Int16Array(9))).toThrow(RangeError);
  });

  it("works on subarray views (a frame inside a larger buffer)", () => {
    const big = encodeMulaw(Int16Array.from({ length: 480 }, (_, i) => ((i * 137) % 20000) - 10000));
    const frame = big.subarray(160, 320);
    const pcm = new Int16Array(160);
    decodeMulawInto(frame, pcm);
    expect(Array.from(pcm)).toEqual(Array.from(reference.decode(big.slice(160, 320))));
  });
});
