// Which line is the folio's total, and which doubtful lines count as charges.
//
// Totals rank: 0 "Grand Total", "Total", "Total charges", "Invoice total" (the total of charges);
// 1 "Amount due", "Total due", "Net payable" (after deposits); 2 "Balance", "Balance due"
// (often 0.00 after payment). With only a balance, the total is that balance plus the payments.
import type { RawCharge, RawItem } from "./items";
import { alternation } from "./labels";

/** Why a charge line is in doubt; each group counts or not as a whole. */
export type Group =
  | "included" // "incl. VAT 20% 45.00": restates tax inside other lines (default: not counted)
  | "summary" // inside a "Tax summary" block (default: not counted)
  | "after_total" // a charge-like line below the total (default: not counted)
  | "after_subtotal" // a tax line between a subtotal and the total (default: counted)
  | "negative" // a negative line with no payment or allowance word (default: counted, as an allowance)
  | "component"; // an indented part of a package line above it that it adds up to (default: not counted)

const DEFAULT_IN: Record<Group, boolean> = { included: false, summary: false, after_total: false, after_subtotal: true, negative: true, component: false };

export interface TotalCandidate {
  cls: 0 | 1 | 2;
  value: number;
  line: number;
}

export const TAX_LIKE = /\b(tax|taxes|vat|gst|cgst|sgst|igst|utgst|cess|mwst|ust|tva|iva|service\s+charge|levy|occupancy|city|tourist|kurtaxe|taxe\s+de\s+s[ée]jour)\b/i;

const NOT_TOTAL =
  /\b(sub-?\s?total|total\s+(?:tax(?:es)?|vat|gst|mwst|tva|iva|payments?|credits?|paid|received|deposits?|nights?|room\s+nights|net|excl\w*|before|points?|guests?|discounts?)|net\s+total|total\s+net)\b/i;
const DUE = /^(?:amount\s+(?:due|payable|to\s+(?:be\s+)?pay)|total\s+(?:amount\s+)?(?:due|payable)|net\s+(?:amount\s+)?payable|please\s+pay)\b/i;
const TOTAL =
  /^(?:grand\s+total|total\s+amount|invoice\s+total|total\s+invoice(?:\s+amount)?|total\s+charges?|total\s+folio|folio\s+total|total\s+(?:incl\w*\.?|including|inclusive)(?!\p{L})|totals?(?![\s-]*\p{L})|gesamt\w*|summe|rechnungsbetrag|endbetrag|montant\s+total|total\s+ttc|importe\s+total|totale|合計|総計|ご?請求(?:金)?額)/iu;
const BALANCE = /^(?:balance(?:\s+(?:due|outstanding|payable))?|outstanding(?:\s+balance)?|saldo|solde|closing\s+balance|残高)(?![\s-]*(?:b\/f|brought|forward))/i;
// The language tables' labels (labels/*.ts), OCR-tolerant, anchored at the start of the text.
const table = (key: "total" | "due" | "balance" | "paymentsTotal") => new RegExp(`^${alternation(key)}(?![\\p{L}])`, "iu");
const PAID_T = table("paymentsTotal");
const DUE_T = table("due");
const TOTAL_T = table("total");
const BALANCE_T = table("balance");
const SUBTOTAL = /\b(sub-?\s?total|total|summe|gesamt\w*|net\s+amount|amount\s+before\s+tax|taxable\s+(?:value|amount))\b|小計/i;

/**
 * 0, 1, 2 for a total line of that rank, "paid" for the total of payments ("Summe Zahlungen"),
 * "sub" for another total-like line, null otherwise.
 */
export function totalClass(lineStart: string): 0 | 1 | 2 | "paid" | "sub" | null {
  // Decoration before the label ("**BALANCE**", "☆BALANCE☆") is not part of it.
  const s = lineStart.trim().replace(/^[^\p{L}\p{N}]+/u, "");
  if (PAID_T.test(s) || /^total\s+(?:payments?|credits?|paid|received|deposits?)\b/i.test(s)) return "paid";
  if (NOT_TOTAL.test(s)) return "sub";
  if (DUE.test(s) || DUE_T.test(s)) return 1;
  if (TOTAL.test(s) || TOTAL_T.test(s) || /^(?:Total|TOTAL)\s+[A-Z]{3}(?![\p{L}])/u.test(s)) return 0;
  if (BALANCE.test(s) || BALANCE_T.test(s)) return 2;
  if (SUBTOTAL.test(s)) return "sub";
  return null;
}

