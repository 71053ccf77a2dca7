// One document, several folios: a batch reply may carry one PDF with a folio per guest. A new folio
// starts where a new folio or invoice number appears (a number already seen is the same folio's
// next page, which repeats its header). The cut goes at the blank line above that header, so the
// hotel's letterhead and the guest block go with the number they head.
import { findHeader } from "./header";
import { folioLines } from "./text";

/** The text of each folio in `text`, in order; a single folio comes back whole. */
export function splitFolios(text: string): string[] {
  const lines = folioLines(text);
  const starts: number[] = [];
  const seen = new Set<string>();
  let lastId = -1;
  for (let i = 0; i < lines.length; i++) {
    const id = findHeader([lines[i]!, lines[i + 1] ?? ""]).id;
    if (!id || id.kind === "confirmation" || id.line !== 0) continue;
    const key = id.value.toUpperCase();
    if (seen.has(key)) {
      lastId = i;
      continue;
    }
    seen.add(key);
    if (seen.size > 1) {
      // Back to the blank line above this folio's header, but not into the previous folio's number.
      let cut = i;
      for (let j = i - 1; j > lastId; j--) {
        if (!lines[j]!.trim()) {
          cut = j + 1;
          while (j > lastId && !lines[j]!.trim()) j--;
          if (j <= lastId) break;
          // Keep going up while the block above still belongs to this header (no amounts in it).
          if (/\d[.,]\d{2}\b/.test(lines[j]!)) break;
        }
      }
      starts.push(cut);
    }
    lastId = i;
  }
  if (!starts.length) return [text];
  const bounds = [0, ...starts, lines.length];
  return bounds
    .slice(0, -1)
    .map((b, k) =>
      lines
        .slice(b, bounds[k + 1])
        .join("\n")
        .trim(),
    )
    .filter((t) => t.length > 0);
}
