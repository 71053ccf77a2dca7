// A guest's name as folios print it, made into the name: courtesy titles in six languages taken off
// ("Herr", "Mme", "Sr.", "Sig.ra"), OCR damage repaired where it is sure
// (lookalike letters, "HerrJensWalter" split) and scored where it is not ("Wa!ter", "dens Walter").
import { phrases } from "./labels";
import { latinLookalikes, UNREAD } from "./ocr";
import { nameSimilarity, nameTokens } from "./names";

export interface GuestName {
  name: string;
  /** 0..1: how sure the rules are that this is the printed name, letter for letter. */
  confidence: number;
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const TITLES = phrases("titles").map((t) => esc(t).replace(/\\\./g, "\\.?"));
/** A title before a name: "Herr ", "Mme. ", "Sig.ra ", or glued to it by OCR ("HerrJens"). */
const TITLE = new RegExp(`^(?:(?:${TITLES.join("|")})\\.?\\s+|(?:${TITLES.filter((t) => t.length >= 4).join("|")})(?=\\p{Lu}))`, "iu");
/** Surname particles written in lowercase ("de Vries", "van der Berg", "di Stefano"): not damage. */
const PARTICLE = /^(?:de|der|den|van|von|zu|di|da|del|della|dos|das|du|des|le|la|y|e|bin|al|el|ter|ten)$/;
const COMPANY = /\b(?:gmbh|ag|kg|ltd|llc|inc|corp|s\.?a\.?r?\.?l?|b\.?v\.?|s\.?p\.?a\.?|s\.?r\.?l\.?|consult\w*|company|group|hotel|holding)\b/i;

/** The cleaned name, or null when the text is not a person's name (a company, a phrase). */
export function cleanGuestName(raw: string): GuestName | null {
  let s = latinLookalikes(raw.replace(/\s*\(.*$/, "").trim());
  let confidence = 0.95;
  if (COMPANY.test(s.replace(/!/g, "l"))) return null;
  s = s.replace(/[\s,;:.\-]+$/, "").replace(/^[\s:;.,\-]+/, "");
  for (let i = 0; i < 2 && TITLE.test(s); i++) s = s.replace(TITLE, "");
  s = s.replace(/\s*(?:様|殿|さま)$/u, "").trim();
  // "Walter, Jens" stays as printed (surname first): name matching reads words in any order.
  // One run-together word ("JensWalter"): OCR lost the spaces.
  if (!/\s/.test(s) && /\p{Ll}[!|]?\p{Lu}/u.test(s)) {
    s = s.replace(/([\p{Ll}!|])(?=\p{Lu})/gu, "$1 ");
    confidence -= 0.1;
  }
  const words = s.split(/\s+/).filter(Boolean);
  if (!words.length || s.length < 2 || s.length > 80) return null;
  // Signs of damage: a character that is not a letter inside a word, a word that starts in lowercase
  // among capitalised ones ("dens Walter").
  if (words.some((w) => UNREAD.test(w.replace(/^[!|]+|[!|,]+$/g, "")) || /[^\p{L}'’.,\-]/u.test(w))) confidence -= 0.5;
  if (words.some((w) => /^\p{Ll}/u.test(w) && !PARTICLE.test(w)) && words.some((w) => /^\p{Lu}/u.test(w))) confidence -= 0.5;
  return { name: s, confidence: Math.max(0.05, confidence) };
}

/** Two words the same but for the letters OCR could not read (a "!" stands for any letter). */
function ocrSameWord(printed: string, known: string): boolean {
  const p = printed.toLowerCase();
  const k = known.toLowerCase();
  if (p.length !== k.length) return false;
  let unread = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] === k[i]) continue;
    if (!UNREAD.test(p[i]!)) return false;
    unread++;
  }
  return unread <= Math.max(1, Math.floor(p.length / 2));
}

/**
 * Whether a damaged printed name is the record's guest: every word of each accounted for in the
 * other, a word matching when it differs only by unread letters or by one typo. Then the record's
 * spelling is the name (the text is evidence, the record is the spelling).
 */
export function confirmsRecordName(printed: string, recordName: string): boolean {
  const p = printed.split(/\s+/).filter(Boolean);
  const k = nameTokens(recordName);
  if (!p.length || !k.length) return false;
  const pool = [...k];
  for (const w of p) {
    const folded = nameTokens(w)[0] ?? "";
    if (!folded && !UNREAD.test(w)) continue; // a title
    const at = pool.findIndex((x) => ocrSameWord(w, x) || nameSimilarity(w, x) >= 0.999);
    if (at < 0) return false;
    pool.splice(at, 1);
  }
  return pool.length === 0;
}
