// G.711 μ-law ⇄ linear PCM16, table-driven.
//
// Both directions are one array lookup per sample. The tables are built once at module load from the
// reference bit-twiddling algorithm (the one in ITU-T G.191 / Sun's g711.c, also used by `alawmulaw`),
// so the output is bit-identical to it for every input; only the hot path changes.
//
// The encode table has 65,536 entries (64 KiB), indexed by the sample's 16 raw bits. A 16,384-entry table
// indexed by `sample >> 2` is not exact: the reference negates negative samples before biasing, so
// e.g. -1 and -4 (both -1 after `>> 2`) encode to different bytes.

/** μ-law byte for digital silence (PCM 0). Used to pad partial frames. */
export const MULAW_SILENCE = 0xff;

const BIAS = 0x84; // 132: shifts the segment boundaries so every segment starts at a power of two
const CLIP = 32635; // largest magnitude that still fits after adding BIAS

/** Reference encoder for one sample; only used to build the table (and by tests as an oracle). */
export function encodeMulawSampleReference(sample: number): number {
  let s = sample | 0;
  const sign = (s >> 8) & 0x80;
  if (sign !== 0) s = -s;
  s += BIAS;
  if (s > CLIP) s = CLIP;
  // Segment (exponent) = position of the highest set bit above bit 7, 0..7.
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Reference decoder for one byte; only used to build the table. */
export function decodeMulawSampleReference(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return u & 0x80 ? -magnitude : magnitude;
}

/** 256 entries: μ-law byte → PCM16. */
export const MULAW_DECODE_TABLE: Int16Array = (() => {
  const t = new Int16Array(256);
  for (let b = 0; b < 256; b++) t[b] = decodeMulawSampleReference(b);
  return t;
})();

/** 65,536 entries: (PCM16 & 0xffff) → μ-law byte. */
export const MULAW_ENCODE_TABLE: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (let i = 0; i < 65536; i++) t[i] = encodeMulawSampleReference((i << 16) >> 16);
  return t;
})();

/** Encodes one PCM16 sample (values outside int16 wrap, as an Int16Array store would). */
export function encodeMulawSample(sample: number): number {
  return MULAW_ENCODE_TABLE[sample & 0xffff]!;
}

/** Decodes one μ-law byte. */
export function decodeMulawSample(byte: number): number {
  return MULAW_DECODE_TABLE[byte & 0xff]!;
}

/**
 * Decodes `input` into `output` (no allocation). `output` must hold at least `input.length` samples.
 * Returns the number of samples written.
 */
export function decodeMulawInto(input: Uint8Array, output: Int16Array): number {
  const n = input.length;
  if (output.length < n) throw new RangeError(`output holds ${output.length} samples, need ${n}`);
  const table = MULAW_DECODE_TABLE;
  for (let i = 0; i < n; i++) output[i] = table[input[i]!]!;
  return n;
}

/**
 * Encodes `input` into `output` (no allocation). `output` must hold at least `input.length` bytes.
 * Returns the number of bytes written.
 */
export function encodeMulawInto(input: Int16Array, output: Uint8Array): number {
  const n = input.length;
  if (output.length < n) throw new RangeError(`output holds ${output.length} bytes, need ${n}`);
  const table = MULAW_ENCODE_TABLE;
  for (let i = 0; i < n; i++) output[i] = table[input[i]! & 0xffff]!;
  return n;
}

/** Allocating convenience: μ-law bytes → new Int16Array. */
export function decodeMulaw(input: Uint8Array): Int16Array {
  const out = new Int16Array(input.length);
  decodeMulawInto(input, out);
  return out;
}

/** Allocating convenience: PCM16 → new μ-law Uint8Array. */
export function encodeMulaw(input: Int16Array): Uint8Array {
  const out = new Uint8Array(input.length);
  encodeMulawInto(input, out);
  return out;
}