const cents = (n: number) => Math.round(n * 100);
export const sum = (items: { amount: number }[]): number => items.reduce((a, c) => a + cents(c.amount), 0) / 100;
export const sameAmount = (a: number, b: number): boolean => Math.abs(cents(a) - cents(b)) <= 1;

export interface TotalChoice {
  value: number;
  /** Why: a printed total, what was due, the balance plus payments, or payments equal to charges. */
  basis: "total" | "due" | "balance" | "settled";
  line: number | null;
}

/**
 * The folio's total. The best rank present wins; among its candidates the one that equals the
 * charges, else the last. A zero total after payments is a balance, not the total. With only
 * balances, the total is a balance plus what was paid (the one that equals the charges, else the
 * last). With no total printed at all (a page missing), payments that equal the charges settle it.
 */
export function chooseTotal(totals: TotalCandidate[], chargesSum: number | null, payments: RawItem[], paidTotal: number | null = null): number | null {
  return chooseTotalWithBasis(totals, chargesSum, payments, paidTotal)?.value ?? null;
}

export function chooseTotalWithBasis(totals: TotalCandidate[], chargesSum: number | null, payments: RawItem[], paidTotal: number | null = null): TotalChoice | null {
  const paid = payments.length ? sum(payments) : Math.abs(paidTotal ?? 0);
  const equalsCharges = (v: number) => chargesSum !== null && sameAmount(v, chargesSum);
  for (const cls of [0, 1] as const) {
    const c = totals.filter((t) => t.cls === cls && !(t.value === 0 && paid !== 0));
    if (c.length) {
      const t = c.find((t) => equalsCharges(t.value)) ?? c.at(-1)!;
      return { value: t.value, basis: cls === 0 ? "total" : "due", line: t.line };
    }
  }
  const balances = totals.filter((t) => t.cls === 2);
  const zeroTotal = totals.length > 0 && totals.every((t) => t.value === 0);
  const settled = chargesSum !== null && chargesSum > 0 && paid > 0 && sameAmount(chargesSum, paid);
  if (balances.length) {
    const fits = balances.find((t) => equalsCharges(t.value + paid));
    // No balance squares with the charges, but the payments do: a balance misread (a skewed scan).
    if (!fits && settled) return { value: chargesSum!, basis: "settled", line: null };
    const b = fits ?? balances.at(-1)!;
    return { value: Math.round((b.value + paid) * 100) / 100, basis: "balance", line: b.line };
  }
  if (zeroTotal) return { value: Math.round(paid * 100) / 100, basis: "balance", line: totals.at(-1)!.line };
  if (!totals.length && settled) return { value: chargesSum!, basis: "settled", line: null };
  return null;
}

/**
 * The charges that count. Lines in doubt are decided group by group: the default choice when it
 * matches the total (or there is no total), else the combination closest to the default that does.
 */
export function reconcile(charges: RawCharge[], total: number | null): RawCharge[] {
  const groups = [...new Set(charges.map((c) => c.group).filter((g): g is Group => g !== null))];
  const pick = (on: Set<Group>) => charges.filter((c) => c.group === null || on.has(c.group));
  const defaults = new Set(groups.filter((g) => DEFAULT_IN[g]));
  if (total === null || !groups.length) return pick(defaults);
  const choices: Set<Group>[] = [];
  for (let mask = 0; mask < 1 << groups.length; mask++) choices.push(new Set(groups.filter((_, i) => mask & (1 << i))));
  const changes = (s: Set<Group>) => groups.filter((g) => s.has(g) !== defaults.has(g)).length;
  choices.sort((a, b) => changes(a) - changes(b));
  return pick(choices.find((s) => sameAmount(sum(pick(s)), total)) ?? defaults);
}
