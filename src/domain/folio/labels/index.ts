// The label tables of every language, compiled into patterns. A phrase matches as printed and also
// as OCR prints it: letters read as lookalikes ("z!mmer", "An٢e!se", "Н" for "H"), accents dropped,
// words run together ("VATINVOICE") or split. Positions in the line are those of the text itself.
import { de } from "./de";
import { en } from "./en";
import { es } from "./es";
import { fr } from "./fr";
import { it } from "./it";
import { nl } from "./nl";
import type { LabelTable } from "./types";

export type { LabelTable } from "./types";
export const LANGUAGES: Record<string, LabelTable> = { en, de, fr, es, it, nl };

/** Characters OCR confuses with each letter (Cyrillic and Arabic-Indic lookalikes, digits, punctuation). */
const LOOKALIKE: Record<string, string> = {
  i: "il1!|ı\u0627\u0661", // ا ١
  l: "il1!|ı\u0627\u0661",
  o: "o0\u0665\u043e", // ٥ о
  r: "r\u0433\u0662\u300C\u300D\u300E", // г ٢ 「 」 『
  e: "e\u0435",
  a: "a\u0430",
  c: "c\u0441",
  p: "p\u0440",
  x: "x\u0445",
  n: "n\u043f\u0438", // п и
  y: "y\u0443",
  h: "h\u043d",
  m: "m\u043c",
  t: "t\u0442",
  k: "k\u043a",
  b: "b\u0432",
  s: "s5",
};

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/** The pattern source of one phrase, tolerant of OCR lookalikes and of spacing. */
export function tolerant(phrase: string): string {
  let out = "";
  for (const ch of phrase.toLowerCase()) {
    const base = ch.normalize("NFD").replace(/\p{M}/gu, "");
    if (ch === " ") out += "\\s*";
    else if (ch === "-") out += "[\\s\\-.]*";
    else if (ch === "'") out += "['’`]?";
    else if (ch === ".") out += "\\.?";
    else if (base !== ch)
      out += `(?:${esc(ch)}|${esc(base)}${base === "u" || base === "o" || base === "a" ? "e?" : ""})`; // ü, ue, u
    else if (LOOKALIKE[ch]) out += `[${esc(LOOKALIKE[ch]!)}]`;
    else out += esc(ch);
  }
  return out;
}

/** Every language's phrases for one kind of label, longest first (so "guest name" wins over "guest"). */
export function phrases(key: keyof LabelTable): string[] {
  const all = new Set<string>();
  for (const t of Object.values(LANGUAGES)) for (const p of t[key]) all.add(p);
  return [...all].sort((a, b) => b.length - a.length);
}

/** A non-capturing alternation of every language's phrases for `key`, OCR-tolerant. */
export function alternation(key: keyof LabelTable, exact = false): string {
  return `(?:${phrases(key)
    .map((p) => (exact ? esc(p).replace(/ /g, "\\s+") : tolerant(p)))
    .join("|")})`;
}

/** Anchored at the start of a cell: is this the label? (Letters before it in the same word do not count.) */
export function labelRegex(key: keyof LabelTable, flags = "iu"): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${alternation(key)}(?![\\p{L}])`, flags);
}
