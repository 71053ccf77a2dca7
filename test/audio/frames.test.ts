import { describe, expect, it } from "vitest";
import { FRAME_BYTES, FrameChunker, FramePacer, Pcm16Assembler } from "../../src/audio/frames";
import { prng } from "./signals";

describe("FrameChunker", () => {
  it("cuts any chunking of a stream into the same 160-byte frames, in order", () => {
    const stream = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) & 0xff);
    const rand = prng(3);
    const chunker = new FrameChunker();
    const frames: Uint8Array[] = [];
    for (let i = 0; i < stream.length;) {
      const n = Math.floor(rand() * 400); // includes empty pushes and pushes smaller than a frame
      frames.push(...chunker.push(stream.subarray(i, i + n)));
      i += n;
    }
    expect(frames.length).toBe(Math.floor(5000 / FRAME_BYTES)); // 31
    for (const [k, f] of frames.entries()) expect(f).toEqual(stream.subarray(k * 160, k * 160 + 160));
    expect(chunker.pending).toBe(5000 - 31 * 160);
    const last = chunker.flush()!;
    expect(last.length).toBe(160);
    expect(last.subarray(0, 40)).toEqual(stream.subarray(4960));
    expect(last.subarray(40).every((b) => b === 0xff)).toBe(true); // μ-law silence
    expect(chunker.flush()).toBeNull();
  });

  it("returns frames the caller owns: reusing the input buffer does not change them", () => {
    const chunker = new FrameChunker();
    const buf = new Uint8Array(200).fill(1);
    const [frame] = chunker.push(buf);
    buf.fill(2);
    expect(frame!.every((b) => b === 1)).toBe(true);
    const [second] = chunker.push(buf.subarray(0, 120)); // 40 carried ones + 120 twos
    expect(second!.subarray(0, 40).every((b) => b === 1)).toBe(true);
    expect(second!.subarray(40).every((b) => b === 2)).toBe(true);
  });

  it("reset drops the remainder", () => {
    const chunker = new FrameChunker(4);
    chunker.push(Uint8Array.from([1, 2, 3]));
    chunker.reset();
    expect(chunker.push(Uint8Array.from([9, 9, 9, 9]))).toEqual([Uint8Array.from([9, 9, 9, 9])]);
  });
});

describe("Pcm16Assembler", () => {
  it("reassembles little-endian samples split across chunks at odd byte offsets", () => {
    const samples = Int16Array.from({ length: 999 }, (_, i) => ((i * 7919) % 65536) - 32768);
    const bytes = new Uint8Array(samples.buffer.slice(0));
    const rand = prng(4);
    const asm = new Pcm16Assembler();
    const out: number[] = [];
    for (let i = 0; i < bytes.length;) {
      const n = 1 + Math.floor(rand() * 9);
      out.push(...asm.push(bytes.subarray(i, i + n)));
      i += n;
    }
    expect(asm.pending).toBe(false);
    expect(Int16Array.from(out)).toEqual(samples);
  });

  it("holds a lone byte until its partner arrives", () => {
    const asm = new Pcm16Assembler();
    expect(asm.push(Uint8Array.from([0x34])).length).toBe(0);
    expect(asm.pending).toBe(true);
    expect(Array.from(asm.push(Uint8Array.from([0x12, 0xff, 0xff])))).toEqual([0x1234, -1]);
  });
});

describe("FramePacer", () => {
  it("lets the lead out at once, then one frame per 20 ms", () => {
    const pacer = new FramePacer({ leadFrames: 3 });
    expect(pacer.allowance(1000)).toBe(3);
    pacer.markSent(3, 1000);
    expect(pacer.allowance(1000)).toBe(0);
    expect(pacer.allowance(1019)).toBe(0);
    expect(pacer.allowance(1020)).toBe(1);
    pacer.markSent(1, 1020);
    expect(pacer.allowance(1059)).toBe(1);
    expect(pacer.bufferedMs(1030)).toBe(80 - 30);
  });

  it("catches up after a stall but never beyond the lead", () => {
    const pacer = new FramePacer({ leadFrames: 2 });
    pacer.markSent(pacer.allowance(0), 0);
    pacer.markSent(10, 0); // sent 12 frames (240 ms) ahead, e.g. a burst
    expect(pacer.allowance(100)).toBe(0); // 5 played, 12 sent
    expect(pacer.allowance(220)).toBe(1); // 11 played + 2 lead - 12 sent
  });

  it("starts a new clock when the far end has played everything", () => {
    const pacer = new FramePacer({ leadFrames: 3 });
    pacer.markSent(3, 0);
    expect(pacer.bufferedMs(50)).toBe(10);
    expect(pacer.allowance(5000)).toBe(3); // idle for seconds: only the lead, not 250 frames
    pacer.markSent(3, 5000);
    pacer.reset();
    expect(pacer.bufferedMs(5000)).toBe(0);
    expect(pacer.allowance(5000)).toBe(3);
  });
});
