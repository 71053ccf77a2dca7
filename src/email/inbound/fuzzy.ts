// Finding a record's confirmation number or guest name in free text (correlation route 4). Hotels
// write "Müller" as "Mueller" or "MULLER", put "Doe, Jane" for "Jane Doe", and format "ABC-123" as
// "ABC 123" or "#ABC123": matching is case- and accent-insensitive and tolerates one typo in a long
// name part, but a name must appear whole and in one place, or it would match across a batch folio.

const SPECIAL: Record<string, string> = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };

/** Lower-cased, accents removed, special letters spelled out. */
export function foldText(text: string): string {
  return text
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßæœøłđðþı]/g, (c) => SPECIAL[c]!);
}

/** The words of a text, folded: letters and digits only. */
export function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const TITLES = new Set(["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "herr", "frau", "mme", "mlle", "sr", "sra", "srta", "sig", "sigra"]);

/** The parts of a person's name worth matching: no titles, no initials. */
export function nameParts(name: string): string[] {
  return words(name).filter((w) => w.length > 1 && !TITLES.has(w));
}

/** Levenshtein distance, stopping early once it exceeds `max`. */
export function editDistance(a: string, b: string, max = 1): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
    prev = cur;
  }
  return prev[b.length]!;
}

/** A name part matches a word exactly, or within one edit when both are at least 5 letters long. */
function partMatches(part: string, word: string): boolean {
  if (part === word) return true;
  return part.length >= 5 && word.length >= 4 && part[0] === word[0] && editDistance(part, word, 1) <= 1;
}

/** Precomputed words of a haystack, shared across the names searched in it. */
export interface WordIndex {
  words: string[];
  unique: string[];
}

export function indexWords(text: string): WordIndex {
  const list = words(text);
  return { words: list, unique: [...new Set(list)] };
}

/**
 * Whether every part of `name` occurs within a window of the haystack: "Jane Doe" matches "DOE,
 * JANE" and "Mrs. Jane M. Doe", not "Jane Smith ... John Doe".
 */
export function nameFoundIn(name: string, index: WordIndex): boolean {
  const parts = nameParts(name);
  if (parts.length === 0) return false;
  // Which parts each distinct word matches; computed once per word, not per occurrence.
  const matches = new Map<string, number[]>();
  for (const w of index.unique) {
    const hit = parts.flatMap((p, i) => (partMatches(p, w) ? [i] : []));
    if (hit.length > 0) matches.set(w, hit);
  }
  if (matches.size === 0) return false;
  const window = parts.length + 2;
  for (let start = 0; start < index.words.length; start++) {
    if (!matches.has(index.words[start]!)) continue;
    const seen = new Set<number>();
    for (let k = start; k < Math.min(index.words.length, start + window); k++) {
      for (const i of matches.get(index.words[k]!) ?? []) seen.add(i);
    }
    if (seen.size === parts.length) return true;
  }
  return false;
}

/** A confirmation number reduced to upper-case letters and digits. */
export function compactCode(code: string): string {
  return foldText(code)
    .replace(/[^\p{L}\p{N}]/gu, "")
    .toUpperCase();
}

/**
 * Codes of a haystack: every run of letters, digits and the separators codes are written with
 * (`-`, `/`, `.`, `_`, Unicode dashes), compacted; plus each pair of adjacent runs, for "ABC 123".
 */
export function indexCodes(text: string): Set<string> {
  // Unicode hyphens and minus (U+2010–2015, U+2212) count as separators too: word processors insert them.
  const runs = (foldText(text).match(/[\p{L}\p{N}](?:[\p{L}\p{N}\-/._\u2010-\u2015\u2212]*[\p{L}\p{N}])?/gu) ?? []).map(compactCode);
  const out = new Set(runs);
  for (let i = 0; i + 1 < runs.length; i++) out.add(runs[i]! + runs[i + 1]!);
  return out;
}

/**
 * Whether a confirmation number is specific enough to identify a record from free text. Short
 * codes, and short all-digit ones (which look like prices, years and postcodes), are not.
 */
export function isDistinctiveCode(code: string): boolean {
  const c = compactCode(code);
  return /^\d+$/.test(c) ? c.length >= 6 : c.length >= 4;
}
