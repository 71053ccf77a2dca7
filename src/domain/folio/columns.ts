// Table headers of line items ("Date  Description  Charges  Credits  Balance") and which column an
// amount on a later line stands in. A folio without a header is read by the amounts' order instead:
// the amount is the rightmost one, unless the rightmost is a running balance.
import type { Money } from "./money";

export type ColumnKind = "debit" | "credit" | "balance" | "other";

export interface Column {
  kind: ColumnKind | "desc" | "date";
  start: number;
  end: number;
}

const WORDS: [ColumnKind | "desc" | "date", string[]][] = [
  ["credit", ["payments/credits", "credits/payments", "payments & credits", "payments and credits", "payments", "payment", "credits", "credit", "cr", "paid", "haben", "crédit", "abono", "avere"]],
  ["balance", ["running balance", "balance", "saldo", "solde"]],
  [
    "other",
    [
      "unit price",
      "price/unit",
      "qty",
      "quantity",
      "rate",
      "tax",
      "vat",
      "gst",
      "cgst",
      "sgst",
      "igst",
      "net",
      "sac",
      "hsn",
      "hsn/sac",
      "ref",
      "reference",
      "code",
      "nights",
      "room",
      "no",
      "%",
      "tax %",
      "vat %",
      "mwst",
      "tva",
      "iva",
    ],
  ],
  ["debit", ["charges", "charge", "debits", "debit", "dr", "amount", "amt", "betrag", "montant", "importe", "importo", "soll", "débit", "cargo", "gross", "value", "total", "price"]],
  [
    "desc",
    [
      "description",
      "particulars",
      "details",
      "item",
      "items",
      "services",
      "service",
      "transaction",
      "text",
      "narration",
      "bezeichnung",
      "leistung",
      "désignation",
      "descripción",
      "descrizione",
      "posting",
    ],
  ],
  ["date", ["date", "datum", "fecha", "data", "day"]],
];
const KIND = new Map<string, Column["kind"]>();
for (const [k, list] of WORDS) for (const w of list) KIND.set(w, k);
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const HEADER_WORD = new RegExp(
  `(?<![\\p{L}])(${[...KIND.keys()]
    .sort((a, b) => b.length - a.length)
    .map(esc)
    .join("|")})(?:\\s*\\([^)]{1,6}\\))?(?![\\p{L}])`,
  "giu",
);

/** The columns of a line-item header, or null when the line is not one. */
export function readHeader(line: string): Column[] | null {
  const cols: Column[] = [];
  let covered = 0;
  HEADER_WORD.lastIndex = 0;
  for (let m = HEADER_WORD.exec(line); m; m = HEADER_WORD.exec(line)) {
    cols.push({ kind: KIND.get(m[1]!.toLowerCase())!, start: m.index, end: m.index + m[0].length });
    covered += m[0].replace(/\s/g, "").length;
  }
  const letters = line.replace(/[^\p{L}\p{N}]/gu, "").length;
  const money = cols.filter((c) => c.kind === "debit" || c.kind === "credit");
  if (!money.length || !cols.some((c) => c.kind === "desc" || c.kind === "date") || covered < 0.7 * letters) return null;
  // "Price" or "Total" is the amount only when nothing else is: next to "Amount" it is a unit price.
  const debits = cols.filter((c) => c.kind === "debit");
  if (debits.length > 1) {
    const main = debits.find((c) => !/^(price|total|value)/i.test(line.slice(c.start, c.end))) ?? debits.at(-1)!;
    for (const c of debits) if (c !== main) c.kind = "other";
  }
  return cols;
}

/** A line that names at least three columns, a date or description among them (read or not). */
export function looksLikeHeader(line: string): boolean {
  HEADER_WORD.lastIndex = 0;
  const kinds = [...line.matchAll(HEADER_WORD)].map((m) => KIND.get(m[1]!.toLowerCase()));
  return kinds.length >= 3 && kinds.some((k) => k === "date" || k === "desc");
}

export interface Placed {
  money: Money;
  kind: ColumnKind;
}

/**
 * Which column each amount of a line stands in. By position under the header when they line up
 * (PDF text keeps the layout); else by order when the counts agree; else the rightmost amount is
 * the line's amount, and a running balance after it is set aside.
 */
export function placeAmounts(tokens: Money[], header: Column[] | null, prevBalance: number | null): Placed[] {
  const numeric = header?.filter((c) => c.kind !== "desc" && c.kind !== "date") ?? [];
  if (numeric.length) {
    const byPos = tokens.map((t) => {
      let best: Column | null = null;
      let bestGap = Infinity;
      for (const c of numeric) {
        const gap = Math.max(0, c.start - t.end, t.start - c.end);
        if (gap < bestGap) [best, bestGap] = [c, gap];
      }
      return bestGap <= 4 ? best : null;
    });
    const kinds = byPos.map((c) => c?.kind);
    if (byPos.every(Boolean) && new Set(byPos).size === byPos.length) {
      return tokens.map((t, i) => ({ money: t, kind: kinds[i] as ColumnKind }));
    }
    if (tokens.length === numeric.length) return tokens.map((t, i) => ({ money: t, kind: numeric[i]!.kind as ColumnKind }));
    const hasBalance = numeric.at(-1)!.kind === "balance";
    if (hasBalance && tokens.length >= 2) {
      return tokens.map((t, i) => ({ money: t, kind: i === tokens.length - 1 ? "balance" : i === 0 ? "debit" : "other" }));
    }
  }
  if (tokens.length >= 2 && (!header || !numeric.length)) {
    const first = tokens[0]!.value;
    const last = tokens.at(-1)!.value;
    const before = prevBalance ?? 0;
    // A running balance: the last amount is the previous balance moved by the first.
    if (Math.abs(before + first - last) < 0.005 || Math.abs(before - Math.abs(first) - last) < 0.005) {
      return tokens.map((t, i) => ({ money: t, kind: i === 0 ? "debit" : i === tokens.length - 1 ? "balance" : "other" }));
    }
  }
  return tokens.map((t, i) => ({ money: t, kind: i === tokens.length - 1 ? "debit" : "other" }));
}
