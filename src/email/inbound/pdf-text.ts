// PDF folios as text (docs/architecture.md, "Email") through unpdf, PDF.js built for serverless runtimes. A scanned
// folio has pages but no text layer: that is reported as `image_only` (ExtractionFailed with
// image_only: true, for an operator), not as an empty folio. A broken file is `unreadable`.
// The text keeps the page's layout (see pdf-layout.ts): folio extraction reads labels and columns.
import { getDocumentProxy } from "unpdf";
import { layoutPage, type PlacedRun } from "./pdf-layout";

/** Packed CMap files by name (`90ms-RKSJ-H.bcmap`, …): the Worker's are in cmaps.ts. */
export type CMapFiles = Readonly<Record<string, ArrayBuffer>>;

/**
 * Hands PDF.js the CMaps it asks for from `files`: without them the text of a CID font with a
 * predefined encoding (Japanese Shift-JIS OCR layers, for one) is dropped silently. A CMap not
 * carried fails as before, for that font only.
 */
function cmapReader(files: CMapFiles) {
  return class {
    constructor(_options: unknown) {}
    async fetch({ kind, filename }: { kind: string; filename: string }): Promise<Uint8Array> {
      const data = kind === "cMapUrl" ? files[filename] : undefined;
      if (!data) throw new Error(`no ${kind} ${filename}`);
      return new Uint8Array(data.slice(0));
    }
  };
}

export type PdfText = { kind: "text"; text: string; pages: number; pageTexts: string[] } | { kind: "image_only"; pages: number } | { kind: "unreadable"; error: string };

/** True when the bytes start like a PDF, whatever the attachment's declared type says. */
export function looksLikePdf(bytes: Uint8Array): boolean {
  // The header may follow some junk; readers accept it within the first 1024 bytes.
  const head = new TextDecoder("latin1").decode(bytes.subarray(0, 1024));
  return head.includes("%PDF-");
}

/** Text of every page, pages separated by a blank line; never throws. `cmaps`: see CMapFiles. */
export async function pdfText(bytes: Uint8Array, cmaps: CMapFiles = {}): Promise<PdfText> {
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>> | null = null;
  try {
    // PDF.js may transfer (detach) the buffer it is given: hand it a copy, the caller keeps its own.
    // verbosity 0: errors only; PDF.js would otherwise warn on stderr about every odd file.
    pdf = await getDocumentProxy(bytes.slice(), {
      verbosity: 0,
      useWorkerFetch: false,
      cMapUrl: "embedded:/",
      cMapPacked: true,
      BinaryDataFactory: cmapReader(cmaps),
    } as Parameters<typeof getDocumentProxy>[1]);
    const totalPages = pdf.numPages;
    const pageTexts: string[] = [];
    for (let p = 1; p <= totalPages; p++) pageTexts.push(await pageLayout(pdf, p));
    if (totalPages > 0 && pageTexts.every((t) => t.length === 0)) return { kind: "image_only", pages: totalPages };
    return { kind: "text", text: pageTexts.join("\n\n"), pages: totalPages, pageTexts };
  } catch (err) {
    const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    return { kind: "unreadable", error: message.slice(0, 300) };
  } finally {
    await pdf?.destroy().catch(() => {});
  }
}

type Pdf = Awaited<ReturnType<typeof getDocumentProxy>>;

/** One page's text runs placed in viewport space (rotation applied, y downwards), then laid out. */
async function pageLayout(pdf: Pdf, n: number): Promise<string> {
  const page = await pdf.getPage(n);
  try {
    const [a, b, c, d, e, f] = page.getViewport({ scale: 1 }).transform as number[];
    const content = await page.getTextContent();
    const runs: PlacedRun[] = [];
    for (const item of content.items) {
      if (!("str" in item) || !item.str) continue;
      const [, , tc, td, tx, ty] = item.transform as number[];
      runs.push({
        text: item.str,
        x: a! * tx! + c! * ty! + e!,
        y: b! * tx! + d! * ty! + f!,
        width: item.width,
        size: Math.hypot(tc!, td!) || item.height,
        rtl: item.dir === "rtl",
      });
    }
    return layoutPage(runs).replace(/^\n+|\s+$/g, "");
  } finally {
    page.cleanup();
  }
}
