// Amounts and currencies: 1,234.50 · 1.234,50 · 1'234.50 · 1,23,456.00 (Indian grouping) · ¥12,000 ·
// Rs. 5,000 · EUR 150,00 · 150.00 € · negatives as -50.00, (50.00), 50.00-, 50.00 CR.

export interface Money {
  start: number;
  end: number;
  value: number;
  /** Digits after the decimal separator (0 for none). */
  decimals: number;
  /** A currency symbol or code next to it. */
  currency: string | null;
  /** It had a currency mark or digit grouping: it cannot be a bare count or code. */
  marked: boolean;
  /** A word follows it ("3 nights", "2 pax"): a count unless it carries a currency. */
  wordAfter: boolean;
}

// Symbol or code → ISO 4217. `null`: a currency mark whose currency is ambiguous (kr).
const SYMBOLS: [string, string | null][] = [
  ["US$", "USD"],
  ["AU$", "AUD"],
  ["A$", "AUD"],
  ["CA$", "CAD"],
  ["C$", "CAD"],
  ["NZ$", "NZD"],
  ["HK$", "HKD"],
  ["S$", "SGD"],
  ["R$", "BRL"],
  ["MX$", "MXN"],
  ["CN¥", "CNY"],
  ["$", "USD"],
  ["€", "EUR"],
  ["£", "GBP"],
  ["¥", "JPY"],
  ["円", "JPY"],
  ["元", "CNY"],
  ["RMB", "CNY"],
  ["₹", "INR"],
  ["Rs.", "INR"],
  ["Rs", "INR"],
  ["₩", "KRW"],
  ["฿", "THB"],
  ["₫", "VND"],
  ["₺", "TRY"],
  ["₱", "PHP"],
  ["₪", "ILS"],
  ["zł", "PLN"],
  ["Kč", "CZK"],
  ["Rp", "IDR"],
  ["Dhs", "AED"],
  ["SFr.", "CHF"],
  ["kr.", null],
  ["kr", null],
];
/** ISO codes recognized as words (uppercase only, so "try" or "cad" in prose are not currencies). */
const CODES = [
  "USD",
  "EUR",
  "GBP",
  "JPY",
  "INR",
  "CHF",
  "AED",
  "AUD",
  "CAD",
  "NZD",
  "SGD",
  "HKD",
  "CNY",
  "KRW",
  "THB",
  "MYR",
  "IDR",
  "PHP",
  "VND",
  "SEK",
  "NOK",
  "DKK",
  "ISK",
  "PLN",
  "CZK",
  "HUF",
  "ZAR",
  "BRL",
  "MXN",
  "SAR",
  "QAR",
  "KWD",
  "BHD",
  "OMR",
  "ILS",
  "EGP",
  "MAD",
  "LKR",
  "NPR",
  "TWD",
  "ARS",
  "CLP",
  "COP",
  "PEN",
  "RON",
];
/** Currencies normally written without minor units. */
export const ZERO_DECIMAL = new Set(["JPY", "KRW", "VND", "CLP", "ISK", "IDR", "HUF", "TWD"]);

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const MARK = [...SYMBOLS.map(([s]) => s), ...CODES]
  .sort((a, b) => b.length - a.length)
  .map(esc)
  .join("|");
