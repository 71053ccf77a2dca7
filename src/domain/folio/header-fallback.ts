// What the labelled header leaves unread on damaged scans: a stay written as a range in a sentence
// ("Guest: Walter, Room: 330, from 11.11.2019 to 12.11.2019", "vom … bis …", "du … au …"), and labels
// OCR mangled beyond lookalike letters ("Arri»«! Date", "Arbva! Date"), recognised by their shape
// within a small edit distance of a known label. Both are less sure than a clean label.
import { cellsOf } from "./text";
import { findDates, type DateCand } from "./dates";
import { phrases } from "./labels";
import { skeleton } from "./ocr";
import { parse, type Found, type HeaderFields, type IdKind, type Kind } from "./header";

const RANGE_CONFIDENCE = 0.8;
const FUZZY_CONFIDENCE = 0.6;

/** "from 11.11.2019 to 12.11.2019" in any of the six languages: arrival and departure. */
export function findStayRange(lines: string[]): { arrival: Found<DateCand>; departure: Found<DateCand> } | null {
  const from = new Set(phrases("rangeFrom").map(skeleton));
  const to = new Set(phrases("rangeTo").map(skeleton));
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const dates = findDates(line).filter((d) => d.year !== null);
    for (let k = 0; k + 1 < dates.length; k++) {
      const a = dates[k]!;
      const b = dates[k + 1]!;
      const before = skeleton(
        line
          .slice(Math.max(0, a.start - 8), a.start)
          .split(/\s+/)
          .filter(Boolean)
          .at(-1) ?? "",
      );
      const between = skeleton(line.slice(a.end, b.start));
      if (from.has(before) && to.has(between)) {
        return { arrival: { value: a, rank: 1, line: i, confidence: RANGE_CONFIDENCE }, departure: { value: b, rank: 1, line: i, confidence: RANGE_CONFIDENCE } };
      }
    }
  }
  return null;
}

/** Optimal string alignment distance, small strings only. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

type FuzzyKind = "arrival" | "departure" | "guest" | "folio" | "room";
let known: { kind: FuzzyKind; shape: string }[] | null = null;
function knownLabels() {
  if (known) return known;
  const num = ["no", "nr", "number", "nummer"];
  const ids = [...phrases("folio"), ...phrases("invoice")].flatMap((p) => num.map((n) => `${p} ${n}`));
  known = [
    ...phrases("arrival").map((p) => ({ kind: "arrival" as const, shape: skeleton(p) })),
    ...phrases("departure").map((p) => ({ kind: "departure" as const, shape: skeleton(p) })),
    ...phrases("guestName").map((p) => ({ kind: "guest" as const, shape: skeleton(p) })),
    ...[...ids, ...phrases("invoiceNumber")].map((p) => ({ kind: "folio" as const, shape: skeleton(p) })),
  ].filter((k) => k.shape.length >= 6);
  return known;
}

/**
 * Labels the patterns missed: a line of two cells, a short label-like first cell within a quarter of
 * its length (in edits) of a known label, and a value that parses as that field. Fills only what
 * the header left empty.
 */
export function fuzzyLabels(lines: string[], header: HeaderFields): void {
  lines.forEach((line, i) => {
    if (header.consumed.has(i)) return;
    const cells = cellsOf(line);
    if (cells.length !== 2 || cells[0]!.text.length > 26 || !/\p{L}{2}/u.test(cells[0]!.text)) return;
    const shape = skeleton(cells[0]!.text);
    if (shape.length < 6) return;
    let best: { kind: FuzzyKind; d: number } | null = null;
    for (const k of knownLabels()) {
      const d = distance(shape, k.shape);
      if (d <= Math.max(1, Math.floor(k.shape.length / 4)) && (!best || d < best.d)) best = { kind: k.kind, d };
    }
    if (!best) return;
    const kind: Kind = best.kind === "folio" ? "folio" : best.kind;
    const p = parse(kind, cells[1]!.text.replace(/^[\s:;#.]+/, ""));
    if (!p) return;
    const found = { rank: 5, line: i, confidence: FUZZY_CONFIDENCE };
    if (p.kind === "dates" && best.kind === "arrival") header.arrival ??= { ...found, value: p.value[0]! };
    else if (p.kind === "dates" && best.kind === "departure") header.departure ??= { ...found, value: p.value[0]! };
    else if (p.kind === "id" && best.kind === "folio") header.id ??= { ...found, value: p.value, kind: "folio" as IdKind };
    else if (p.kind === "guest" && best.kind === "guest") header.guest ??= { ...found, value: p.value, confidence: Math.min(FUZZY_CONFIDENCE, p.confidence ?? 1) };
    else return;
    header.consumed.add(i);
  });
}

/**
 * A departure whose label is missing from the text layer: the line under the arrival holds a lone
 * date in the arrival value's column (label/value blocks list arrival then departure). A guess from
 * the layout, so it is reported as unsure unless the record confirms it.
 */
export function departureUnderArrival(lines: string[], header: HeaderFields): void {
  const arr = header.arrival;
  if (!arr || header.departure || arr.rank !== 0) return;
  const at = findDates(lines[arr.line]!)[0];
  if (!at) return;
  for (let j = arr.line + 1; j <= arr.line + 2 && j < lines.length; j++) {
    const cells = cellsOf(lines[j]!);
    const dates = findDates(lines[j]!);
    const lone = cells.find((c) => Math.abs(c.start - at.start) <= 3 && dates.some((d) => d.start === c.start && d.end === c.end));
    if (lone) {
      header.departure = { value: dates.find((d) => d.start === lone.start)!, rank: 6, line: j, confidence: 0.4 };
      return;
    }
  }
}
