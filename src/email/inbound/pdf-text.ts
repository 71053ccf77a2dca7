// PDF folios as text (DESIGN §6) through unpdf, PDF.js built for serverless runtimes. A scanned
// folio has pages but no text layer: that is reported as `image_only` (ExtractionFailed with
// image_only: true, for an operator), not as an empty folio. A broken file is `unreadable`.
import { extractText, getDocumentProxy } from "unpdf";

export type PdfText =
  | { kind: "text"; text: string; pages: number; pageTexts: string[] }
  | { kind: "image_only"; pages: number }
  | { kind: "unreadable"; error: string };

/** True when the bytes start like a PDF, whatever the attachment's declared type says. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow some junk; readers accept it within the first 1024 bytes.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

/** Text of every page, pages separated by a blank line; never throws. */
export async function pdfText(bytes: Uint8Array): Promise<PdfText> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | null = null;
  try {
    // PDF.js may transfer (detach) the buffer it is given: hand it a copy, the caller keeps its own.
    // verbosity 0: errors only; PDF.js would otherwise warn on stderr about every odd file.
    pdf = await getDocumentProxy(bytes.slice(), { verbosity: 0 });
    const { totalPages, text } = await extractText(pdf, { mergePages: false });
    const pageTexts = text.map((t) => t.replace(/[ \t]+\n/g, "\n").trim());
    if (totalPages > 0 && pageTexts.every((t) => t.length === 0)) return { kind: "image_only", pages: totalPages };
    return { kind: "text", text: pageTexts.join("\n\n"), pages: totalPages, pageTexts };
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { kind: "unreadable", error: message.slice(0, 300) };
  } finally {
    await pdf?.destroy().catch(() => {});
  }
}
