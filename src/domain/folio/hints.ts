// Layout memory per hotel (issue 11): a hotel prints its folios the same way every time, so once a
// folio's fields are known for sure (an operator corrected them, or an LLM answer passed validation),
// the label next to each value ("Rechnungs.-Nr. 506928", "21.07.19Anreise") is remembered, and the
// next folio from that hotel is read at those labels by rules alone, with no LLM.
//
// A hint holds the label, never a value: labels are letters only, at most three words, and a word of
// the guest's name disqualifies a label, so no PII lands in the hotel's settings. A hint is kept only
// if reading the same text with it gives back the known value (a self-check), so a label that sits
// next to another value first in the document is never learned.
import { z } from "zod";
import { findDates, resolveDate, type DateOrder } from "./dates";
import { findMoney } from "./money";
import { sameAmount } from "./totals";
import { validateFolio } from "./validate";
import type { FieldEvidence, FolioExtraction, FolioFieldName, FolioFields, FolioRecordRef } from "./types";

export const HINT_FIELDS = ["folio_number", "guest_name", "check_in", "check_out", "room_number", "total_amount"] as const;
export type HintField = (typeof HINT_FIELDS)[number];

export const layoutHint = z
  .object({
    field: z.enum(HINT_FIELDS),
    /** "before": the label precedes the value on its line; "after": it follows it; "line": the value is a whole line. */
    side: z.enum(["before", "after", "line"]),
    /** Folded label words ("rechnungs nr"); empty for "line". */
    label: z
      .string()
      .max(80)
      .regex(/^[\p{Ll}\p{Lo} ]*$/u, "lowercase letters and spaces only"),
    /** "line": the value's line, counting non-blank lines from 0. */
    line: z.number().int().min(0).max(2000).optional(),
    /** Dates: the order this layout prints numeric dates in. */
    date_order: z.enum(["DMY", "MDY"]).optional(),
  })
  .strict();
export type LayoutHint = z.infer<typeof layoutHint>;
export const folioHints = z.array(layoutHint).max(24);

const MAX_LABEL_WORDS = 3;
/** What may separate a label from its value, or one label word from the next. */
const GAP = /^[\s.,:#/()-]*$/;
const SALUTATIONS = new Set(["herr", "frau", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "mme", "mlle", "m", "sr", "sra", "sig", "sigra"]);
/** Words that say which field a label names: when a value sits at several labels, these win. */
const FIELD_WORDS: Record<HintField, string[]> = {
  folio_number: ["folio", "invoice", "rechnung", "rechnungs", "bill", "facture", "nr", "no", "number", "beleg"],
  guest_name: ["guest", "gast", "gastname", "name", "client", "kunde", "hote"],
  check_in: ["arrival", "anreise", "ankunft", "arrivee", "check", "in", "llegada"],
  check_out: ["departure", "abreise", "abfahrt", "depart", "out", "salida"],
  room_number: ["room", "zimmer", "chambre", "habitacion", "camera", "rm"],
  total_amount: ["total", "summe", "gesamt", "gesamtbetrag", "betrag", "amount", "montant"],
};

interface Word {
  start: number;
  end: number;
  text: string; // folded
  letters: boolean;
}

const foldWord = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").replace(/ß/g, "ss").toLowerCase();

function wordsOf(line: string): Word[] {
  const out: Word[] = [];
  for (const m of line.matchAll(/\p{L}+|\p{N}+/gu)) {
    out.push({ start: m.index, end: m.index + m[0].length, text: foldWord(m[0]), letters: /^\p{L}/u.test(m[0]) });
  }
  return out;
}

function linesOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, "\n")
    .normalize("NFKC")
    .split("\n")
    .map((l) => l.replace(/\s+$/, ""));
}

const tokensOf = (s: string) => wordsOf(s).map((w) => w.text);
const stripSalutation = (words: string[]) => words.filter((w) => !SALUTATIONS.has(w));

// ---- reading a value of a field's kind out of a fragment of a line ----

interface ReadContext {
  near: string | null;
  order?: DateOrder | undefined;
}

/** The value of `field` in `fragment`, nearest the label (its start for "before", its end for "after"). */
function readValue(field: HintField, fragment: string, side: LayoutHint["side"], ctx: ReadContext): FolioFields[HintField] | null {
  const cell = nearestCell(fragment, side);
  if (!cell) return null;
  switch (field) {
    case "folio_number": {
      const m = cell.match(/[A-Za-z0-9][A-Za-z0-9/-]{1,39}/g)?.find((t) => /\d/.test(t));
      return m ? m.replace(/[/-]+$/, "") : null;
    }
    case "room_number": {
      const m = cell.match(/\b[A-Za-z]?\d{1,5}[A-Za-z]?\b/);
      return m ? m[0] : null;
    }
    case "guest_name": {
      const words = cell.split(/\s+/).filter((w) => w && !SALUTATIONS.has(foldWord(w.replace(/[.,:]/g, ""))));
      const name = words.join(" ").replace(/^[\s:.,-]+|[\s:.,;-]+$/g, "");
      return /\p{L}{2}/u.test(name) && !/\d/.test(name) && name.length <= 120 ? name : null;
    }
    case "check_in":
    case "check_out": {
      const dates = findDates(cell);
      const c = side === "after" ? dates.at(-1) : dates[0];
      return c ? resolveDate(c, ctx.order ?? "DMY", ctx.near) : null;
    }
    case "total_amount": {
      const amounts = findMoney(cell);
      const a = side === "after" ? amounts.at(-1) : amounts[0];
      return a ? Math.round(a.value * 100) / 100 : null;
    }
  }
}

