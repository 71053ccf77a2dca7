import { describe, expect, it } from "vitest";
import { MulawTrack } from "../../src/audio/track";

const frame = (v: number) => new Uint8Array(160).fill(v);

describe("MulawTrack", () => {
  it("appends frames past its initial capacity, keeping every byte in order", () => {
    const track = new MulawTrack({ initialSamples: 500 });
    for (let i = 0; i < 100; i++) track.append(frame(i));
    expect(track.length).toBe(16000);
    const bytes = track.bytes();
    for (let i = 0; i < 100; i++) expect(bytes[i * 160]).toBe(i);
    expect(bytes[15999]).toBe(99);
    expect(track.truncated).toBe(false);
  });

  it("pads with μ-law silence to keep two tracks on one clock, and truncates", () => {
    const track = new MulawTrack();
    track.append(frame(7));
    track.padTo(500);
    expect(track.length).toBe(500);
    expect(track.bytes()[159]).toBe(7);
    expect(
      track
        .bytes()
        .subarray(160)
        .every((b) => b === 0xff),
    ).toBe(true);
    track.padTo(100); // never shortens
    expect(track.length).toBe(500);
    track.truncate(200);
    expect(track.length).toBe(200);
    track.append(frame(9));
    expect(track.bytes()[200]).toBe(9);
  });

  it("drops audio past the cap and says so", () => {
    const track = new MulawTrack({ initialSamples: 100, maxSamples: 400 });
    track.append(frame(1));
    track.append(frame(2));
    expect(track.truncated).toBe(false);
    track.append(frame(3));
    expect(track.length).toBe(400);
    expect(track.truncated).toBe(true);
    expect(track.bytes()[399]).toBe(3);
    track.padTo(1000);
    expect(track.length).toBe(400);
  });
});
