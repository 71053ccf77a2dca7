// The structure of the charges once read: packages and reversals. Both are about not counting a
// charge twice (or a cancelled one at all), and both are decided by amounts adding up, never by a
// hotel's wording.
import { skeleton } from "./ocr";
import type { ItemScan, RawItem } from "./items";

const cents = (n: number) => Math.round(n * 100);
const indentOf = (line: string) => line.length - line.trimStart().length;

/**
 * A package ("Best Rate incl. Breakfast 161,00") followed by more-indented lines that add up to it
 * ("  Breakfast 23,00", "  Lodging 138,00"): the components restate the package and do not count.
 */
export function markComponents(scan: ItemScan, lines: string[]): void {
  const cs = scan.charges;
  for (let k = 0; k < cs.length; k++) {
    const parent = cs[k]!;
    const indent = indentOf(lines[parent.line]!);
    let total = 0;
    let j = k + 1;
    while (j < cs.length && cs[j]!.line - cs[j - 1]!.line <= 2 && indentOf(lines[cs[j]!.line]!) > indent) {
      total += cents(cs[j]!.amount);
      j++;
      if (total === cents(parent.amount)) {
        for (let m = k + 1; m < j; m++) cs[m]!.group = "component";
        k = j - 1;
        break;
      }
    }
  }
  // Components of a payment (a deposit split like the package it paid for) are not payments either.
  const ps = scan.payments;
  for (let k = 0; k < ps.length; k++) {
    const parent = ps[k]!;
    const indent = indentOf(lines[parent.line]!);
    let total = 0;
    for (let j = k + 1; j < ps.length && indentOf(lines[ps[j]!.line]!) > indent; j++) {
      total += cents(ps[j]!.amount);
      if (total === cents(parent.amount)) {
        ps.splice(k + 1, j - k);
        break;
      }
    }
  }
}

/**
 * A credit that repeats a charge (the same description, OCR noise aside, and the same amount) is its
 * reversal ("CANCELLATION CHARGE 155.00" then the same in the credits column): an allowance that
 * cancels it, not money received. The text may differ at its end (the cashier who posted each).
 */
export function markReversals(scan: ItemScan): void {
  const reversed: RawItem[] = [];
  for (const p of scan.payments) {
    const twin = scan.charges.find((c) => cents(c.amount) === cents(p.amount) && c.amount > 0 && sameText(c.description, p.description));
    if (twin) reversed.push(p);
  }
  for (const p of reversed) {
    scan.payments.splice(scan.payments.indexOf(p), 1);
    scan.charges.push({ ...p, amount: -Math.abs(p.amount), group: null });
  }
}

/** The same posting text: OCR-shapes sharing most of their start ("cancellationcharge…"). */
function sameText(a: string, b: string): boolean {
  const x = skeleton(a);
  const y = skeleton(b);
  let n = 0;
  while (n < x.length && x[n] === y[n]) n++;
  return n >= Math.max(8, 0.6 * Math.min(x.length, y.length));
}