/** The cell (text between runs of two or more spaces) next to the label. */
function nearestCell(fragment: string, side: LayoutHint["side"]): string | null {
  const cells = fragment
    .split(/\s{2,}/)
    .map((c) => c.replace(/^[\s:.,;#|-]+/, "").trim())
    .filter(Boolean);
  if (!cells.length) return null;
  return side === "after" ? cells.at(-1)! : cells[0]!;
}

/** The first place in `lines` the hint points at that holds a value of its field. */
function readAtHint(lines: string[], hint: LayoutHint, ctx: ReadContext): FolioFields[HintField] | null {
  if (hint.side === "line") {
    const filled = lines.filter((l) => l.trim());
    const line = hint.line === undefined ? undefined : filled[hint.line];
    return line === undefined ? null : readValue(hint.field, line, "line", ctx);
  }
  const label = hint.label.split(" ").filter(Boolean);
  if (!label.length) return null;
  for (const line of lines) {
    const words = wordsOf(line);
    for (let i = 0; i + label.length <= words.length; i++) {
      if (!label.every((t, k) => words[i + k]!.text === t)) continue;
      const fragment = hint.side === "before" ? line.slice(words[i + label.length - 1]!.end) : line.slice(0, words[i]!.start);
      const value = readValue(hint.field, fragment, hint.side, { ...ctx, order: hint.date_order });
      if (value !== null) return value;
    }
  }
  return null;
}

// ---- learning ----

interface Occurrence {
  line: number;
  start: number;
  end: number;
  order?: DateOrder;
}

function occurrences(lines: string[], field: HintField, value: string | number): Occurrence[] {
  const out: Occurrence[] = [];
  lines.forEach((line, i) => {
    if (field === "check_in" || field === "check_out") {
      for (const c of findDates(line)) {
        const order = (["DMY", "MDY"] as const).find((o) => resolveDate(c, o, String(value)) === value);
        if (order) out.push({ line: i, start: c.start, end: c.end, order });
      }
    } else if (field === "total_amount") {
      for (const m of findMoney(line)) if (sameAmount(m.value, Number(value))) out.push({ line: i, start: m.start, end: m.end });
    } else {
      const want = field === "guest_name" ? stripSalutation(tokensOf(String(value))) : tokensOf(String(value));
      const words = wordsOf(line);
      for (let k = 0; want.length && k + want.length <= words.length; k++) {
        if (want.every((t, j) => words[k + j]!.text === t)) out.push({ line: i, start: words[k]!.start, end: words[k + want.length - 1]!.end });
      }
    }
  });
  return out;
}

/** Up to three letter words right next to the value, with nothing but punctuation and spaces between. */
function labelNextTo(line: string, occ: Occurrence, side: "before" | "after", forbidden: Set<string>): string | null {
  const words = wordsOf(line);
  const picked: Word[] = [];
  if (side === "before") {
    let edge = occ.start;
    for (let k = words.length - 1; k >= 0 && picked.length < MAX_LABEL_WORDS; k--) {
      const w = words[k]!;
      if (w.end > occ.start) continue;
      if (!w.letters || !GAP.test(line.slice(w.end, edge)) || forbidden.has(w.text)) break;
      if (!SALUTATIONS.has(w.text)) picked.unshift(w);
      edge = w.start;
    }
  } else {
    let edge = occ.end;
    for (const w of words) {
      if (w.start < occ.end) continue;
      if (picked.length >= MAX_LABEL_WORDS || !w.letters || !GAP.test(line.slice(edge, w.start)) || forbidden.has(w.text)) break;
      picked.push(w);
      edge = w.end;
    }
  }
  const label = picked.map((w) => w.text);
  if (!label.length || label.some((t) => t.length > 24)) return null;
  return label.join(" ");
}

/**
 * What the layout of `text` says about where each of `fields` is printed. Only fields given (not
 * null) are learned, and only hints that read the same value back from `text`.
 */
export function learnLayoutHints(text: string, fields: Partial<FolioFields>, record?: FolioRecordRef): LayoutHint[] {
  const lines = linesOf(text);
  const filled = lines.map((l, i) => ({ l, i })).filter((x) => x.l.trim());
  const forbidden = new Set([...tokensOf(fields.guest_name ?? ""), ...tokensOf(record?.guest_name ?? "")].filter((t) => !SALUTATIONS.has(t)));
  const hints: LayoutHint[] = [];
  for (const field of HINT_FIELDS) {
    const value = fields[field];
    if (value === null || value === undefined || value === "") continue;
    const ctx: ReadContext = { near: field === "check_in" || field === "check_out" ? String(value) : (record?.check_in ?? null) };
    const same = (v: unknown) => (field === "total_amount" ? typeof v === "number" && sameAmount(v, Number(value)) : v === value);
    const labelled: LayoutHint[] = [];
    let positional: LayoutHint | null = null;
    for (const occ of occurrences(lines, field, value)) {
      const line = lines[occ.line]!;
      for (const side of ["before", "after"] as const) {
        const label = labelNextTo(line, occ, side, forbidden);
        if (!label) continue;
        const hint: LayoutHint = { field, side, label, ...(occ.order ? { date_order: occ.order } : {}) };
        if (same(readAtHint(lines, hint, ctx))) labelled.push(hint);
      }
      const rest = (line.slice(0, occ.start) + line.slice(occ.end)).replace(/[\s.:,;#/()-]/g, "");
      if (!positional && field !== "guest_name" && rest === "") {
        const hint: LayoutHint = { field, side: "line", label: "", line: filled.findIndex((x) => x.i === occ.line), ...(occ.order ? { date_order: occ.order } : {}) };
        if (same(readAtHint(lines, hint, ctx))) positional = hint;
      }
    }
    const words = new Set(FIELD_WORDS[field]);
    const best = labelled.find((h) => h.label.split(" ").some((t) => words.has(t))) ?? labelled[0] ?? positional;
    if (best) hints.push(best);
  }
  return hints;
}

/** The hotel's hints after learning `learned`: a newly learned field replaces what was known of it. */
export function mergeLayoutHints(known: readonly LayoutHint[] | null | undefined, learned: readonly LayoutHint[]): LayoutHint[] {
  const fields = new Set(learned.map((h) => h.field));
  return [...learned, ...(known ?? []).filter((h) => !fields.has(h.field))].slice(0, 24);
}

// ---- applying ----

/** The fields an extraction's issues say are missing or wrong (and so may be read again). */
export function fieldsToRevisit(issues: readonly string[]): Set<FolioFieldName> {
  const out = new Set<FolioFieldName>();
  for (const issue of issues) {
    // "uncertain:<field>": the rules read it with low confidence, a hotel's hint may know better.
    const missing = /^(?:missing|uncertain):(\w+)/.exec(issue);
    if (missing) out.add(missing[1] as FolioFieldName);
    else if (issue.startsWith("total_mismatch")) out.add("total_amount");
    else if (issue.startsWith("guest_name_mismatch")) out.add("guest_name");
    else if (issue.startsWith("dates_invalid")) (out.add("check_in"), out.add("check_out"));
    else if (issue.startsWith("dates_mismatch")) out.add(issue.includes("check_out") ? "check_out" : "check_in");
  }
  return out;
}

/**
 * Fills the fields the rules missed, and replaces those that failed validation, with the values
 * read at the hotel's hinted labels. A hinted value is kept only if it passes validation for its
 * field and the folio's issues do not grow. Fields it decided carry evidence layer "hints".
 */
export function applyLayoutHints(text: string, extraction: FolioExtraction, hints: readonly LayoutHint[] | null | undefined, record?: FolioRecordRef): FolioExtraction {
  if (!hints?.length || extraction.issues.length === 0) return extraction;
  const lines = linesOf(text);
  const revisit = fieldsToRevisit(extraction.issues);
  let fields: FolioFields = { ...extraction.fields };
  let issues = extraction.issues;
  const evidence: Partial<Record<FolioFieldName, FieldEvidence>> = { ...extraction.evidence };
  for (const hint of hints) {
    if (!revisit.has(hint.field)) continue;
    const near = record?.check_in ?? fields.check_in ?? null;
    const value = readAtHint(lines, hint, { near });
    if (value === null || value === fields[hint.field]) continue;
    const next = { ...fields, [hint.field]: value } as FolioFields;
    const nextIssues = validateFolio(next, record);
    // Kept only if it settles its own field without unsettling another.
    if (nextIssues.length > issues.length || fieldsToRevisit(nextIssues).has(hint.field)) continue;
    fields = next;
    issues = nextIssues;
    evidence[hint.field] = { layer: "hints", confidence: 0.9, source: hint.side === "line" ? `line ${hint.line}` : `label "${hint.label}" (${hint.side} the value)` };
    revisit.delete(hint.field);
  }
  return { fields, issues, evidence };
}
