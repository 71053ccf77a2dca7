// Folio extraction and validation (docs/architecture.md, "Email", "Public contracts"): deterministic rules over the text of a folio
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
import { namesMatch, nameTokens } from "./folio/names";
import { chooseDateOrder } from "./folio/order";
import { scanItems } from "./folio/items";
import { reconcile, sameAmount, sum } from "./folio/totals";
import type { RawCharge } from "./folio/items";
import { folioLines, mask } from "./folio/text";
import { validateFolio } from "./folio/validate";
import { extractWithFiller, type FolioFieldFiller } from "./folio/fill";
import { currencySignAsDigit, damagedWords } from "./folio/ocr";
import { confirmsRecordName } from "./folio/guest";
import { departureUnderArrival, findStayRange, fuzzyLabels } from "./folio/header-fallback";
import { markComponents, markReversals } from "./folio/structure";
import { daysBetween } from "./folio/dates";
import { chooseTotalWithBasis } from "./folio/totals";
import type { FolioCharge, FolioExtraction, FieldEvidence, FolioFieldName, FolioFields, FolioRecordRef } from "./folio/types";

export type { FolioCharge, FolioExtraction, FieldEvidence, FolioFieldName, FolioFields, FolioRecordRef } from "./folio/types";
export { splitFolios } from "./folio/split";
export { REQUIRED_FIELDS } from "./folio/types";
export { validateFolio } from "./folio/validate";
export { nameSimilarity, namesMatch } from "./folio/names";
export { folioFieldsSchema, mergeFolioFields, missingFolioFields, type FolioFieldFiller, type FolioFillRequest } from "./folio/fill";

/** Extracts a folio's fields from its text and validates them (against the record when given). */
export function extractFolio(text: string, record?: FolioRecordRef): FolioExtraction {
  const { fields, evidence, notes } = extractFields(text, record);
  return { fields, issues: [...validateFolio(fields, record), ...notes], evidence };
}

/** Below this, a field is reported as unsure (an issue) rather than passed as certain. */
const SURE = 0.5;

/** Complete: every required field found and every check passed. */
export function isCompleteFolio(result: FolioExtraction): boolean {
  return result.issues.length === 0;
}

/** `extractFolio`, then `filler` (e.g. an LLM's structured output) for the fields the rules missed. */
export function extractFolioWithFiller(text: string, record: FolioRecordRef | undefined, filler: FolioFieldFiller | undefined) {
  return extractWithFiller(extractFolio, validateFolio, text, record, filler);
}

type Evidence = Partial<Record<FolioFieldName, FieldEvidence>>;

