// Reads the header block at the top of an embedded message (message/rfc822 or text/rfc822-headers,
// as bounces carry them) without parsing the whole message: only a few header values are needed.

/** Headers of `raw` up to the first blank line, names lower-cased, folded lines unfolded. */
export function headerBlock(raw: Uint8Array | string, maxBytes = 64 * 1024): Array<{ key: string; value: string }> {
  // latin1 maps every byte to a character, so a stray 8-bit header cannot break the read.
  const text = typeof raw === "string" ? raw.slice(0, maxBytes) : new TextDecoder("latin1").decode(raw.subarray(0, maxBytes));
  const end = text.search(/\r?\n\r?\n/);
  const block = end >= 0 ? text.slice(0, end) : text;
  const out: Array<{ key: string; value: string }> = [];
  for (const line of block.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && out.length > 0) {
      out[out.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    if (!/^[!-9;-~]+$/.test(key)) continue;
    out.push({ key, value: line.slice(colon + 1).trim() });
  }
  return out;
}

/** The value of one header in a parsed block, or null. */
export function headerValue(headers: ReadonlyArray<{ key: string; value: string }>, key: string): string | null {
  return headers.find((h) => h.key === key)?.value ?? null;
}
