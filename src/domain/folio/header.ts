// Labelled header fields: folio / invoice / bill / confirmation number, guest name, room, arrival and
// departure. A label's value is what follows it on the line up to the next label or column break
// ("Folio No.: 88231    Room: 1205"), or, when the label stands alone, the cell under it on the next
// line (a header row over a value row, or a label and its value on two lines, as PDF text breaks them).
import { cellsOf, cellUnder, fold, nextFilled } from "./text";
import { findDates, type DateCand } from "./dates";
import { alternation } from "./labels";
import { cleanGuestName } from "./guest";

export type IdKind = "folio" | "invoice" | "bill" | "confirmation";
export type Kind = IdKind | "guest" | "room" | "arrival" | "departure" | "stay";

// Labels come from the language tables (labels/*.ts), compiled OCR-tolerant. English keeps a few
// shapes of its own that are patterns rather than phrases ("Bill No.", "Folio 1 of 2" is no number).
const NO = `([\\s.,\\-]*${alternation("numberWords")}(?![\\p{L}])\\.?)`;
const START = "(?<![\\p{L}\\p{N}])";
const END = "(?![\\p{L}])";
const LABELS: { kind: Kind; rank: number; re: RegExp }[] = [
  { kind: "invoice", rank: 0, re: new RegExp(`${START}(${alternation("invoiceNumber")})${END}|${START}${alternation("invoice")}${NO}?${END}`, "giu") },
  { kind: "folio", rank: 1, re: new RegExp(`${START}${alternation("folio")}${NO}?${END}`, "giu") },
  { kind: "bill", rank: 2, re: new RegExp(String.raw`\b(?:bill|receipt|statement|voucher)${NO}`, "giu") },
  {
    kind: "confirmation",
    rank: 3,
    re: new RegExp(`${START}(${alternation("confirmationNumber")})${END}|${START}${alternation("confirmation")}(\\s*(?:${alternation("numberWords")}|code|ref|reference)(?![\\p{L}])\\.?)?`, "giu"),
  },
  { kind: "guest", rank: 0, re: new RegExp(`${START}${alternation("guestName")}${END}`, "giu") },
  { kind: "guest", rank: 1, re: new RegExp(`${START}${alternation("guest")}(?=\\s*[:;]|\\s{2,}|$)`, "giu") },
  { kind: "guest", rank: 2, re: /\b(?:name|nom|nombre|nome|naam)(?=\s*:|\s{2,}|$)/gi },
  { kind: "room", rank: 0, re: new RegExp(`${START}${alternation("room")}${NO}?${END}`, "giu") },
  { kind: "arrival", rank: 0, re: new RegExp(`${START}${alternation("arrival")}${END}`, "giu") },
  { kind: "departure", rank: 0, re: new RegExp(`${START}${alternation("departure")}${END}`, "giu") },
  { kind: "stay", rank: 0, re: /\b(?:dates?\s+of\s+(?:your\s+)?stay|stay\s+dates?|(?:stay\s+)?period(?:\s+of\s+stay)?|stay|aufenthalt|s[ée]jour|soggiorno|estancia|verblijf)\b/gi },
];

interface Hit {
  kind: Kind;
  rank: number;
  start: number;
  end: number;
  marker: boolean;
}

export interface Found<T> {
  value: T;
  rank: number;
  line: number;
  /** 0..1: how sure the rules are of the value (a damaged name or label is less sure). */
  confidence: number;
}

export interface HeaderFields {
  id: (Found<string> & { kind: IdKind }) | null;
  guest: Found<string> | null;
  room: Found<string> | null;
  arrival: Found<DateCand> | null;
  departure: Found<DateCand> | null;
  /** Lines that held a label and its value: not line items. */
  consumed: Set<number>;
}

const NOT_NAMES = /\b(folio|invoice|statement|receipt|copy|information|details|signature|services?|count|type|number|no|date|list|account|registration|ledger)\b/i;
const NAME_OWNER = /\b(hotel|company|property|user|cashier|clerk|agent|firm|business|file|travel|account|room|rate|bank|card|holder)\s*$/i;
const WEEKDAY = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*/i;

