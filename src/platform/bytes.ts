// Byte plumbing shared by request bodies, inbound mail and audio buffers.

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Reads a stream whole unless it passes `limit` bytes: then it is cancelled at once (never buffered
 * whole) and the answer is how far it got, so the caller can say how large it was at least.
 */
export async function readBounded(stream: ReadableStream<Uint8Array>, limit: number): Promise<{ bytes: Uint8Array } | { tooLarge: number }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel("too large").catch(() => {});
      return { tooLarge: size };
    }
    chunks.push(value);
  }
  return { bytes: concatBytes(chunks) };
}
