// The words of a front-desk reply, made regular before the intent rules read them: lower case,
// contractions spelled out ("can't" → "can not"), fillers gone, and idioms that look negative but are
// not ("no problem") or look positive but are not ("not sure") turned into tokens the rules know.

export const AFFIRM_TOKEN = "sure";
export const HEDGE_TOKEN = "HEDGE";

const contractions: Array<[RegExp, string]> = [
  [/\b(can ?not|can't|cant|cannot)\b/g, "can not"],
  [/\bwon'?t\b/g, "will not"],
  [/\bshan'?t\b/g, "shall not"],
  [/\bain'?t\b/g, "is not"],
  [/\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|might|need)n'?t\b/g, "$1 not"],
  [/\b(i|you|we|they|he|she|it|that|there|who|someone|somebody|billing|accounting)'ll\b/g, "$1 will"],
  [/\b(you|we|they|who)'re\b/g, "$1 are"],
  [/\b(i|you|we|they|who|would|could|should|must|might)'ve\b/g, "$1 have"],
  [/\bi'm\b|\bim\b/g, "i am"],
  [/\b(i|you|we|they|he|she|it|that|there|who)'d\b/g, "$1 would"],
  [/\b(it|that|what|who|where|there|here|he|she|how|when|why|which|nobody|nothing|anything|everything|everyone|someone|somebody|anybody|anyone|this|name|number|email|address|date)'s\b/g, "$1 is"],
  [/\blet's\b/g, "let us"],
  [/\b(what|who|where|that|there|how)s\b/g, "$1 is"],
  [/\blemme\b/g, "let me"],
  [/\bgimme\b/g, "give me"],
  [/\bgonna\b/g, "going to"],
  [/\bwanna\b/g, "want to"],
  [/\bgotta\b/g, "got to"],
  [/\b(pls|plz)\b/g, "please"],
  [/\bya\b/g, "you"],
];

const affirmIdioms =
  /\b(?:no problem(?:o)?|not a problem|no prob|no worries|not to worry|no trouble|not an issue|no issue|no big deal|not a big deal|no bother|it is no bother|why not|(?:i )?do not see why not|(?:i )?(?:do|would) not mind|no reason (?:why )?(?:we|i) can not|(?:i )?can not see (?:why not|a problem|any problem|an issue)|not at all)\b/g;
const hedgeIdioms =
  /\b(?:(?:i am |i'm )?not (?:really |quite |totally |entirely |too |so |completely |a hundred percent |100 percent |100% )?(?:sure|certain)|unsure|(?:i )?do not know (?:if|whether|about that|that we|if we)|i doubt|doubt (?:it|that|we|they)|maybe not|not so sure|i would have to (?:see|think)|let me think about it|not sure about that)\b/g;

export function normalizeReply(text: string): string {
  let s = ` ${text} `.toLowerCase();
  s = s
    .replace(/[\u2019\u2018`\u00b4]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, " - ");
  s = s.replace(/\be-? ?mail/g, "email");
  for (const [re, out] of contractions) s = s.replace(re, out);
  s = s.replace(/\b(?:u+m+|u+h+|erm|e+r+|hmm+|mm+|ah+|oh+)\b[,.]?/g, " ");
  s = s.replace(/\bmm-?hmm\b|\buh-?huh\b/g, "yes");
  s = s.replace(hedgeIdioms, ` ${HEDGE_TOKEN} `);
  s = s.replace(affirmIdioms, ` ${AFFIRM_TOKEN} `);
  return s.replace(/\s+/g, " ").trim();
}

export interface Clause {
  text: string;
  start: number;
}

/** Clauses split on sentence ends, commas and "but"; with their start offsets in `s`. */
export function clausesOf(s: string): Clause[] {
  const out: Clause[] = [];
  const re = /[.!?;,]+\s*|\s+(?:but|however|although|though)\s+/g;
  let last = 0;
  for (const m of s.matchAll(re)) {
    const end = m.index ?? 0;
    if (end > last) out.push({ text: s.slice(last, end), start: last });
    last = end + m[0].length;
  }
  if (last < s.length) out.push({ text: s.slice(last), start: last });
  return out;
}

const negators = new RegExp(`\\b(?:not|no|never|unable|nobody|nothing|without|neither|nor|${HEDGE_TOKEN})\\b`);

/** True when a negation or hedge comes earlier in the same clause as `index`. */
export function negatedAt(s: string, index: number): boolean {
  const before = s.slice(0, index);
  const cut = Math.max(before.lastIndexOf("."), before.lastIndexOf(","), before.lastIndexOf(";"), before.lastIndexOf("!"), before.lastIndexOf("?"), before.lastIndexOf(" but "));
  return negators.test(before.slice(cut + 1));
}

export interface Hit {
  index: number;
  text: string;
}

/** Every match of `re` in `s`, in order. */
export function allHits(s: string, re: RegExp): Hit[] {
  const g = new RegExp(re.source, re.flags.includes("g") ? re.flags : `${re.flags}g`);
  return [...s.matchAll(g)].map((m) => ({ index: m.index ?? 0, text: m[0] }));
}

/** The words of `s` just before `index` (up to `n` of them). */
export function wordsBefore(s: string, index: number, n: number): string {
  return s.slice(0, index).trim().split(/\s+/).slice(-n).join(" ");
}

export type ReplyIntent = "agree" | "refuse" | "callback" | "hold" | "not_found" | "voicemail" | "question" | "email_instead" | "other";

/** One rule that fired: what it suggests, how sure, and where in the reply (later speech usually wins). */
export interface Signal {
  intent: ReplyIntent;
  rule: string;
  score: number;
  index: number;
  text: string;
  details?: Record<string, unknown>;
}

/** Signals for every hit of `re` that passes `keep`. */
export function signalsFor(s: string, re: RegExp, intent: ReplyIntent, rule: string, score: number, keep: (hit: Hit) => boolean = () => true, details?: Record<string, unknown>): Signal[] {
  return allHits(s, re)
    .filter(keep)
    .map((h) => ({ intent, rule, score, index: h.index, text: h.text.trim(), ...(details ? { details } : {}) }));
}
