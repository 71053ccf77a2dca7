// Text rewritten step by step (lower case, number words to digits, idioms to tokens) that still knows
// which span of the original each character came from, so a match can be reported in the caller's words.

export interface MappedText {
  readonly original: string;
  readonly text: string;
  /** For each character of `text`: the original span [start, end) it stands for. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
}

export function mapText(original: string): MappedText {
  let text = "";
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < original.length; i++) {
    let c = original[i] ?? "";
    if (c === "\u2019" || c === "\u2018" || c === "`") c = "'";
    else if (c === "\u201c" || c === "\u201d") c = '"';
    else if (c === "\u2013" || c === "\u2014") c = "-";
    else if (/\s/.test(c)) c = " ";
    const lower = c.toLowerCase();
    for (const ch of lower) {
      text += ch;
      starts.push(i);
      ends.push(i + 1);
    }
  }
  return { original, text, starts, ends };
}

type Replacer = string | ((match: string, ...groups: string[]) => string);

/** Like String.replace with a global regex, keeping the map: new characters span their whole match. */
export function replaceMapped(m: MappedText, pattern: RegExp, replacer: Replacer): MappedText {
  const re = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
  let text = "";
  const starts: number[] = [];
  const ends: number[] = [];
  let last = 0;
  for (const match of m.text.matchAll(re)) {
    const a = match.index ?? 0;
    const b = a + match[0].length;
    if (b === a) continue;
    for (let i = last; i < a; i++) {
      text += m.text[i];
      starts.push(m.starts[i] ?? 0);
      ends.push(m.ends[i] ?? 0);
    }
    const groups = match.slice(1).map((g) => g ?? "");
    const out = typeof replacer === "string" ? replacer.replace(/\$(\d)/g, (_, n: string) => groups[Number(n) - 1] ?? "") : replacer(match[0], ...groups);
    const s = m.starts[a] ?? 0;
    const e = m.ends[b - 1] ?? s;
    for (const ch of out) {
      text += ch;
      starts.push(s);
      ends.push(e);
    }
    last = b;
  }
  for (let i = last; i < m.text.length; i++) {
    text += m.text[i];
    starts.push(m.starts[i] ?? 0);
    ends.push(m.ends[i] ?? 0);
  }
  return { original: m.original, text, starts, ends };
}

/** The original words behind text[from, to). */
export function originalSpan(m: MappedText, from: number, to: number): string {
  if (to <= from) return "";
  const s = m.starts[from] ?? 0;
  const e = m.ends[to - 1] ?? s;
  return m.original.slice(s, e).trim();
}

const units: Record<string, number> = {
  zero: 0,
  oh: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const tens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60 };
const unitWords = Object.keys(units)
  .filter((w) => w !== "oh" && w !== "zero")
  .join("|");

/** "twenty-five" → "25", "nine" → "9". Leaves "oh" alone (too common as an interjection). */
export function numberWordsToDigits(m: MappedText): MappedText {
  let out = replaceMapped(m, new RegExp(`\\b(twenty|thirty|fou?rty|fifty)[- ](${unitWords})\\b`, "g"), (_, t, u) => String((tens[t ?? ""] ?? 0) + (units[u ?? ""] ?? 0)));
  out = replaceMapped(out, /\b(twenty|thirty|fou?rty|fifty|sixty)\b/g, (w) => String(tens[w] ?? w));
  out = replaceMapped(out, new RegExp(`\\b(zero|${unitWords})\\b`, "g"), (w) => String(units[w] ?? w));
  return out;
}
