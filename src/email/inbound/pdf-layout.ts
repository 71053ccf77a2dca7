// PDF text laid out as the page shows it. PDF.js hands out text runs in content-stream order, which
// for OCR'd scans and many PMS exports is not reading order: labels come in one block and their values
// in another ("Room No:\nArrival Date:\n…\n511\n02/06/2019"). Folio extraction reads columns (values
// next to or under their labels, amounts under "Charges"), so the runs are put back in place: grouped
// into lines by their baseline, and spaced by their x position, so that a wide gap is two or more
// spaces (a column break) and aligned columns stay aligned from one line to the next.

/** A text run with its position in page space, y growing downwards (viewport coordinates). */
export interface PlacedRun {
  text: string;
  x: number;
  /** Baseline. */
  y: number;
  width: number;
  /** Font size (glyph height). */
  size: number;
  /** PDF.js put the run in right-to-left order (bidi). */
  rtl?: boolean;
}

const median = (xs: number[]): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

/** Lines of a page's text, left to right and top to bottom, columns as runs of spaces. */
export function layoutPage(runs: PlacedRun[]): string {
  let usable = runs.filter((r) => r.text.trim() && r.size > 0 && Number.isFinite(r.x) && Number.isFinite(r.y));
  if (mostlyLatin(usable)) usable = usable.map((r) => (r.rtl ? { ...r, text: logicalOrder(r.text) } : r));
  if (!usable.length) return "";
  // One character cell: the median glyph width of the runs. Positions are counted in cells so that
  // runs that start at the same x on two lines start at the same column.
  const cell = Math.max(1, median(usable.filter((r) => r.text.length >= 2).map((r) => r.width / r.text.length)) || median(usable.map((r) => r.size)) / 2);

  // Lines: runs whose baselines lie within a fraction of their size of each other (OCR'd scans are
  // slightly skewed, so a row's runs do not share one exact baseline).
  const sorted = [...usable].sort((a, b) => a.y - b.y || a.x - b.x);
  const lines: { y: number; size: number; runs: PlacedRun[] }[] = [];
  for (const r of sorted) {
    const line = lines.find((l) => Math.abs(l.y - r.y) <= 0.45 * Math.min(l.size, r.size) && !l.runs.some((o) => overlaps(o, r)));
    if (line) {
      line.runs.push(r);
      line.y = (line.y * (line.runs.length - 1) + r.y) / line.runs.length;
    } else lines.push({ y: r.y, size: r.size, runs: [r] });
  }
  lines.sort((a, b) => a.y - b.y);

  const text = lines.map((l) => {
    let out = "";
    for (const r of l.runs.sort((a, b) => a.x - b.x)) {
      const prev = out.replace(/\s+$/, "");
      const col = Math.round(r.x / cell);
      if (!prev.length) {
        out = " ".repeat(col) + r.text;
        continue;
      }
      // The gap to the run before, in font sizes: glued (a word split in two runs), one space
      // (words of a phrase), or a column break (at least two spaces, more to keep the alignment).
      const last = l.runs[l.runs.indexOf(r) - 1]!;
      const gap = (r.x - (last.x + last.width)) / Math.max(r.size, last.size);
      const min = gap < 0.12 ? 0 : gap < 0.8 ? 1 : 2;
      out = prev + " ".repeat(Math.max(min, gap >= 0.8 ? col - prev.length : min));
      out += r.text;
    }
    return out.replace(/\s+$/, "");
  });
  // The page's left margin is not indentation: the leftmost line starts at column 0.
  const margin = Math.min(...text.filter((t) => t.trim()).map((t) => t.length - t.trimStart().length));
  return text.map((t) => t.slice(margin)).join("\n");
}

/** Two runs printed over each other (a bold effect, or an OCR layer's duplicate) are not one line's neighbours. */
function overlaps(a: PlacedRun, b: PlacedRun): boolean {
  const inter = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  return inter > 0.5 * Math.min(a.width, b.width) && a.text === b.text;
}

const LATIN = /[A-Za-z\u00C0-\u024F]/g;
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/g;

/** A page written in Latin letters: an Arabic or Hebrew letter in it is OCR noise, not a script. */
function mostlyLatin(runs: PlacedRun[]): boolean {
  const all = runs.map((r) => r.text).join("");
  const latin = all.match(LATIN)?.length ?? 0;
  const rtl = all.match(RTL_LETTER)?.length ?? 0;
  return latin >= 20 && rtl * 10 < latin;
}

/**
 * Undoes PDF.js's bidi reordering of a run that OCR noise (a stray Arabic letter for "l" or "o")
 * made look right-to-left: ".No 0اا0م" was printed "م0اا0 No.". The run is reversed, then each
 * Latin word and each number in it is turned back, which is what the reordering did to them.
 */
export function logicalOrder(text: string): string {
  const reversed = [...text].reverse().join("");
  return reversed.replace(/[A-Za-z\u00C0-\u024F]+|[0-9\u0660-\u0669]+(?:[.,][0-9\u0660-\u0669]+)*/g, (m) => [...m].reverse().join(""));
}
