// Line items, payments and totals. A line item is a line with an optional date, a description and
// an amount. Charges are the debit lines (room, taxes, food and drink, fees) and credits that are
// allowances (discounts, adjustments: negative charges). Payments (cards, cash, deposits, transfers,
// refunds) are kept apart: they settle the bill and are not charges. The total is the total of charges.
import { hasLetters, mask } from "./text";
import { findDates, type DateCand } from "./dates";
import { findMoney, type Money } from "./money";
import { looksLikeHeader, placeAmounts, readHeader, type Column } from "./columns";
import { TAX_LIKE, totalClass, type Group, type TotalCandidate } from "./totals";
import { alternation } from "./labels";
import { sideTotals } from "./side-totals";

export interface RawItem {
  line: number;
  date: DateCand | null;
  description: string;
  amount: number;
}
export interface RawCharge extends RawItem {
  /** Set when whether the line counts is in doubt; the total settles it (see reconcile). */
  group: Group | null;
}
export interface ItemScan {
  charges: RawCharge[];
  /** Money received from the guest: positive; a refund is negative. */
  payments: RawItem[];
  totals: TotalCandidate[];
  /** Printed totals of payments ("Summe Zahlungen -903,63"), for when the payment lines are not read. */
  paidTotals: number[];
  /** Lines under a line-item header that have a date and a description but no amount in the text. */
  unread: number[];
}

const PAYMENT =
  /\b(payments?|paid|pay|visa|master\s?card|mc|amex|american\s+express|diners|discover|jcb|union\s?pay|maestro|eftpos|credit\s+card|debit\s+card|cc|cash|cheque|check\s+payment|deposit|advance|pre-?payment|prepaid|settlement|settled|remittance|bank\s+transfer|wire|city\s+ledger|direct\s+bill(?:ing)?|upi|paytm|received|refund(?:ed)?|zahlung|bezahlt|paiement|pago|pagamento|acompte|anzahlung)\b/i;
