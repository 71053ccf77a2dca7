// OCR noise that folio scans carry: letters read as lookalikes from other scripts ("Н" for "H",
// "٢" for "r"), "!" or "|" for "l" and "i", the € sign read as a digit before every amount.
// Every rewrite here keeps a line's length, so positions (columns) stay where they were.

/** Cyrillic and Greek capitals and smalls that OCR returns for Latin letters. */
const LATIN_OF: Record<string, string> = {
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "O",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  х: "x",
  у: "y",
  г: "r",
  п: "n",
  и: "u",
  к: "k",
  м: "m",
  т: "t",
  Α: "A",
  Β: "B",
  Ε: "E",
  Η: "H",
  Ι: "I",
  Κ: "K",
  Μ: "M",
  Ν: "N",
  Ο: "O",
  Ρ: "P",
  Τ: "T",
  Χ: "X",
  ο: "o",
  ν: "v",
  "\u0665": "o",
  "\u0662": "r",
  "\u0627": "l",
  "\u0661": "l",
  // Japanese OCR engines return corner brackets for "r" ("Ab｢eise", "Walte「"), after NFKC 「 」.
  "\u300C": "r",
  "\u300D": "r",
  "\u300E": "r",
};

/** Lookalikes from other scripts turned into the Latin letters they stand for (only in Latin text). */
export function latinLookalikes(s: string): string {
  if (!/[A-Za-z]/.test(s)) return s;
  return [...s].map((c) => LATIN_OF[c] ?? c).join("");
}

/** Characters that stand for a letter OCR could not read: they match any letter of a known name. */
export const UNREAD = /[!|\u0600-\u06FF\u0400-\u04FF0-9?]/u;

/** A word's shape for comparing OCR'd words: lowercase, l/i/1/! one letter, o/0 one letter. */
export function skeleton(s: string): string {
  return latinLookalikes(s)
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[il1!|]/g, "l")
    .replace(/0/g, "o")
    .replace(/[^a-z0-9]+/g, "");
}

// The € sign as OCR reads it before an amount: a digit (6, 0), a letter (e, C) or "<".
const SIGN = "[06eC<€]";
const AMOUNT = new RegExp(`(?<![\\d.,\\p{L}])${SIGN}(\\d{1,6}[.,]\\d{2})(?!\\d)`, "gu");

/**
 * The € sign read as "6" (or "0", "e", "C") before the amounts of a scan: "6155.00" for €155.00.
 * Only when it is the document's habit (at least three two-decimal amounts, and most of them,
 * carry such a sign), the sign is put back as "€". A single 6155.00 is left as it is.
 */
export function currencySignAsDigit(lines: string[]): { lines: string[]; fixed: number } {
  let amounts = 0;
  let lead = 0;
  for (const line of lines) {
    for (const m of line.matchAll(/(?<![\d.,\p{L}])([06eC<€]?)(\d{1,7})[.,]\d{2}(?!\d)/gu)) {
      amounts++;
      if (m[1] || /^[06]\d/.test(m[2]!)) lead++;
    }
  }
  if (lead < 3 || lead < 0.6 * amounts) return { lines, fixed: 0 };
  let fixed = 0;
  const out = lines.map((line) =>
    line.replace(AMOUNT, (_m, rest: string) => {
      fixed++;
      return "€" + rest;
    }),
  );
  return { lines: out, fixed };
}

/**
 * Words OCR visibly damaged: a "!", "|" or a letter of another script inside a Latin word
 * ("Wa!ter", "An٢e!se", "НеггЗепз"). A scan with several of them may have damaged a name in a way
 * that leaves no mark ("Oens" for "Jens"), so what it says is not taken on its own word.
 */
export function damagedWords(lines: string[]): number {
  let n = 0;
  for (const line of lines) {
    for (const w of line.split(/\s+/)) {
      if (/[A-Za-z][!|\u0600-\u06FF][A-Za-z]/u.test(w) || (/[A-Za-z]/.test(w) && /[\u0400-\u04FF\u0600-\u06FF]/u.test(w))) n++;
    }
  }
  return n;
}
