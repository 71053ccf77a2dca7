// Text preparation for folio extraction. Folios arrive as PDF text (columns laid out with runs of
// spaces), HTML turned into text (cells on one line or one per line, pipes), or plain email bodies.
// Everything downstream works on lines whose columns are separated by two or more spaces.

/** A run of text inside a line, with its character span (for matching values to column headers). */
export interface Cell {
  start: number;
  end: number;
  text: string;
}

/** Splits a folio's text into normalized lines. Positions inside a line are kept (column layouts). */
export function folioLines(raw: string): string[] {
  let t = raw.replace(/\r\n?/g, "\n");
  // Digit grouping with (narrow) no-break spaces, as French and Swiss folios print it: 1 234,50.
  t = t.replace(/(\d)[\u00A0\u202F\u2009](?=\d{3}(?!\d))/g, "$1'");
  // NFKC folds full-width digits and yen, ligatures from PDF fonts (ﬁ), and no-break spaces.
  t = t.normalize("NFKC");
  t = t
    .replace(/[\u200B-\u200D\uFEFF\u00AD]/g, "")
    .replace(/[\u2212\u2012\u2013\u2014\u2015\uFE58\uFE63]/g, "-")
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/\t/g, "    ")
    // Table pipes from HTML or Markdown conversion are column breaks.
    .replace(/ *\| */g, "   ");
  return t.split("\n").map((l) => l.replace(/\s+$/, ""));
}

/** Cells of a line: text separated by two or more spaces. */
export function cellsOf(line: string): Cell[] {
  const cells: Cell[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(line); m; m = re.exec(line)) cells.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return cells;
}

/** Replaces the given spans with spaces, keeping every other position where it was. */
export function mask(line: string, spans: { start: number; end: number }[]): string {
  let out = line;
  for (const s of spans) out = out.slice(0, s.start) + " ".repeat(s.end - s.start) + out.slice(s.end);
  return out;
}

/** The index of the next non-blank line after `i`, within `reach` lines, or -1. */
export function nextFilled(lines: string[], i: number, reach = 2): number {
  for (let j = i + 1; j < lines.length && j <= i + reach; j++) if (lines[j]!.trim()) return j;
  return -1;
}

/** The cell of `line` that best sits under the span [start, end) of a line above it. */
export function cellUnder(line: string, start: number, end: number): Cell | null {
  let best: Cell | null = null;
  let bestScore = -Infinity;
  for (const c of cellsOf(line)) {
    const overlap = Math.min(end, c.end) - Math.max(start, c.start);
    const score = overlap > 0 ? overlap : -Math.min(Math.abs(c.start - start), Math.abs(c.end - end));
    if (score > bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return bestScore > -4 ? best : null;
}

export const hasLetters = (s: string): boolean => /\p{L}{2}/u.test(s);

/** Lowercase, accents removed, anything but letters and digits turned into single spaces. */
export function fold(s: string): string {
  return s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ß/g, "ss")
    .replace(/æ/gi, "ae")
    .replace(/œ/gi, "oe")
    .replace(/ø/gi, "o")
    .replace(/[łŁ]/g, "l")
    .replace(/[đĐ]/g, "d")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}
