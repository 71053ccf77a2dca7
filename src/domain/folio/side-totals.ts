// Totals printed beside another block on the same line. Folios often put the tax breakdown on the
// left and "Total / Saldo" on the right, so one line of text holds a tax row and a total. A cell
// that is a total label (any language, see totals.ts) followed by an amount is taken as a total,
// and blanked out so the rest of the line is read as if it stood alone.
import { cellsOf, mask } from "./text";
import { totalClass } from "./totals";
import type { Money } from "./money";

export interface SideTotal {
  cls: 0 | 1 | 2 | "paid";
  value: number;
}

export function sideTotals(line: string, money: (text: string) => Money[]): { found: SideTotal[]; rest: string } {
  const cells = cellsOf(line);
  const found: SideTotal[] = [];
  let rest = line;
  // Only a label that is not the line's first cell: a line that starts with its label is the
  // ordinary case, read by scanItems itself.
  for (let k = 1; k < cells.length; k++) {
    const cell = cells[k]!;
    const cls = totalClass(cell.text.replace(/[:\s]+$/, ""));
    if (cls === null || cls === "sub" || money(cell.text).length) continue;
    const next = cells[k + 1];
    const amounts = next ? money(line.slice(next.start, next.end)) : [];
    if (!next || amounts.length !== 1 || /\p{L}{2}/u.test(next.text.replace(/\b[A-Z]{3}\b|€|\$|£/g, ""))) continue;
    // The cell after may be followed by a second amount (a credits column) or a currency code.
    const after = cells[k + 2];
    const end = after && money(after.text).length && !/\p{L}{2}/u.test(after.text) ? after.end : next.end;
    found.push({ cls, value: amounts[0]!.value });
    rest = mask(rest, [{ start: cell.start, end }]);
    k += 1;
  }
  return { found, rest };
}
