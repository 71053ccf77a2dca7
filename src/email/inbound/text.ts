// The texts a folio may be in, in the order extraction should try them (docs/architecture.md, "Email"): PDF attachments,
// then HTML (attached, then the body) as text, then the plain body. One email may carry several
// folios, so every source is returned; the caller runs extractFolio over each.
import { htmlToText } from "./html-text";
import type { ParsedAttachment, ParsedEmail } from "./parse";
import { BUNDLED_CMAPS } from "./cmaps";
import { looksLikePdf, pdfText } from "./pdf-text";

export { decodeEntities, htmlToText } from "./html-text";
export { looksLikePdf, pdfText, type PdfText } from "./pdf-text";

export interface TextSource {
  kind: "pdf" | "html" | "text";
  /** The attachment's file name; null for the message body. */
  filename: string | null;
  text: string;
  pages?: number;
}

export interface TextSources {
  sources: TextSource[];
  /** PDFs with pages but no text layer (scans): flag them, an operator must read them. */
  imageOnly: Array<{ filename: string | null; pages: number }>;
  /** PDFs PDF.js could not open. */
  unreadable: Array<{ filename: string | null; error: string }>;
}

export interface TextSourceOptions {
  /** PDFs beyond this many are not opened (CPU budget); default 10. */
  maxPdfs?: number;
}

const utf8 = new TextDecoder("utf-8");

function isPdf(a: ParsedAttachment): boolean {
  return a.mimeType === "application/pdf" || /\.pdf$/i.test(a.filename ?? "") || looksLikePdf(a.content);
}

function attachedText(a: ParsedAttachment): "html" | "text" | null {
  if (a.mimeType === "text/html" || /\.html?$/i.test(a.filename ?? "")) return "html";
  if (a.mimeType === "text/plain" || /\.txt$/i.test(a.filename ?? "")) return "text";
  return null;
}

export async function textSources(email: ParsedEmail, opts: TextSourceOptions = {}): Promise<TextSources> {
  const out: TextSources = { sources: [], imageOnly: [], unreadable: [] };
  const pdfs = email.attachments.filter(isPdf).slice(0, opts.maxPdfs ?? 10);
  // One at a time: PDF.js is CPU-bound, parallel parsing only raises peak memory.
  for (const a of pdfs) {
    const r = await pdfText(a.content, BUNDLED_CMAPS);
    if (r.kind === "text") out.sources.push({ kind: "pdf", filename: a.filename, text: r.text, pages: r.pages });
    else if (r.kind === "image_only") out.imageOnly.push({ filename: a.filename, pages: r.pages });
    else out.unreadable.push({ filename: a.filename, error: r.error });
  }
  const texts: TextSource[] = [];
  for (const a of email.attachments) {
    if (pdfs.includes(a)) continue;
    const kind = attachedText(a);
    if (!kind) continue;
    const raw = utf8.decode(a.content);
    (kind === "html" ? out.sources : texts).push({ kind, filename: a.filename, text: kind === "html" ? htmlToText(raw) : raw.trim() });
  }
  if (email.html.trim()) out.sources.push({ kind: "html", filename: null, text: htmlToText(email.html) });
  out.sources.push(...texts);
  if (email.text.trim()) out.sources.push({ kind: "text", filename: null, text: email.text.trim() });
  out.sources = out.sources.filter((s) => s.text.length > 0);
  return out;
}
