import { describe, expect, it } from "vitest";
import { decodeMulaw, encodeMulaw } from "../../src/audio/mulaw";
import { WAV_HEADER_BYTES, encodeWavMono, encodeWavStereo, encodeWavStereoMulaw, parseWavHeader } from "../../src/audio/wav";
import { noise } from "./signals";

/** Reads the header with its own DataView code, so a bug in parseWavHeader cannot hide one in the writer. */
function header(bytes: Uint8Array) {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => new TextDecoder().decode(bytes.subarray(o, o + 4));
  return {
    riff: tag(0),
    riffSize: v.getUint32(4, true),
    wave: tag(8),
    fmt: tag(12),
    fmtSize: v.getUint32(16, true),
    format: v.getUint16(20, true),
    channels: v.getUint16(22, true),
    sampleRate: v.getUint32(24, true),
    byteRate: v.getUint32(28, true),
    blockAlign: v.getUint16(32, true),
    bits: v.getUint16(34, true),
    data: tag(36),
    dataSize: v.getUint32(40, true),
  };
}

const sampleAt = (bytes: Uint8Array, index: number) => new DataView(bytes.buffer).getInt16(WAV_HEADER_BYTES + 2 * index, true);

describe("WAV mono", () => {
  it("writes a canonical PCM16 header and the samples little-endian", () => {
    const pcm = Int16Array.from([0, 1, -1, 32767, -32768, 258]);
    const wav = encodeWavMono(pcm, 8000);
    expect(wav.length).toBe(44 + 12);
    expect(header(wav)).toEqual({
      riff: "RIFF",
      riffSize: 36 + 12,
      wave: "WAVE",
      fmt: "fmt ",
      fmtSize: 16,
      format: 1,
      channels: 1,
      sampleRate: 8000,
      byteRate: 16000,
      blockAlign: 2,
      bits: 16,
      data: "data",
      dataSize: 12,
    });
    expect(Array.from(wav.subarray(44))).toEqual([0, 0, 1, 0, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80, 0x02, 0x01]);
  });

  it("records other sample rates in the header", () => {
    const h = header(encodeWavMono(new Int16Array(24000), 24000));
    expect([h.sampleRate, h.byteRate, h.dataSize]).toEqual([24000, 48000, 48000]);
  });
});

describe("WAV stereo (hotel left, agent right)", () => {
  const hotel = noise(8000 * 3, 3000, 1); // 3 s
  const agent = noise(8000 * 2, 3000, 2); // 2 s
  const wav = encodeWavStereo(hotel, agent, 8000);

  it("has a stereo header sized by the longer track", () => {
    const h = header(wav);
    expect(h.channels).toBe(2);
    expect(h.blockAlign).toBe(4);
    expect(h.byteRate).toBe(32000);
    expect(h.dataSize).toBe(8000 * 3 * 4);
    expect(h.riffSize).toBe(wav.length - 8);
    expect(h.dataSize / h.byteRate).toBe(3); // duration in seconds
  });

  it("interleaves left then right, padding the shorter track with silence", () => {
    for (const i of [0, 1, 7999, 15999]) {
      expect(sampleAt(wav, 2 * i)).toBe(hotel[i]);
      expect(sampleAt(wav, 2 * i + 1)).toBe(agent[i]);
    }
    for (const i of [16000, 20000, 23999]) {
      expect(sampleAt(wav, 2 * i)).toBe(hotel[i]);
      expect(sampleAt(wav, 2 * i + 1)).toBe(0);
    }
    // Padding works either way round.
    const swapped = encodeWavStereo(agent, hotel, 8000);
    expect(sampleAt(swapped, 2 * 20000)).toBe(0);
    expect(sampleAt(swapped, 2 * 20000 + 1)).toBe(hotel[20000]);
  });

  it("from μ-law tracks gives the same file as from their decoded PCM, padding with PCM 0", () => {
    const h = encodeMulaw(hotel);
    const a = encodeMulaw(agent);
    const fromMulaw = encodeWavStereoMulaw(h, a);
    const viaPcm = encodeWavStereo(decodeMulaw(h), decodeMulaw(a));
    expect(fromMulaw).toEqual(viaPcm);
    expect(sampleAt(fromMulaw, 2 * 20000 + 1)).toBe(0);
  });

  it("parseWavHeader reads back channels, rate and duration", () => {
    expect(parseWavHeader(wav)).toMatchObject({ channels: 2, sampleRate: 8000, bitsPerSample: 16, frames: 24000, durationSeconds: 3, dataBytes: 96000 });
    expect(() => parseWavHeader(new Uint8Array(44))).toThrow();
  });
});
