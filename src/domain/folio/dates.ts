// Dates as folios print them: 2026-10-01, 01/10/2026, 10/01/2026, 1 Oct 2026, Oct 1, 2026,
// 01-Oct-26, 01OCT26, 01.10.2026, 1. Oktober 2026, 2026年10月1日, and yearless item dates (01 Oct, 10/01).
// Finding a date and deciding what it means are separate steps: a numeric date whose parts are
// both ≤ 12 stays ambiguous until the document's order (DMY or MDY) is chosen (see chooseDateOrder).

export type DateOrder = "DMY" | "MDY";

/** A date found in a line. `kind` "fixed": month/day are known. "numeric": p1/p2 as printed. */
export interface DateCand {
  start: number;
  end: number;
  year: number | null;
  kind: "fixed" | "numeric";
  p1: number; // fixed: month; numeric: first part
  p2: number; // fixed: day; numeric: second part
}

const MONTHS: Record<string, number> = {};
const names: [number, string[]][] = [
  [1, ["january", "jan", "januar", "janvier", "janv", "enero", "ene", "gennaio", "gen", "jänner", "janeiro"]],
  [2, ["february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "fevereiro"]],
  [3, ["march", "mar", "märz", "maerz", "mär", "mrz", "mars", "marzo", "março"]],
  [4, ["april", "apr", "avril", "avr", "abril", "abr", "aprile"]],
  [5, ["may", "mai", "mayo", "maggio", "maio"]],
  [6, ["june", "jun", "juni", "juin", "junio", "giugno", "junho"]],
  [7, ["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "julho"]],
  [8, ["august", "aug", "août", "aout", "agosto"]],
  [9, ["september", "sep", "sept", "septembre", "septiembre", "settembre", "setembro"]],
  [10, ["october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro"]],
  [11, ["november", "nov", "novembre", "noviembre", "novembro"]],
  [12, ["december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "dezembro"]],
];
for (const [m, list] of names) for (const n of list) MONTHS[n] = m;
const MONTH = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join("|");
const M = `(${MONTH})\\.?(?![a-zà-ÿ])`;
const YEAR4 = "((?:19|20)\\d\\d)";
const END = "(?!\\d|[.,:]\\d)";

const patterns: { re: RegExp; read: (m: RegExpExecArray) => Omit<DateCand, "start" | "end"> | null }[] = [
  { re: /(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g, read: (m) => fixed(+m[1]!, +m[2]!, +m[3]!) },
  {
    re: new RegExp(`(?<![\\d.,/-])${YEAR4}([-/.])(\\d{1,2})\\2(\\d{1,2})${END}`, "g"),
    read: (m) => fixed(+m[1]!, +m[3]!, +m[4]!),
  },
  {
    re: new RegExp(`(?<![\\d.,/-])(\\d{1,2})([-/.])(\\d{1,2})\\2(${YEAR4.slice(1, -1)}|\\d{2})${END}`, "g"),
    read: (m) => ({ kind: "numeric", year: year(m[4]!), p1: +m[1]!, p2: +m[3]! }),
  },
  {
    // 1 Oct 2026, 01-Oct-26, 01OCT26, 1st of October 2026, 1. Oktober 2026, 01 Oct (no year)
    re: new RegExp(`(?<![\\d.,])(\\d{1,2})(?:st|nd|rd|th|\\.)?(?:\\s+of)?[\\s\\-/.]*${M}(?:[-/.]\\s?(\\d{4}|\\d{2})|(?<=[a-z])(\\d{2}|\\d{4})|,?\\s+${YEAR4}|\\s*'(\\d{2}))?${END}`, "gi"),
    read: (m) => fixed(year(m[3] ?? m[4] ?? m[5] ?? m[6]), MONTHS[m[2]!.toLowerCase()]!, +m[1]!),
  },
  {
    // Oct 1, 2026, October 1st 2026, Oct-01-2026, Oct 01 (no year)
    re: new RegExp(`(?<![a-zà-ÿ])${M}[\\s\\-]*(\\d{1,2})(?:st|nd|rd|th)?(?:,?\\s*${YEAR4}|-(\\d{2,4})|,?\\s*'(\\d{2}))?${END}`, "gi"),
    read: (m) => fixed(year(m[3] ?? m[4] ?? m[5]), MONTHS[m[1]!.toLowerCase()]!, +m[2]!),
  },
  {
    // OCR'd dotted dates with one dot read as a comma or a quote: "13,01.19", "17.01'19".
    re: /(?<![\d.,'])(\d{1,2})[,'](\d{1,2})\.(\d{2}|(?:19|20)\d\d)(?![\d]|[.,]\d)|(?<![\d.,'])(\d{1,2})\.(\d{1,2})[,'](\d{2}|(?:19|20)\d\d)(?![\d]|[.,]\d)/g,
    read: (m) => ({ kind: "numeric", year: year(m[3] ?? m[6]), p1: +(m[1] ?? m[4])!, p2: +(m[2] ?? m[5])! }),
  },
  {
    // Yearless numeric item dates, only at the start of a line: "10/01  Room charge".
    re: /^(\s*)(\d{1,2})([/.-])(\d{1,2})(?!\d|\3\d|[.,]\d)/g,
    read: (m) => ({ kind: "numeric", year: null, p1: +m[2]!, p2: +m[4]! }),
  },
];

function fixed(y: number | null, month: number, day: number): Omit<DateCand, "start" | "end"> | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { kind: "fixed", year: y, p1: month, p2: day };
}

function year(s: string | undefined): number | null {
  if (!s) return null;
  const n = +s;
  if (s.length === 4) return n;
  return n < 70 ? 2000 + n : 1900 + n;
}

/** Every date in a line, left to right, overlapping readings removed (earliest, then longest wins). */
export function findDates(line: string): DateCand[] {
  const found: DateCand[] = [];
  for (const p of patterns) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(line); m; m = p.re.exec(line)) {
      const lead = p.re.source.startsWith("^(\\s*)") ? m[1]!.length : 0;
      const c = p.read(m);
      if (c && (c.kind === "fixed" || (c.p1 >= 1 && c.p2 >= 1 && (c.p1 <= 12 || c.p2 <= 12) && c.p1 <= 31 && c.p2 <= 31))) {
        found.push({ ...c, start: m.index + lead, end: m.index + m[0].length });
      }
      if (m[0].length === 0) p.re.lastIndex++;
    }
  }
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: DateCand[] = [];
  for (const c of found) if (!out.some((o) => c.start < o.end && o.start < c.end)) out.push(c);
  return out;
}

/** What a numeric date says about the document's order: a part above 12 can only be a day. */
export function orderEvidence(c: DateCand): DateOrder | null {
  if (c.kind !== "numeric") return null;
  if (c.p1 > 12 && c.p2 <= 12) return "DMY";
  if (c.p2 > 12 && c.p1 <= 12) return "MDY";
  return null;
}

/**
 * The ISO date a candidate means under `order`. A date that cannot be read in that order (its first
 * part above 12 in MDY) is read the only way it can be. A missing year is the one that puts the
 * date nearest `near` (an ISO date: the stay), so a December folio's "02 Jan" lands in January next year.
 */
export function resolveDate(c: DateCand, order: DateOrder, near?: string | null): string | null {
  let month = c.p1;
  let day = c.p2;
  if (c.kind === "numeric") {
    const ev = orderEvidence(c);
    const o = ev ?? order;
    [month, day] = o === "DMY" ? [c.p2, c.p1] : [c.p1, c.p2];
  }
  const nearYear = near ? +near.slice(0, 4) : null;
  let y = c.year;
  if (y === null) {
    if (nearYear === null) return null;
    let best: number | null = null;
    for (const cand of [nearYear - 1, nearYear, nearYear + 1]) {
      const iso = isoOf(cand, month, day);
      if (iso && (best === null || Math.abs(daysBetween(iso, near!)) < Math.abs(daysBetween(isoOf(best, month, day)!, near!)))) best = cand;
    }
    y = best;
  }
  return y === null ? null : isoOf(y, month, day);
}

function isoOf(y: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(y, month - 1, day));
  if (d.getUTCFullYear() !== y || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (ISO dates). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}

export const isIsoDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s));
