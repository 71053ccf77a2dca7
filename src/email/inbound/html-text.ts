// HTML mail bodies and HTML folios as text for extraction (docs/architecture.md, "Email"). The layout that carries
// meaning survives: block elements end lines and table cells are separated by tabs, so a folio row
// "Room 101 | 2 nights | 250.00" stays one line with its columns apart. Scripts, styles and
// comments are dropped. A tolerant scanner, not a DOM: mail HTML is rarely well-formed.

const DROP = /<(script|style|head|title|template|noscript|svg)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const BLOCK = /^(address|article|aside|blockquote|caption|center|dd|div|dl|dt|fieldset|figcaption|figure|footer|form|h[1-6]|header|hr|li|main|nav|ol|p|pre|section|table|tbody|tfoot|thead|tr|ul)$/;

const NAMED: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ensp: " ",
  emsp: " ",
  thinsp: " ",
  euro: "€",
  pound: "£",
  yen: "¥",
  cent: "¢",
  curren: "¤",
  inr: "₹",
  copy: "©",
  reg: "®",
  trade: "™",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  lsquo: "‘",
  rsquo: "’",
  ldquo: "“",
  rdquo: "”",
  laquo: "«",
  raquo: "»",
  times: "×",
  divide: "÷",
  middot: "·",
  bull: "•",
  deg: "°",
  sect: "§",
  para: "¶",
  shy: "",
  zwnj: "",
  zwj: "",
  szlig: "ß",
  aelig: "æ",
  AElig: "Æ",
  oslash: "ø",
  Oslash: "Ø",
  eth: "ð",
  thorn: "þ",
  iexcl: "¡",
  iquest: "¿",
  frac12: "½",
  frac14: "¼",
  frac34: "¾",
  plusmn: "±",
  micro: "µ",
  ordf: "ª",
  ordm: "º",
  sup2: "²",
  sup3: "³",
};
// &eacute; &Uuml; &ccedil; ...: the letter plus a combining mark, composed.
const MARKS: Record<string, string> = { acute: "\u0301", grave: "\u0300", circ: "\u0302", uml: "\u0308", tilde: "\u0303", ring: "\u030a", cedil: "\u0327", caron: "\u030c" };

/** Decodes HTML character references: named (common set), decimal and hexadecimal. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z][a-z0-9]{1,31});/gi, (whole, ref: string) => {
    if (ref[0] === "#") {
      const code = ref[1] === "x" || ref[1] === "X" ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      // NUL, surrogates and out-of-range code points become U+FFFD, as the HTML spec does.
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : "\ufffd";
    }
    if (ref in NAMED) return NAMED[ref]!;
    const m = /^([a-z])(acute|grave|circ|uml|tilde|ring|cedil|caron)$/i.exec(ref);
    if (m) return (m[1]! + MARKS[m[2]!.toLowerCase()]!).normalize("NFC");
    return whole;
  });
}

/** Text of an HTML document: block elements → new lines, table cells → tabs, entities decoded. */
export function htmlToText(html: string, maxChars = 2_000_000): string {
  // A folio's HTML is small; the cap keeps a hostile 25 MiB body from costing seconds of CPU.
  const cleaned = html
    .slice(0, maxChars)
    .replace(/<!--[\s\S]*?(-->|$)/g, " ")
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, " ")
    .replace(DROP, " ");
  let out = "";
  let pre = 0;
  // Text runs and tags in order; a "<" that does not start a tag is text.
  for (const m of cleaned.matchAll(/<\/?([a-z][a-z0-9]*)\b(?:[^>"']|"[^"]*"|'[^']*')*>|<[!?][^>]*>|[^<]+|</gi)) {
    const token = m[0];
    const name = m[1]?.toLowerCase();
    if (name === undefined) {
      if (token.startsWith("<!") || token.startsWith("<?")) continue;
      out += pre > 0 ? token : token.replace(/\s+/g, " ");
      continue;
    }
    const closing = token.startsWith("</");
    if (name === "pre") pre += closing ? -1 : 1;
    if (name === "td" || name === "th") {
      if (!closing) out += "\t";
    } else if (name === "img" && !closing) {
      const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/i.exec(token);
      if (alt) out += ` ${alt[2] ?? alt[3]} `;
    } else if (name === "br") {
      out += "\n";
    } else if (BLOCK.test(name)) {
      // Adjacent block edges make one line break (rows stay on consecutive lines); the end of a
      // paragraph, heading or table leaves a blank line, as a reader sees it.
      out = lineBreaks(out, closing && PARAGRAPH.test(name) ? 2 : 1);
    }
  }
  return tidy(decodeEntities(out));
}

const PARAGRAPH = /^(p|h[1-6]|table|blockquote|pre|ul|ol|dl)$/;

/** `out` ending in at least `n` line breaks (whitespace at the line end dropped). */
function lineBreaks(out: string, n: number): string {
  const trimmed = out.replace(/[ \t]+$/, "");
  const have = /\n*$/.exec(trimmed)![0].length;
  return trimmed.length === 0 ? trimmed : trimmed + "\n".repeat(Math.max(0, n - have));
}

/** Trims each line (a leading cell tab included), collapses runs of blank lines. */
function tidy(text: string): string {
  return text
    .split("\n")
    .map((line) =>
      line
        .replace(/[ \u00a0]+/g, " ")
        .replace(/^[\s]+|[\s]+$/g, "")
        .replace(/ ?\t ?/g, "\t"),
    )
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
