// Shared pieces of the email tests: the real fixtures (provided by test/setup/email-fixtures.ts),
// generated PDF folios (pdf-lib), and an in-memory correlation lookup.
import { PDFDocument, StandardFonts, rgb } from "pdf-lib";
import { inject } from "vitest";
import type { CorrelationLookup, OpenRecord } from "../../src/email/inbound/correlate";
import { parseEmail, type ParsedEmail } from "../../src/email/inbound/parse";

export function fixtureBytes(name: string): Uint8Array {
  const b64 = inject("emailFixtures")[name];
  if (b64 === undefined) throw new Error(`no email fixture ${name}`);
  return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
}

export function fixtureNames(): string[] {
  return Object.keys(inject("emailFixtures"));
}

export async function parsed(raw: string | Uint8Array): Promise<ParsedEmail> {
  const r = await parseEmail(raw);
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r.error)}`);
  return r.email;
}

/** A one- or multi-page PDF folio whose pages hold the given lines of text. */
export async function pdfFolio(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 18, size: 11, font }));
  }
  return doc.save();
}

/** A scanned folio stand-in: pages with only drawn shapes, no text layer. */
export async function imageOnlyPdf(pageCount = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pageCount; i++) {
    doc.addPage([595, 842]).drawRectangle({ x: 50, y: 400, width: 300, height: 200, color: rgb(0.2, 0.2, 0.2) });
  }
  return doc.save();
}

/** Correlation lookups over plain maps; every call is recorded so tests can check what was asked. */
export function memoryLookup(data: {
  tokens?: Record<string, string[]>;
  messageIds?: Record<string, string[]>;
  references?: Record<string, string[]>;
  domains?: Record<string, OpenRecord[]>;
}): CorrelationLookup & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    byToken: async (t) => (calls.push(`token:${t}`), data.tokens?.[t] ?? []),
    byMessageId: async (id) => (calls.push(`message:${id}`), data.messageIds?.[id] ?? []),
    byReference: async (r) => (calls.push(`reference:${r}`), data.references?.[r] ?? []),
    openRecordsForDomain: async (d) => (calls.push(`domain:${d}`), data.domains?.[d] ?? []),
  };
}

/** A raw RFC 5322 message from header lines and a body (CRLF line ends, as on the wire). */
export function rawMessage(headers: string[], body: string): string {
  return `${headers.join("\r\n")}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}`;
}
