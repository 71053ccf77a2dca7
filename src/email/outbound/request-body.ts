// The words of a folio request, as plain text and as HTML. Every value from a record or a hotel is
// escaped in the HTML: guest names and hotel names come from CSV imports and API callers.

export interface RequestCopy {
  hotelName: string;
  items: ReadonlyArray<{ guestName: string; confirmationNumber: string; checkIn: string; checkOut: string; reference: string }>;
  /** The reference of the whole request (the batch's, for a batch). */
  reference: string;
  batch: boolean;
  reminder: number;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** A record value on one line: a line break in a guest name must not forge lines of the request. */
export function oneLine(value: string): string {
  return value.replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function intro(copy: RequestCopy): string[] {
  const lines: string[] = [];
  if (copy.reminder > 0) {
    lines.push(`This is reminder ${copy.reminder} about our request below: we have not received the folio${copy.batch ? "s" : ""} yet.`, "");
  }
  lines.push(
    copy.batch
      ? `Could you please send us the guest folios (final itemised invoices) for the following ${copy.items.length} stays?`
      : "Could you please send us the guest folio (final itemised invoice) for the following stay?",
  );
  return lines;
}

const closing = (copy: RequestCopy) => [
  `Please reply to this email with the folio${copy.batch ? "s" : ""} attached as PDF (or in the body of your reply)` +
    ` and keep [Folio ${copy.reference}] in the subject, so it reaches the right booking.`,
  copy.batch ? "You may also send one email per stay, with that stay's reference in the subject." : null,
  "",
  "Thank you,",
  "Folio requests",
];

export function renderText(copy: RequestCopy): string {
  const o = oneLine;
  const lines = [`Dear ${o(copy.hotelName)} team,`, "", ...intro(copy), ""];
  copy.items.forEach((item, i) => {
    if (copy.batch) lines.push(`${i + 1}. Reference ${item.reference}`);
    lines.push(`   Guest: ${o(item.guestName)}`, `   Confirmation number: ${o(item.confirmationNumber)}`, `   Check-in: ${o(item.checkIn)}`, `   Check-out: ${o(item.checkOut)}`, "");
  });
  lines.push(...closing(copy).filter((l): l is string => l !== null));
  return `${lines.join("\n")}\n`;
}

export function renderHtml(copy: RequestCopy): string {
  const e = (v: string) => escapeHtml(oneLine(v));
  const rows = copy.items
    .map(
      (item) =>
        "<tr>" +
        (copy.batch ? `<td>${e(item.reference)}</td>` : "") +
        `<td>${e(item.guestName)}</td><td>${e(item.confirmationNumber)}</td><td>${e(item.checkIn)}</td><td>${e(item.checkOut)}</td></tr>`,
    )
    .join("\n");
  const head = `<tr>${copy.batch ? "<th>Reference</th>" : ""}<th>Guest</th><th>Confirmation number</th><th>Check-in</th><th>Check-out</th></tr>`;
  const paragraphs = intro(copy)
    .filter((l) => l !== "")
    .map((l) => `<p>${e(l)}</p>`);
  const after = closing(copy)
    .filter((l): l is string => l !== null && l !== "")
    .map((l) => `<p>${e(l)}</p>`);
  return [
    "<!doctype html>",
    '<html><head><meta charset="utf-8"></head><body>',
    `<p>Dear ${e(copy.hotelName)} team,</p>`,
    ...paragraphs,
    '<table border="1" cellpadding="4" cellspacing="0">',
    head,
    rows,
    "</table>",
    ...after,
    "</body></html>",
    "",
  ].join("\n");
}