function hitsOf(line: string): Hit[] {
  const all: Hit[] = [];
  for (const l of LABELS) {
    l.re.lastIndex = 0;
    for (let m = l.re.exec(line); m; m = l.re.exec(line)) {
      if (l.kind === "guest" && l.rank === 2 && NAME_OWNER.test(line.slice(0, m.index))) continue;
      const marker = m.slice(1).some((g) => g !== undefined);
      all.push({ kind: l.kind, rank: l.rank, start: m.index, end: m.index + m[0].length, marker });
    }
  }
  all.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Hit[] = [];
  for (const h of all) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}

/** The value text of a label: after it, up to the next label, cut at the first column break. */
function valueText(line: string, hit: Hit, next: Hit | undefined): string {
  const span = line.slice(hit.end, next ? next.start : line.length);
  return span
    .replace(/^[\s:;#.,=\-–、。，]*/, "")
    .split(/\s{2,}/)[0]!
    .trim();
}

export type Parsed = { kind: "id" | "guest" | "room"; value: string; confidence?: number } | { kind: "dates"; value: DateCand[] };

export function parse(kind: Kind, text: string, strict = false): Parsed | null {
  if (!text) return null;
  switch (kind) {
    case "folio":
    case "invoice":
    case "bill":
    case "confirmation": {
      // "Folio No: 9" is a number; "Folio 1 of 2" is not: an unmarked label needs three characters.
      const m = /^[A-Z0-9](?:[A-Z0-9\-\/_.]*[A-Z0-9])?/i.exec(text);
      if (!m || (strict && m[0].length < 3) || !/\d/.test(m[0])) return null;
      if (findDates(m[0]).some((d) => d.end - d.start >= m[0].length - 1)) return null;
      if (/^\d{1,3}(?:[.,]\d{3})*[.,]\d{2}$/.test(m[0])) return null;
      return { kind: "id", value: m[0] };
    }
    case "guest": {
      const g = cleanGuestName(text);
      if (!g) return null;
      const v = g.name;
      if (v.length < 2 || v.length > 80 || /\d.*\d/.test(v) || !/\p{L}{2}/u.test(v) || NOT_NAMES.test(v)) return null;
      return { kind: "guest", value: v, confidence: g.confidence };
    }
    case "room": {
      // "Room 407 Ocean View" is a charge's description; "Room 407", "Room: 407 Deluxe" are the room.
      // (`strict`: the label had no "No."/"#" and no colon.)
      const m = /^([A-Z]{0,3}-?\d{1,5}[A-Z]?)(?![\d.,]\d|[\w/])/i.exec(text);
      return m && (!strict || m[0] === text) ? { kind: "room", value: m[1]! } : null;
    }
    default: {
      // A weekday, or the OCR'd rest of the label ("Arrival Dale; 28/04/2019"), may come first.
      const lead = WEEKDAY.exec(text)?.[0].length ?? /^\p{L}{2,5}\s?[:;,.\-]\s*(?=\d)/u.exec(text)?.[0].length ?? 0;
      const dates = findDates(text).filter((d) => d.kind === "fixed" || d.year !== null || d.start <= lead);
      if (!dates.length || dates[0]!.start > lead + 2) return null;
      return { kind: "dates", value: dates };
    }
  }
}

/** The labelled header fields of a folio. The first value of the best-ranked label wins. */
export function findHeader(lines: string[]): HeaderFields {
  const out: HeaderFields = { id: null, guest: null, room: null, arrival: null, departure: null, consumed: new Set() };
  const offer = (kind: Kind, rank: number, p: Parsed, line: number, labelConfidence = 0.9) => {
    const confidence = Math.min(labelConfidence, p.kind === "dates" ? 0.9 : (p.confidence ?? 0.9));
    if (p.kind === "dates") {
      const [a, b] = p.value;
      // "01 Oct - 03 Oct 2026": the first date of a range takes the second's year.
      const first = kind === "stay" && b && a!.year === null ? { ...a!, year: b.year } : a!;
      if (kind === "arrival" || (kind === "stay" && b)) out.arrival ??= { value: first, rank, line, confidence };
      if (kind === "departure") out.departure ??= { value: a!, rank, line, confidence };
      if (kind === "stay" && b) out.departure ??= { value: b, rank, line, confidence };
    } else if (p.kind === "id") {
      const k = kind as IdKind;
      if (!out.id || rank < out.id.rank) out.id = { value: p.value, rank, line, kind: k, confidence };
    } else if (p.kind === "guest") {
      if (!out.guest || rank < out.guest.rank || (rank === out.guest.rank && confidence > out.guest.confidence + 0.2)) {
        out.guest = { value: p.value, rank, line, confidence };
      }
    } else out.room ??= { value: p.value, rank, line, confidence };
  };

  lines.forEach((line, i) => {
    const hits = hitsOf(line);
    const orphans: Hit[] = [];
    hits.forEach((h, k) => {
      const text = valueText(line, h, hits[k + 1]);
      if (!text) return void orphans.push(h);
      const p = parse(h.kind, text, !h.marker && !/^\s*[:#=]/.test(line.slice(h.end)));
      if (p) {
        offer(h.kind, h.rank, p, i);
        out.consumed.add(i);
      }
    });
    if (!orphans.length) return;
    // A label alone on its line, or a row of labels: the values are on the next line, under them.
    const labelRow = hits.length >= 2 && orphans.length === hits.length;
    const h0 = hits[0]!;
    const alone = hits.length === 1 && !line.slice(0, h0.start).trim() && !line.slice(h0.end).replace(/[\s:#.\-]/g, "");
    if (!labelRow && !alone) return;
    const j = nextFilled(lines, i);
    if (j < 0) return;
    orphans.forEach((h, k) => {
      if ((h.kind === "folio" || h.kind === "invoice" || h.kind === "confirmation") && !h.marker) return;
      const nextStart = orphans[k + 1]?.start ?? h.end + 24;
      const cell = alone ? (cellUnder(lines[j]!, h.start, h.end) ?? cellsOf(lines[j]!)[0]) : cellUnder(lines[j]!, h.start, Math.max(h.end, nextStart - 2));
      if (!cell || hitsOf(cell.text).length) return;
      const p = parse(h.kind, cell.text);
      if (p) {
        offer(h.kind, h.rank, p, j);
        out.consumed.add(i).add(j);
      }
    });
  });
  return out;
}

const TITLE = /^(?:mr|mrs|ms|miss|mx|dr|prof|herr|frau|mme|mlle|sr|sra|shri|smt)\.?\s+(?=\p{L})/iu;
const TITLED = new RegExp(TITLE.source + "(?=\\p{Lu})", "iu");

/** The name as printed, without a courtesy title before it or an honorific after it (様, 殿). */
function cleanName(s: string): string {
  return s
    .trim()
    .replace(TITLE, "")
    .replace(/\s*(?:様|殿|さま)$/u, "")
    .replace(/[\s,;:.\-]+$/, "")
    .trim();
}

/**
 * A guest name printed without a label: a cell that starts with a title ("Mr. John Smith"), or, given
 * the record, a cell whose words are the record guest's name (`matches` is the fuzzy name test).
 */
export function findUnlabelledGuest(lines: string[], matches?: (candidate: string) => boolean): string | null {
  for (const pass of [0, 1]) {
    for (const line of lines) {
      for (const c of cellsOf(line)) {
        const text = c.text.replace(/[,;:.\s]+$/, "");
        if (text.length > 60 || /\d/.test(text) || NOT_NAMES.test(text) || fold(text).split(" ").length > 6) continue;
        if (pass === 0 && TITLED.test(text)) return cleanName(text);
        if (pass === 1 && matches && fold(text).split(" ").length >= 2 && matches(text)) return cleanName(text);
      }
    }
  }
  return null;
}