const BEFORE = new RegExp(`(\\(\\s*)?(-)?(?:(${MARK})\\s?)?(-)?$`);
const AFTER = new RegExp(`^(?:\\s?(${MARK}))?(?:\\s?(CR|DR|Cr|Dr)\\b)?(\\s*\\))?(-(?!\\d))?`);
// Digits with separators; or groups of three after single spaces before a decimal comma or point,
// as French, Swiss and Scandinavian folios print thousands ("1 234,56").
const CORE = /\d{1,3}(?: \d{3})+[.,]\d{2}(?![\d.,])|\d[\d.,']*/g;

export function currencyOf(mark: string): string | null {
  if (CODES.includes(mark)) return mark;
  return SYMBOLS.find(([s]) => s === mark)?.[1] ?? null;
}

/** Reads digits with separators; null when it is not a well-formed amount. */
export function readNumber(core: string): { value: number; decimals: number; grouped: boolean } | null {
  const seps = [...core.matchAll(/[.,']/g)].map((m) => ({ ch: m[0], at: m.index! }));
  let decimalAt = -1;
  if (seps.length > 0) {
    const last = seps[seps.length - 1]!;
    const after = core.length - last.at - 1;
    const mixed = new Set(seps.map((s) => s.ch)).size > 1;
    if (last.ch !== "'" && (mixed || (seps.length === 1 && (after !== 3 || /^0[.,]/.test(core))))) {
      if (after < 1 || after > 3) return null;
      decimalAt = last.at;
    }
  }
  const intPart = decimalAt >= 0 ? core.slice(0, decimalAt) : core;
  const groups = intPart.split(/[.,']/);
  if (groups.length > 1) {
    const grpSeps = new Set(intPart.match(/[.,']/g));
    if (grpSeps.size > 1 || (decimalAt >= 0 && grpSeps.has(core[decimalAt]!))) return null;
    const [first, ...rest] = groups;
    const western = rest.every((g) => g.length === 3);
    const indian = rest.length >= 2 && rest.slice(0, -1).every((g) => g.length === 2) && rest.at(-1)!.length === 3;
    if (!first || first.length > 3 || !(western || indian)) return null;
  }
  const digits = groups.join("") + (decimalAt >= 0 ? "." + core.slice(decimalAt + 1) : "");
  if (!/^\d+(\.\d+)?$/.test(digits)) return null;
  return { value: Number(digits), decimals: decimalAt >= 0 ? core.length - decimalAt - 1 : 0, grouped: groups.length > 1 };
}

/** Every amount in a line (dates should be masked out first), left to right. */
export function findMoney(line: string): Money[] {
  const out: Money[] = [];
  CORE.lastIndex = 0;
  for (let m = CORE.exec(line); m; m = CORE.exec(line)) {
    let core = m[0].replace(/ /g, "'");
    while (/[.,']$/.test(core)) core = core.slice(0, -1); // a sentence's full stop or comma
    const num = readNumber(core);
    if (!num) continue;
    const coreStart = m.index;
    const coreEnd = m.index + core.length;
    const before = BEFORE.exec(line.slice(Math.max(0, coreStart - 8), coreStart))!;
    const after = AFTER.exec(line.slice(coreEnd))!;
    const start = coreStart - before[0].length;
    const end = coreEnd + after[0].length;
    const prev = line[start - 1];
    const next = line[end];
    // Glued to a word or a number (A1205, 160-0022, 3rd, 12:30, 15%): not an amount.
    if (prev !== undefined && /[\p{L}\p{N}/:#@.,-]/u.test(prev) && !before[3]) continue;
    if (prev !== undefined && /[\p{L}\p{N}]/u.test(prev) && before[3] && /^[A-Za-z]/.test(before[3]) && /\p{L}/u.test(prev)) continue;
    if (next !== undefined && (/[\p{L}\p{N}%/:°]/u.test(next) || /^[-.,]\d/.test(line.slice(end)))) continue;
    const mark = before[3] ?? after[1] ?? null;
    const negative = Boolean(before[2] || before[4] || after[4] || after[2]?.toUpperCase() === "CR" || (before[1] && after[3]));
    out.push({
      start,
      end,
      value: negative ? -num.value : num.value,
      decimals: num.decimals,
      currency: mark ? currencyOf(mark) : null,
      marked: Boolean(mark) || num.grouped,
      wordAfter: !mark && /^\s?\p{L}{2}/u.test(line.slice(end)),
    });
  }
  return out;
}

/**
 * The document's currency: a "Currency: XXX" label first, then the most frequent mark.
 * "$" and "¥" follow an explicit dollar or yuan code elsewhere in the text (C$ → CAD, RMB → CNY).
 */
/** Currencies written out as words, in the six label languages. */
const WORDS: [RegExp, string][] = [
  [/\beuros?\b/i, "EUR"],
  [/\b(?:us\s+)?dollars?\b|\bd[oó]lares\b|\bdollari\b/i, "USD"],
  [/\bpounds?\s+sterling\b/i, "GBP"],
  [/\brupees?\b/i, "INR"],
  [/\bswiss\s+francs?\b|\bfrancs?\s+suisses?\b|\bschweizer\s+franken\b/i, "CHF"],
];

export function detectCurrency(lines: string[]): string | null {
  const text = lines.join("\n");
  const label = /\b(?:currency|währung|devise|moneda|valuta|all amounts (?:are )?in|amounts in)\s*[:\-]?\s*([A-Z]{3})\b/i.exec(text);
  if (label && CODES.includes(label[1]!.toUpperCase())) return label[1]!.toUpperCase();
  const counts = new Map<string, number>();
  for (const [re, code] of WORDS) {
    const n = text.match(new RegExp(re.source, "gi"))?.length ?? 0;
    if (n) counts.set(code, n);
  }
  const re = new RegExp(`(?<![A-Za-z])(${MARK})(?![A-Za-z])`, "g");
  let dollar = 0;
  let yen = 0;
  for (const m of text.matchAll(re)) {
    if (m[1] === "$") dollar++;
    else if (m[1] === "¥") yen++;
    else {
      const code = currencyOf(m[1]!);
      if (code) counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  }
  if (dollar) {
    const fam = [...counts.keys()].filter((c) => /^(USD|AUD|CAD|NZD|HKD|SGD|MXN|BRL)$/.test(c));
    const code = fam.sort((a, b) => counts.get(b)! - counts.get(a)!)[0] ?? "USD";
    counts.set(code, (counts.get(code) ?? 0) + dollar);
  }
  if (yen) {
    const code = counts.has("CNY") ? "CNY" : "JPY";
    counts.set(code, (counts.get(code) ?? 0) + yen);
  }
  let best: string | null = null;
  for (const [code, n] of counts) if (best === null || n > counts.get(best)!) best = code;
  return best;
}
