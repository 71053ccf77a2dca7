// The RFC 2045/2047/5322 encodings a raw message needs. Everything leaves here as 7-bit ASCII with
// CRLF line ends and lines under 78 characters, which every relay accepts unchanged (8BITMIME is
// not guaranteed on the path from Cloudflare to a hotel's mail server).

const CRLF = "\r\n";
const utf8 = new TextEncoder();

/** CR and LF in a header value would start a new header: header injection. Fold them to spaces. */
export function headerSafe(value: string): string {
  return value.replace(/[\r\n]+/g, " ").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, "");
}

/** Quoted-printable (RFC 2045 §6.7) of UTF-8 text; line breaks become CRLF hard breaks. */
export function quotedPrintable(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  return lines.map(qpLine).join(CRLF);
}

function qpLine(line: string): string {
  const bytes = utf8.encode(line);
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    const last = i === bytes.length - 1;
    // Printable ASCII except "=" passes; a space or tab passes unless it ends the line (§6.7 rule 3).
    const literal = (b >= 33 && b <= 126 && b !== 61) || ((b === 32 || b === 9) && !last);
    const piece = literal ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, "0")}`;
    // 76 characters per line including the "=" of a soft break.
    if (current.length + piece.length > 75) {
      out.push(`${current}=`);
      current = "";
    }
    current += piece;
  }
  out.push(current);
  return out.join(CRLF);
}

/** Base64 of bytes, wrapped at 76 characters (RFC 2045 §6.8). */
export function base64Lines(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  const b64 = btoa(binary);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 76) lines.push(b64.slice(i, i + 76));
  return lines.join(CRLF);
}

const isAscii = (s: string) => /^[\x20-\x7e]*$/.test(s);

/**
 * A header text as RFC 2047 encoded-words when it is not plain ASCII: `=?UTF-8?B?...?=`, each word
 * at most 75 characters and split on character boundaries (a word must decode on its own).
 */
export function encodeWords(text: string): string {
  const value = headerSafe(text);
  // ASCII that happens to contain "=?" would be decoded by the reader as if it were encoded.
  if (isAscii(value) && !value.includes("=?")) return value;
  const words: string[] = [];
  let chunk: number[] = [];
  const flush = () => {
    if (chunk.length > 0) words.push(`=?UTF-8?B?${btoa(String.fromCharCode(...chunk))}?=`);
    chunk = [];
  };
  for (const char of value) {
    const bytes = [...utf8.encode(char)];
    // 45 bytes → 60 base64 characters, + 12 for "=?UTF-8?B?" and "?=" stays under 75.
    if (chunk.length + bytes.length > 45) flush();
    chunk.push(...bytes);
  }
  flush();
  return words.join(`${CRLF} `);
}

const SPECIALS = /[()<>\[\]:;@\\,."]/;

/** `Display Name <addr>`, the name quoted or encoded as needed; a bare address when no name. */
export function formatAddress(address: string, name?: string): string {
  const addr = headerSafe(address).trim();
  const display = name ? headerSafe(name).trim() : "";
  if (!display) return addr;
  if (!isAscii(display)) return `${encodeWords(display)} <${addr}>`;
  if (SPECIALS.test(display)) return `"${display.replace(/(["\\])/g, "\\$1")}" <${addr}>`;
  return `${display} <${addr}>`;
}

/**
 * Folds a header line at spaces so no line passes 78 characters (RFC 5322 §2.2.3); encoded-words
 * already carry their own fold points. An unbreakable run stays long rather than being cut.
 */
export function foldHeader(name: string, value: string): string {
  const out: string[] = [];
  let line = `${name}:`;
  // Fold only at a single space between words (or at an encoded-word boundary): unfolding removes
  // just the CRLF, so the value reads back exactly.
  for (const part of value.split(/(?<=\S) (?=\S)|\r\n /)) {
    if (line.length + 1 + part.length > 78 && line.length > name.length + 1) {
      out.push(line);
      line = "";
    }
    line += ` ${part}`;
  }
  out.push(line);
  return out.join(CRLF);
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** An RFC 5322 date-time in UTC: `Tue, 10 Nov 2026 17:26:50 +0000`. */
export function rfc5322Date(date: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${DAYS[date.getUTCDay()]}, ${p(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`
  );
}
