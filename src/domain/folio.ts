// Folio extraction and validation (DESIGN §6, §8): deterministic rules over the text of a folio
// (PDF text, HTML turned into text, or a plain email body). Pure: no bindings, no I/O, no LLM.
// An LLM may fill what the rules missed through `extractFolioWithFiller` (see folio/fill.ts).
//
// Decisions, in short:
// - `charges` are the debit lines (room, taxes, food and drink, fees) plus allowances (discounts,
//   adjustments) as negative amounts. Payments (cards, cash, deposits, transfers) are not charges.
// - `total_amount` is the total of charges: "Grand Total"/"Total" over "Amount due" over "Balance".
//   With only a balance (often 0.00 after payment), it is the balance plus the payments.
// - Numeric dates are read in one order per document: the record's stay decides, then any date with
//   a part above 12, then a plausible stay, then the currency (USD: MM/DD; others: DD/MM).
import { findDates, resolveDate, type DateCand } from "./folio/dates";
import { findHeader, findUnlabelledGuest } from "./folio/header";
import { detectCurrency, findMoney } from "./folio/money";
import { namesMatch } from "./folio/names";
import { chooseDateOrder } from "./folio/order";
import { scanItems } from "./folio/items";
import { chooseTotal, reconcile, sum } from "./folio/totals";
import { folioLines, mask } from "./folio/text";
import { validateFolio } from "./folio/validate";
import { extractWithFiller, type FolioFieldFiller } from "./folio/fill";
import type { FolioCharge, FolioExtraction, FolioFields, FolioRecordRef } from "./folio/types";

export type { FolioCharge, FolioExtraction, FolioFieldName, FolioFields, FolioRecordRef } from "./folio/types";
export { REQUIRED_FIELDS } from "./folio/types";
export { validateFolio } from "./folio/validate";
export { nameSimilarity, namesMatch } from "./folio/names";
export { folioFieldsSchema, mergeFolioFields, missingFolioFields, type FolioFieldFiller, type FolioFillRequest } from "./folio/fill";

/** Extracts a folio's fields from its text and validates them (against the record when given). */
export function extractFolio(text: string, record?: FolioRecordRef): FolioExtraction {
  const fields = extractFields(text, record);
  return { fields, issues: validateFolio(fields, record) };
}

/** Complete: every required field found and every check passed. */
export function isCompleteFolio(result: FolioExtraction): boolean {
  return result.issues.length === 0;
}

/** `extractFolio`, then `filler` (e.g. an LLM's structured output) for the fields the rules missed. */
export function extractFolioWithFiller(text: string, record: FolioRecordRef | undefined, filler: FolioFieldFiller | undefined) {
  return extractWithFiller(extractFolio, validateFolio, text, record, filler);
}

function extractFields(text: string, record?: FolioRecordRef): FolioFields {
  const lines = folioLines(text);
  const header = findHeader(lines);
  const currency = detectCurrency(lines);
  const datesByLine = lines.map(findDates);
  const all = datesByLine.flat();
  const decimalDoc = lines.some((line, i) => findMoney(mask(line, datesByLine[i]!)).some((m) => m.decimals === 2));
  const scan = scanItems(lines, header.consumed, decimalDoc, (i) => datesByLine[i]!);

  // Dates: one order for the whole document; yearless dates take the year nearest the stay.
  const arrival = header.arrival?.value ?? null;
  const departure = header.departure?.value ?? null;
  const near = record?.check_in ?? firstFullDate([arrival, departure, ...all]);
  const { order } = chooseDateOrder({
    arrival,
    departure,
    items: [...scan.charges, ...scan.payments].flatMap((c) => (c.date ? [c.date] : [])),
    all,
    record,
    currency,
    near,
  });
  const read = (c: DateCand | null) => (c ? resolveDate(c, order, near) : null);

  const total = chooseTotal(scan.totals, sum(reconcile(scan.charges, null)), scan.payments);
  const charges: FolioCharge[] = reconcile(scan.charges, total).map((c) => {
    const date = read(c.date);
    return { ...(date ? { date } : {}), description: c.description, amount: round(c.amount) };
  });

  let folioNumber = header.id?.value ?? null;
  if (!folioNumber && record?.confirmation_number && record.confirmation_number.length >= 4) {
    // No labelled number, but the record's confirmation number is printed: the booking reference.
    if (text.toUpperCase().includes(record.confirmation_number.toUpperCase())) folioNumber = record.confirmation_number;
  }
  const guest =
    header.guest?.value ?? findUnlabelledGuest(lines, record ? (candidate) => namesMatch(candidate, record.guest_name) : undefined);

  return {
    folio_number: folioNumber,
    guest_name: guest,
    check_in: read(arrival),
    check_out: read(departure),
    room_number: header.room?.value ?? null,
    currency,
    charges,
    total_amount: total === null ? null : round(total),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

/** Where yearless dates are placed without a record: the first date with a year (mid-year if its month is unsure). */
function firstFullDate(cands: (DateCand | null)[]): string | null {
  for (const c of cands) {
    if (c && c.year !== null) return (c.kind === "fixed" && resolveDate(c, "DMY")) || `${c.year}-06-15`;
  }
  return null;
}

