// Fuzzy guest-name matching, token based: case, accents, word order ("SMITH, John"), titles and
// suffixes (Mr, Dr, Jr), middle names and initials, hyphens, and one-letter typos are all tolerated.
import { fold } from "./text";

const TITLES = new Set([
  "mr",
  "mrs",
  "ms",
  "miss",
  "mx",
  "dr",
  "prof",
  "sir",
  "madam",
  "mme",
  "mlle",
  "m",
  "herr",
  "frau",
  "sr",
  "sra",
  "srta",
  "shri",
  "smt",
  "sri",
  "jr",
  "sr",
  "ii",
  "iii",
  "iv",
  "phd",
  "md",
  "esq",
  "mstr",
  "master",
  "様",
  "さま",
  "殿",
  "san",
]);

/** Folded name words without titles and suffixes. */
export function nameTokens(name: string): string[] {
  return fold(name)
    .split(" ")
    .filter((t) => t && !TITLES.has(t));
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent transpositions). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length === 1 || b.length === 1) return a[0] === b[0]; // an initial
  const longest = Math.max(a.length, b.length);
  const allowed = longest >= 8 ? 2 : longest >= 4 ? 1 : 0;
  return distance(a, b) <= allowed;
}

/**
 * How well two names match, 0..1: the share of the shorter name's words (initials count for less)
 * found in the longer one. 1 means every word of the shorter name is accounted for.
 */
export function nameSimilarity(a: string, b: string): number {
  let x = nameTokens(a);
  let y = nameTokens(b);
  if (!x.length || !y.length) return 0;
  if (x.join("") === y.join("") || [...x].sort().join("") === [...y].sort().join("")) return 1; // "Mac Donald" / "MacDonald"
  const full = (t: string[]) => t.filter((w) => w.length > 1).length;
  if (full(x) > full(y) || (full(x) === full(y) && x.length > y.length)) [x, y] = [y, x];
  const pool = [...y];
  let got = 0;
  let total = 0;
  // Whole words first, so an initial cannot take a word a full name needs.
  const ordered = [...x].sort((p, q) => q.length - p.length);
  for (const w of ordered) {
    const weight = w.length > 1 ? 1 : 0.25;
    total += weight;
    const at = pool.findIndex((p) => sameWord(w, p));
    // Or two neighbouring words written apart: "MacDonald" / "Mac Donald".
    const pair = at < 0 && w.length > 3 ? pool.findIndex((p, i) => i + 1 < pool.length && sameWord(w, p + pool[i + 1]!)) : -1;
    if (at >= 0 || pair >= 0) {
      got += weight;
      pool.splice(at >= 0 ? at : pair, at >= 0 ? 1 : 2);
    }
  }
  // A name of initials alone ("J. S.") proves nothing.
  return full(x) === 0 ? 0 : got / total;
}

/** Whether a folio's guest name and a record's name are the same person's. */
export const namesMatch = (a: string, b: string): boolean => nameSimilarity(a, b) >= 0.999;