/** Every language's payment words (labels/*.ts). */
const PAYMENT_T = new RegExp(`(?<![\\p{L}])${alternation("payment")}(?![\\p{L}])`, "iu");
/** OCR without spaces: a payment word run into the next one ("MastercardIFC", "MastercardlFC"). */
const PAYMENT_START = new RegExp(`^${alternation("payment")}`, "iu");
const PAYMENT_GLUED = { test: (d: string) => /^(?:[A-Z0-9]|l[A-Z])/.test(d.slice(PAYMENT_START.exec(d)?.[0].length ?? d.length)) };
const PAID_OUT = /\bpaid[\s-]?outs?\b|\bcash\s+advance\b|\bpay\s*tv\b|\bpay[\s-]per[\s-]view\b/i;
const REFUND = /\brefund/i;
const ALLOWANCE = /\b(discount|rebate|allowance|adjustment|adj|correction|comp(?:limentary|ed)?|waived?|promo(?:tion)?|reversal|void|credit\s+note|gutschrift|rabatt|remise|descuento|sconto)\b/i;
const SKIP =
  /\b(?:page\s+\d|(?:tel|phone|fax|mobile|e-?mail)\b\.?\s*[:+(\d]|www\.|gstin|(?:gst|vat|tax|pan|cin|ust)\s*(?:no|reg\w*|number|id|in)\b|iban|swift|bic|account\s*(?:no|number)|a\/c|exchange\s+rate|credit\s+limit|points?\b|membership|(?:brought|carried|balance)\s+forward|\b[bc]\/f\b)/i;
/** "Rate: $189.00", "Nights: 2": a key and its value in the header, not a charge. */
const KEY_BEFORE = /^\s*(?:\p{L}+\s*){0,2}?(?:rate|tariff|avg|average|nightly|exchange|limit|adults?|children|nights?|persons?|guests?|pax|deposit\s+required)[^:\d]{0,12}:\s*$/iu;
/** "2 x 15,00" under an item: the working of its amount. */
const QTY = /^\s*\d+(?:[.,]\d+)?\s*[x×*@]\s*\S+\s*$/i;
const INCLUDED = /\b(?:incl(?:\.|uded|udes|uding|usive)?|inclusive\s+of|of\s+which|contains|davon|dont|inkl\.?|enthalten)(?!\p{L})/iu;
/** A card slip printed under the folio (amount authorised, transaction amount): nothing in it is a charge. */
const SLIP_HEAD =
  /\b(?:kreditkartendetails|kreditkarten\s*details|credit\s*card\s*details|card\s*details|d[ée]tails?\s+de\s+la\s+carte|datos\s+de\s+la\s+tarjeta|dettagli\s+(?:della\s+)?carta|creditcardgegevens)\b|\b(?:approval\s+amount|transaktionsbetrag|genehmigter\s*betrag)\b/i;
const SUMMARY_HEAD =
  /\b(?:(?:umsatzsteuer|mwst\.?|vat|tax|tva|iva|btw)[\s-]*(?:detail|summary)|steuerbetr[äa]ge|in\s+(?:this|dieser)\s+(?:calculation|rechnung)|(?:tax|vat|gst|mwst|tva|iva)\s+(?:summary|breakdown|analysis|details?|information|recap)|summary\s+of\s+tax(?:es)?|hsn\/sac\s+summary)\b/i;

/** Keeps the amounts the document's style allows: 2-decimal documents need decimals or a currency mark. */
export function amountFilter(decimalDoc: boolean): (m: Money) => boolean {
  return (m) => {
    if (Math.abs(m.value) >= 1e10) return false;
    if (decimalDoc) return m.decimals > 0 || m.currency !== null;
    if (m.currency !== null || m.marked) return true;
    return !m.wordAfter && !(m.decimals === 0 && m.value >= 1990 && m.value <= 2099);
  };
}

function describe(masked: string, tokens: Money[]): string {
  const text = mask(masked, tokens);
  return text
    .split(/\s{2,}/)
    .filter((c) => hasLetters(c) && !/^[A-Z]{3}$/.test(c.trim()))
    .join(" ")
    .replace(/\s+/g, " ")
    .replace(/\s*\([^)]*$/, "") // "(3 x 2,16)" with its amounts taken out
    .replace(/\(\s*\)/g, "")
    .replace(/^[\s\-:*.,#]+|[\s\-:*,#]+$/g, "")
    .trim();
}

/** Reads every line for items, payments and total candidates. `skip` holds the header fields' lines. */
export function scanItems(lines: string[], skip: Set<number>, decimalDoc: boolean, datesOf: (i: number) => DateCand[] = (i) => findDates(lines[i]!)): ItemScan {
  const keep = amountFilter(decimalDoc);
  const out: ItemScan = { charges: [], payments: [], totals: [], paidTotals: [], unread: [] };
  let inSlip = false;
  let header: Column[] | null = null;
  let prevBalance: number | null = null;
  let pending: { line: number; date: DateCand | null; description: string } | null = null;
  let pendingDate: { line: number; date: DateCand } | null = null;
  let pendingTotal: { line: number; cls: 0 | 1 | 2 } | null = null;
  let afterSubtotal = false;
  let inSummary = false;
  let totalSeen = false;

  lines.forEach((line, i) => {
    if (!line.trim() || skip.has(i) || QTY.test(line) || inSlip) return;
    if (SLIP_HEAD.test(line)) return void (inSlip = true);
    const dates = datesOf(i);
    // A total printed beside another block ("MwSt. 7%  514,02 …     Saldo  0,00 EUR"): taken, then
    // masked out, so the rest of the line is read on its own.
    const side = sideTotals(mask(line, dates), (t) => findMoney(t).filter(keep));
    for (const t of side.found) {
      if (t.cls === "paid") out.paidTotals.push(t.value);
      else out.totals.push({ cls: t.cls, value: t.value, line: i });
    }
    const masked = side.rest;
    const tokens = findMoney(masked).filter(keep);
    const lead = masked.replace(/^[\s*=\-#]+/, "");
    const described = describe(masked, tokens);
    const bare = !described; // amounts alone: a value broken off the line above

    if (!tokens.length) {
      const cols = readHeader(line);
      if (cols) return void ((header = cols), (prevBalance = null));
      // The table's header again, too damaged to read (a page's scan shifted): the old columns no
      // longer line up, so amounts are placed by their order until a header is read again.
      if (looksLikeHeader(line)) return void ((header = null), (prevBalance = null));
      // A new block starts: a total label left waiting above it had its amount elsewhere.
      if (SUMMARY_HEAD.test(line)) return void ((inSummary = true), (pendingTotal = null));
      const cls = totalClass(lead);
      if (cls !== null) return void (pendingTotal = cls === "sub" || cls === "paid" ? null : { line: i, cls });
      const indent = line.length - line.trimStart().length;
      if (cls === null && (header || out.charges.length > 0) && dates.length && dates[0]!.start - indent < 4 && hasLetters(masked) && !SKIP.test(line) && !amountBeside(lines, i)) out.unread.push(i);
      // "Room Rate:" alone (its value broken onto the next line) is a header key, not an item's text.
      if (KEY_BEFORE.test(masked.trim() + " ")) pending = null;
      else if (hasLetters(masked) && !SKIP.test(line)) pending = { line: i, date: dates[0] ?? null, description: describe(masked, []) };
      else if (dates.length && !hasLetters(masked)) pendingDate = { line: i, date: dates[0]! };
      return;
    }

    // A tax block's head with amounts on its own line (a total beside it, OCR'd past recognition).
    if (SUMMARY_HEAD.test(masked)) inSummary = true;
    const placed = placeAmounts(tokens, header, prevBalance);
    const balance = placed.find((p) => p.kind === "balance");
    if (balance) prevBalance = balance.money.value;
    const main = placed.find((p) => (p.kind === "debit" || p.kind === "credit") && p.money.value !== 0) ?? placed.find((p) => p.kind === "debit");

    // Totals: "Grand Total", "Total", "Amount due", "Balance"; subtotals only mark what follows.
    // The label starts the line, or the cell before the amounts ("Thank you …      Total:  $755.68").
    let cls = totalClass(lead);
    if (cls === null || cls === "sub") {
      const labelCell =
        masked
          .slice(0, tokens[0]!.start)
          .split(/\s{2,}/)
          .filter((c) => c.trim())
          .at(-1) ?? "";
      const inCell = totalClass(labelCell);
      if (inCell !== null && inCell !== "sub") cls = inCell;
    }
    if (cls === "paid") return void out.paidTotals.push((placed.find((p) => p.kind === "credit") ?? placed[0]!).money.value);
    if (cls !== null || (pendingTotal && bare && i - pendingTotal.line <= 2)) {
      const c = cls ?? pendingTotal!.cls;
      pendingTotal = null;
      if (c === "sub") return void (afterSubtotal = true);
      // Under a header, the charges (or balance) column; else the first amount ("Total 433.76 433.76 0.00").
      const columned = header?.some((col) => col.kind === "debit" || col.kind === "balance");
      // A tax table's total row (net, tax, gross): the gross, its last amount.
      const first = inSummary && tokens.length >= 3 ? tokens.at(-1)! : tokens[0]!;
      const pick = !columned ? first : c === 2 ? (balance ?? placed[0]!).money : (placed.find((p) => p.kind === "debit") ?? placed[0]!).money;
      out.totals.push({ cls: c, value: pick.value, line: i });
      if (c !== 2 && out.charges.length) totalSeen = true;
      inSummary = false;
      return;
    }
    const keyCell =
      masked
        .slice(0, main?.money.start ?? 0)
        .split(/\s{2,}/)
        .filter((c) => c.trim())
        .at(-1) ?? "";
    if (!main || SKIP.test(line) || KEY_BEFORE.test(keyCell + " ")) return;
    // Prose ("a fee of $50.00 applies to late check-out"): words run on after the amount.
    const rest = masked.slice(main.money.end);
    if (hasLetters(rest.replace(/\b(?:CR|DR|Cr|Dr)\b/g, "")) && !/^\s{2,}/.test(rest) && placed.at(-1) === main) return;

    let description = described;
    let date = dates[0] ?? null;
    if (!description && pending && i - pending.line <= 2) {
      description = pending.description;
      date ??= pending.date;
    } else if (description && pending?.date && i - pending.line === 1 && !date) {
      description = `${pending.description} ${description}`;
      date = pending.date;
    }
    if (!date && pendingDate && i - pendingDate.line <= 2) date = pendingDate.date;
    pending = null;
    pendingDate = null;
    if (!description || description.length > 120) return;

    const value = main.money.value;
    const item: RawItem = { line: i, date, description, amount: value };
    // Payments and credits that are not allowances: money received (a refund pays it back).
    const paymentWords = (PAYMENT.test(description) || PAYMENT_T.test(description) || PAYMENT_GLUED.test(description)) && !PAID_OUT.test(description);
    // Under a Charges/Credits header the column decides: a payment word in the charges column is
    // money moved back out (a deposit transferred, a refund), a negative payment.
    if (paymentWords && main.kind === "debit" && header?.some((c) => c.kind === "credit") && !REFUND.test(description)) {
      out.payments.push({ ...item, amount: -Math.abs(value), line: i });
      return;
    }
    if (paymentWords || (main.kind === "credit" && !ALLOWANCE.test(description))) {
      out.payments.push({ ...item, amount: REFUND.test(description) ? -Math.abs(value) : Math.abs(value) });
      return;
    }
    const amount = main.kind === "credit" ? -Math.abs(value) : value;
    let group: Group | null = null;
    if (inSummary) group = "summary";
    else if (INCLUDED.test(description) && TAX_LIKE.test(description)) group = "included";
    else if (totalSeen) group = "after_total";
    else if (afterSubtotal && TAX_LIKE.test(description)) group = "after_subtotal";
    else if (amount < 0 && !ALLOWANCE.test(description)) group = "negative";
    out.charges.push({ ...item, amount, group });
  });
  return out;
}

/** A neighbouring line holds an undated amount that is no total: this line's, broken off by a skewed scan's layout. */
function amountBeside(lines: string[], i: number): boolean {
  return [lines[i - 1], lines[i + 1]].some((l) => l !== undefined && findDates(l).length === 0 && /\d[.,]\d{2}(?!\d)/.test(l) && totalClass(l.trim()) === null);
}