function extractFields(text: string, record?: FolioRecordRef): { fields: FolioFields; evidence: Evidence; notes: string[] } {
  const lines = currencySignAsDigit(folioLines(text)).lines;
  const header = findHeader(lines);
  fuzzyLabels(lines, header);
  departureUnderArrival(lines, header);
  if (!header.arrival || !header.departure) {
    const range = findStayRange(lines);
    // Only with the other half agreeing (or missing too): the range is the same stay.
    if (range && !header.arrival && (!header.departure || sameDay(header.departure.value, range.departure.value))) header.arrival = range.arrival;
    if (range && !header.departure && (!header.arrival || sameDay(header.arrival.value, range.arrival.value))) header.departure = range.departure;
  }
  const currency = detectCurrency(lines);
  const datesByLine = lines.map(findDates);
  const all = datesByLine.flat();
  const decimalDoc = lines.some((line, i) => findMoney(mask(line, datesByLine[i]!)).some((m) => m.decimals === 2));
  const scan = scanItems(lines, header.consumed, decimalDoc, (i) => datesByLine[i]!);
  markComponents(scan, lines);
  markReversals(scan);

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

  const choice = chooseTotalWithBasis(scan.totals, sum(reconcile(scan.charges, null)), scan.payments, scan.paidTotals.at(-1) ?? null);
  const total = choice?.value ?? null;
  const charges: FolioCharge[] = signsRead(reconcile(scan.charges, total), total).map((c) => {
    const date = read(c.date);
    return { ...(date ? { date } : {}), description: c.description, amount: round(c.amount) };
  });

  const evidence: Evidence = {};
  const note = (field: FolioFieldName, confidence: number, line: number | null, fallback = "") => {
    evidence[field] = { confidence: round(confidence), source: (line === null ? fallback : lines[line]!.trim()).slice(0, 200), layer: "rules" };
  };

  let folioNumber = header.id?.value ?? null;
  if (header.id) note("folio_number", header.id.confidence, header.id.line);
  if (!folioNumber && record?.confirmation_number && record.confirmation_number.length >= 4) {
    // No labelled number, but the record's confirmation number is printed: the booking reference.
    if (text.toUpperCase().includes(record.confirmation_number.toUpperCase())) {
      folioNumber = record.confirmation_number;
      note("folio_number", 0.6, null, `confirmation number ${record.confirmation_number} printed`);
    }
  }

  // The guest: as printed when it matches the record; the record's spelling when the printed name is
  // the record's guest but for OCR damage ("Wa!ter", "dens Walter"); unsure when nothing confirms it.
  let guest = header.guest?.value ?? null;
  let guestConfidence = header.guest?.confidence ?? 0;
  let guestLine = header.guest?.line ?? null;
  if (!guest) {
    const matches = record ? (c: string) => namesMatch(c, record.guest_name) || confirmsRecordName(c, record.guest_name) : undefined;
    guest = findUnlabelledGuest(lines, matches);
    guestConfidence = !guest ? 0 : record && namesMatch(guest, record.guest_name) ? 0.9 : record ? 0.6 : 0.7;
    guestLine = guest ? lines.findIndex((l) => l.includes(guest!)) : null;
  }
  const damaged = guestConfidence < 0.9;
  // A printed name that is the record's guest but for a letter or two ("Oens Walter") takes the
  // record's spelling too: OCR damage that leaves no mark; the printed text stays in the evidence.
  const typo = guest && record && namesMatch(guest, record.guest_name) && nameTokens(guest).sort().join(" ") !== nameTokens(record.guest_name).sort().join(" ");
  if (guest && record && (damaged || typo || !namesMatch(guest, record.guest_name)) && confirmsRecordName(guest, record.guest_name)) {
    guest = record.guest_name;
    guestConfidence = 0.8;
  } else if (guest && record && namesMatch(guest, record.guest_name)) guestConfidence = Math.max(guestConfidence, 0.9);
  // On a visibly damaged scan, a name nothing confirms is unsure, however clean it looks.
  if (guest && !record && damagedWords(lines) >= 3) guestConfidence = Math.min(guestConfidence, 0.45);
  if (guest) note("guest_name", guestConfidence, guestLine !== null && guestLine >= 0 ? guestLine : null, guest);

  const checkIn = read(arrival);
  const checkOut = read(departure);
  const onRecord = (iso: string | null, recorded: string | undefined) => iso !== null && recorded !== undefined && Math.abs(daysBetween(recorded, iso)) <= 1;
  if (header.arrival) note("check_in", onRecord(checkIn, record?.check_in) ? Math.max(0.8, header.arrival.confidence) : header.arrival.confidence, header.arrival.line);
  if (header.departure) note("check_out", onRecord(checkOut, record?.check_out) ? Math.max(0.8, header.departure.confidence) : header.departure.confidence, header.departure.line);
  if (header.room) note("room_number", header.room.confidence, header.room.line);
  if (currency) note("currency", 0.8, null, currency);
  if (choice) {
    const sure = { total: 0.9, due: 0.8, balance: 0.75, settled: 0.6 }[choice.basis];
    note("total_amount", sure, choice.line, choice.basis === "settled" ? "payments equal the charges; no total printed in the text" : "");
  }

  const notes: string[] = [];
  for (const [field, ev] of Object.entries(evidence) as [FolioFieldName, FieldEvidence][]) {
    if (ev.confidence < SURE) notes.push(`uncertain:${field}: read from "${ev.source.slice(0, 80)}" (confidence ${ev.confidence})`);
  }
  if (scan.unread.length) {
    notes.push(`amount_unread: ${scan.unread.length} line(s) have no amount in the text layer, e.g. "${lines[scan.unread[0]!]!.trim().replace(/\s+/g, " ").slice(0, 80)}"`);
  }

  const fields: FolioFields = {
    folio_number: folioNumber,
    guest_name: guest,
    check_in: checkIn,
    check_out: checkOut,
    room_number: header.room?.value ?? null,
    currency,
    charges,
    total_amount: total === null ? null : round(total),
  };
  return { fields, evidence, notes };
}

/**
 * Negative lines that carry no allowance word ("- 92,56-", a table rule OCR'd as signs) are read as
 * charges when that, and only that, makes the charges add up to the total.
 */
function signsRead(charges: RawCharge[], total: number | null): RawCharge[] {
  if (total === null || sameAmount(sum(charges), total)) return charges;
  const flipped = charges.map((c) => (c.group === "negative" ? { ...c, amount: Math.abs(c.amount) } : c));
  return sameAmount(sum(flipped), total) ? flipped : charges;
}

const sameDay = (a: DateCand, b: DateCand) => a.p1 === b.p1 && a.p2 === b.p2 && (a.year === null || b.year === null || a.year === b.year);

const round = (n: number) => Math.round(n * 100) / 100;

/** Where yearless dates are placed without a record: the first date with a year (mid-year if its month is unsure). */
function firstFullDate(cands: (DateCand | null)[]): string | null {
  for (const c of cands) {
    if (c && c.year !== null) return (c.kind === "fixed" && resolveDate(c, "DMY")) || `${c.year}-06-15`;
  }
  return null;
}
