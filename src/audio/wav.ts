// WAV (RIFF, PCM16) files for call recordings.
//
// Layout: the 44-byte canonical header ("RIFF" size "WAVE", a 16-byte "fmt " chunk, "data" size) then
// little-endian samples, interleaved left/right for stereo. Recordings are stereo with the hotel on the
// left and the agent on the right, so a reviewer can tell who spoke; the shorter track is padded with
// silence to the longer one.

import { MULAW_DECODE_TABLE } from "./mulaw";

export const WAV_HEADER_BYTES = 44;
const PCM_FORMAT = 1;

/** Typed arrays use the platform's byte order; WAV is little-endian. Checked once. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

export interface WavInfo {
  riffSize: number;
  audioFormat: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  dataOffset: number;
  dataBytes: number;
  /** Samples per channel. */
  frames: number;
  durationSeconds: number;
}

function writeHeader(view: DataView, channels: number, sampleRate: number, dataBytes: number): void {
  const ascii = (offset: number, s: string) => {
    for (let i = 0; i < s.length; i++) view.setUint8(offset + i, s.charCodeAt(i));
  };
  const blockAlign = channels * 2;
  ascii(0, "RIFF");
  view.setUint32(4, 36 + dataBytes, true); // everything after this field
  ascii(8, "WAVE");
  ascii(12, "fmt ");
  view.setUint32(16, 16, true); // fmt chunk size for plain PCM
  view.setUint16(20, PCM_FORMAT, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true); // byte rate
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, "data");
  view.setUint32(40, dataBytes, true);
}

/** Allocates the file and writes its header; returns the bytes and a sample view of the data. */
function allocate(channels: number, frames: number, sampleRate: number) {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) throw new RangeError("bad sample rate");
  const dataBytes = frames * channels * 2;
  const bytes = new Uint8Array(WAV_HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  writeHeader(view, channels, sampleRate, dataBytes);
  // The data starts at byte 44, so an Int16Array over it is aligned.
  const samples = LITTLE_ENDIAN ? new Int16Array(bytes.buffer, WAV_HEADER_BYTES, frames * channels) : null;
  const put = (i: number, v: number) => {
    if (samples) samples[i] = v;
    else view.setInt16(WAV_HEADER_BYTES + i * 2, v, true);
  };
  return { bytes, samples, put };
}

/** Mono PCM16 WAV. */
export function encodeWavMono(pcm: Int16Array, sampleRate = 8000): Uint8Array {
  const { bytes, samples, put } = allocate(1, pcm.length, sampleRate);
  if (samples) samples.set(pcm);
  else for (let i = 0; i < pcm.length; i++) put(i, pcm[i]!);
  return bytes;
}

/** Stereo PCM16 WAV from two mono tracks (left = hotel, right = agent); the shorter is padded with silence. */
export function encodeWavStereo(left: Int16Array, right: Int16Array, sampleRate = 8000): Uint8Array {
  const frames = Math.max(left.length, right.length);
  const { bytes, samples, put } = allocate(2, frames, sampleRate);
  // The buffer starts zeroed, which is the padding; only real samples are written.
  if (samples) {
    for (let i = 0; i < left.length; i++) samples[2 * i] = left[i]!;
    for (let i = 0; i < right.length; i++) samples[2 * i + 1] = right[i]!;
  } else {
    for (let i = 0; i < left.length; i++) put(2 * i, left[i]!);
    for (let i = 0; i < right.length; i++) put(2 * i + 1, right[i]!);
  }
  return bytes;
}

/**
 * Stereo PCM16 WAV from two μ-law tracks, decoding straight into the file. Recording in μ-law halves the
 * memory a long call holds (1 byte a sample instead of 2) and loses nothing: both directions are μ-law
 * on the wire anyway.
 */
export function encodeWavStereoMulaw(left: Uint8Array, right: Uint8Array, sampleRate = 8000): Uint8Array {
  const frames = Math.max(left.length, right.length);
  const { bytes, samples, put } = allocate(2, frames, sampleRate);
  const t = MULAW_DECODE_TABLE;
  // Padding must be PCM 0, which the zeroed buffer already is (μ-law 0x00 would be full-scale negative).
  if (samples) {
    for (let i = 0; i < left.length; i++) samples[2 * i] = t[left[i]!]!;
    for (let i = 0; i < right.length; i++) samples[2 * i + 1] = t[right[i]!]!;
  } else {
    for (let i = 0; i < left.length; i++) put(2 * i, t[left[i]!]!);
    for (let i = 0; i < right.length; i++) put(2 * i + 1, t[right[i]!]!);
  }
  return bytes;
}

/** Reads the canonical header back (for checks on stored recordings). Throws if it is not one. */
export function parseWavHeader(bytes: Uint8Array): WavInfo {
  if (bytes.length < WAV_HEADER_BYTES) throw new Error("too short for a WAV header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (o: number) => String.fromCharCode(bytes[o]!, bytes[o + 1]!, bytes[o + 2]!, bytes[o + 3]!);
  if (tag(0) !== "RIFF" || tag(8) !== "WAVE" || tag(12) !== "fmt " || tag(36) !== "data") {
    throw new Error("not a canonical RIFF/WAVE file");
  }
  const channels = view.getUint16(22, true);
  const sampleRate = view.getUint32(24, true);
  const blockAlign = view.getUint16(32, true);
  const dataBytes = view.getUint32(40, true);
  const frames = blockAlign > 0 ? dataBytes / blockAlign : 0;
  return {
    riffSize: view.getUint32(4, true),
    audioFormat: view.getUint16(20, true),
    channels,
    sampleRate,
    byteRate: view.getUint32(28, true),
    blockAlign,
    bitsPerSample: view.getUint16(34, true),
    dataOffset: WAV_HEADER_BYTES,
    dataBytes,
    frames,
    durationSeconds: sampleRate > 0 ? frames / sampleRate : 0,
  };
}
