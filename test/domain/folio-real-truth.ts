// What each real folio in ../shared/fixtures/folios says, read by a person from `pdftotext -layout`
// (not from the *.gpt4o-unverified.json files, which have known errors). Only values: no text of the
// documents is kept here. `record` is what an expense team would have entered for the stay.
import { nameTokens } from "../../src/domain/folio/names";
import type { FolioFields, FolioRecordRef } from "../../src/domain/folio/types";
import { REQUIRED_FIELDS } from "../../src/domain/folio/types";

export interface FolioTruth {
  folio_number: string;
  guest_name: string;
  check_in: string;
  check_out: string;
  total_amount: number;
  currency: string;
  room_number: string;
}

const madison = (folio_number: string, check_in: string, check_out: string, total_amount: number, room_number: string): FolioTruth => ({
  folio_number,
  guest_name: "Jens Walter",
  check_in,
  check_out,
  total_amount,
  currency: "EUR",
  room_number,
});

export const TRUTH: Record<string, FolioTruth> = {
  "20190119_002.pdf": madison("487155", "2019-01-13", "2019-01-18", 550, "417"),
  "20190202_THE_MADISON_HAMBURG.pdf": madison("487812", "2019-01-20", "2019-01-25", 550, "316"),
  "20190202_THE_MADISON_HAMBURG_001.pdf": madison("488615", "2019-01-27", "2019-02-01", 550, "316"),
  "citadines-20190331_Invoice.pdf": madison("083-72561", "2019-03-31", "2019-04-05", 903.63, "420"),
  // Hampton: the € sign is OCR'd as "6" or "0" before every amount; the totals are the deposits.
  "hampton-25789.pdf": madison("25789", "2019-06-02", "2019-06-07", 776.56, "511"),
  "hampton_24361.pdf": madison("24361", "2019-04-28", "2019-04-30", 221, "119"),
  "hampton_28646.pdf": madison("28646", "2019-08-19", "2019-08-23", 516, "707"),
  "madison-489347.pdf": madison("489347", "2019-02-03", "2019-02-08", 550, "334"),
  "madison-490057.pdf": madison("490057", "2019-02-10", "2019-02-15", 550, "336"),
  "madison-492602.pdf": madison("492602", "2019-03-03", "2019-03-08", 550, "438"),
  "madison-493304.pdf": madison("493304", "2019-03-10", "2019-03-15", 629, "315"),
  "madison-496987.pdf": madison("496987", "2019-04-15", "2019-04-18", 370, "439"),
  "madison-502875.pdf": madison("502875", "2019-06-10", "2019-06-14", 440, "426"),
  // The file name says 5036666; the invoice prints 503666.
  "madison-5036666.pdf": madison("503666", "2019-06-16", "2019-06-21", 570, "435"),
  "madison_497810.pdf": madison("497810", "2019-04-22", "2019-04-26", 440, "403"),
  "madison_folio_g_cp_efolio5895702.pdf": madison("505050", "2019-06-30", "2019-07-04", 440, "203"),
  "madison_folio_g_cp_efolio5945547.pdf": madison("506928", "2019-07-21", "2019-07-26", 550, "437"),
  "madison_folio_g_cp_efolio5991896.pdf": madison("508873", "2019-08-11", "2019-08-16", 550, "407"),
  // Motel One: "Rechnungsbetrag 0,00" is what is left to pay; the services total 161,00 (a package).
  "motelone-524544306.pdf": madison("524544306", "2019-02-25", "2019-02-27", 161, "519"),
  // A stay paid by a deposit invoice: the charges are 90,50, the "Total Amount" after the deposit 0,00.
  "motelone_20191111.pdf": madison("548113542", "2019-11-11", "2019-11-12", 90.5, "330"),
  "moxy-20191221_007.pdf": { folio_number: "227639", guest_name: "Maik Walter", check_in: "2019-11-30", check_out: "2019-12-01", total_amount: 48, currency: "EUR", room_number: "306" },
};

/**
 * Required fields that the text the product's PDF reader gets does not hold, and why: the only
 * acceptable reason for a miss. None today. (Three scans set their OCR layer in a CID font with the
 * Japanese "90ms-RKSJ-H" CMap; PDF.js dropped that text until the reader carried the CMaps, see
 * src/email/inbound/cmaps.generated.ts.)
 */
export const NOT_IN_TEXT: Record<string, { fields: (typeof REQUIRED_FIELDS)[number][]; why: string }> = {};

/** The record an expense team would have entered: the guest and the stay. */
export function recordFor(t: FolioTruth): FolioRecordRef {
  return { guest_name: t.guest_name, check_in: t.check_in, check_out: t.check_out };
}

const sameName = (a: string, b: string) => nameTokens(a).sort().join(" ") === nameTokens(b).sort().join(" ");

/** The required fields that are not what the document says. */
export function wrongFields(fields: FolioFields, t: FolioTruth): string[] {
  const wrong: string[] = [];
  if ((fields.folio_number ?? "").replace(/\s+/g, "").toUpperCase() !== t.folio_number.toUpperCase()) wrong.push("folio_number");
  if (!fields.guest_name || !sameName(fields.guest_name, t.guest_name)) wrong.push("guest_name");
  if (fields.check_in !== t.check_in) wrong.push("check_in");
  if (fields.check_out !== t.check_out) wrong.push("check_out");
  if (fields.total_amount === null || Math.abs(fields.total_amount - t.total_amount) > 0.005) wrong.push("total_amount");
  return wrong;
}
