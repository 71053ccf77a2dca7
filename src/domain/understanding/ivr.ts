// chooseIvrOption: read a phone menu ("for billing press 3", "press 0 for the operator", "para español
// oprima 9"), pair each key with what it is for, and pick the key most likely to reach someone who can
// email a folio. Never a key that leads to sales, bookings, outlets or a language switch.
import { mapText, numberWordsToDigits, replaceMapped } from "./mapped-text";

export interface IvrChoice {
  digits: string;
  reason: string;
}

export interface IvrOption {
  digits: string;
  description: string;
}

interface Category {
  name: string;
  score: number;
  pattern: RegExp;
}

// Best first. A description takes the score of the best category it mentions.
const categories: Category[] = [
  {
    name: "billing/accounts",
    score: 50,
    pattern:
      /\b(?:folios?|invoices?|invoicing|receipts?|billing|bills?|accounts? receivable|guest accounts?|accounting|accounts? department|accounts? team|accounts? office|credit (?:department|office|manager)|finance|financial|city ledger|charges?|statements?|payments?|refunds?|night audit(?:or)?|facturaci[oó]n|facturas?|contabilidad|cuentas|comptabilit[eé]|facturation|factures?)\b/,
  },
  {
    name: "past stay",
    score: 45,
    pattern:
      /\b(?:(?:a |your )?(?:recent|past|previous|prior|completed) (?:stay|visit)|after your stay|post-?stay|(?:already )?checked out|(?:stay|visit) that (?:has )?(?:already )?(?:ended|finished|concluded))\b/,
  },
  {
    name: "front desk",
    score: 40,
    pattern:
      /\b(?:front desk|front office|reception(?:ist)?|recepci[oó]n|r[eé]ception|guest services?|guest relations|guest experience|duty manager|manager on duty|rooms? division|the hotel directly|hotel operator|(?:speak|talk) (?:to|with) (?:someone at |a member of )?(?:the )?hotel)\b|^(?:for |to reach |reach |to speak (?:to|with) )?(?:the |this )?(?:hotel|property|resort|inn|lodge)(?: directly| itself)?$/,
  },
  { name: "accounts payable", score: 32, pattern: /\baccounts? payable\b/ },
  {
    name: "existing reservation",
    score: 30,
    pattern:
      /\b(?:(?:existing|current|confirmed|previous|past|upcoming) (?:reservations?|bookings?|stays?)|(?:modify|change|cancel|confirm|check on|questions? about|calling about|regarding) (?:a|an|your|the|my)(?: existing| current)? (?:reservations?|bookings?|stay)|reservations? (?:you|that you) (?:already )?(?:have|made)|already have a (?:reservation|booking))\b/,
  },
  { name: "in-house guest", score: 28, pattern: /\b(?:in-?house guests?|(?:currently )?staying (?:with us|at the hotel)|(?:hotel|registered|current) guests?|if you are a guest)\b/ },
  { name: "concierge", score: 20, pattern: /\bconcierge\b/ },
  {
    name: "operator",
    score: 10,
    pattern:
      /\b(?:operator|(?:all|any) other (?:inquiries|enquiries|questions|requests|matters|calls)|other (?:inquiries|enquiries|questions|requests|departments)|everything else|anything else|general (?:inquiries|enquiries|questions|information)|(?:a |an )?(?:live )?(?:representative|person|associate|team member|staff member|agent|human)|someone|somebody|customer service|all others)\b/,
  },
];

const never =
  /\b(?:new (?:reservations?|bookings?)|make (?:a |an )?(?:new )?(?:reservations?|bookings?)|book (?:a |your )?(?:room|stay|reservation)|reservations? (?:line|department|office|team)|room reservations|sales|groups?|events?|catering|meetings?|weddings?|banquets?|conferences?|restaurants?|dining|room service|bar|lounge|spa|massage|salon|fitness|gym|pool|golf|tennis|valet|parking|shuttle|transportation|directions|location|hours|employment|careers?|jobs?|human resources|hr|recruit\w*|marketing|media|vendors?|suppliers?|purchasing|deliveries|loyalty|rewards|points|membership|rates|availability|special offers|packages|gift (?:cards?|certificates?)|espa[nñ]ol|spanish|fran[cç]ais|french|deutsch|german|english|chinese|mandarin|italiano|portugu[eê]s|japanese|language|repeat|hear (?:these|this|the) (?:options|menu)|main menu|previous menu|start over|go back|return to|lost and found|housekeeping|maintenance|engineering|directory|dial by name|(?:party'?s|the|their|an) extension|fax)\b/;

// "reservations" alone means the booking office; with a word about an existing one it is category 5.
const bareReservations = /\breservations?\b|\bbookings?\b/;

const keyVerb =
  "(?:press(?:ing)?|dial|enter|select|push|hit|key in|choose|touch|say|option|oprima|marque|pulse|presione|digite|appuyez sur(?: la touche)?|tapez|composez|w[aä]hlen sie|dr[uü]cken sie(?: die)?)";
const keyDigits = "(\\d(?:[ -]?\\d){0,5}|\\*|#)";
const actionRe = new RegExp(`\\b${keyVerb}\\s+(?:or say\\s+)?(?:the\\s+|el\\s+|la\\s+|le\\s+)?(?:number\\s+|n[uú]mero\\s+|option\\s+|opci[oó]n\\s+)?${keyDigits}(?:\\s*key)?`, "g");
// List continuation after a first "press": "press 1 for reservations, 2 for billing".
const listRe = /(?:^|\bor\s+|\band\s+)\s*(\d|\*|#)\s+(?=for\b|to\b|if\b|para\b|pour\b)/g;

function normalizeMenu(text: string): string {
  let m = mapText(text);
  m = replaceMapped(m, /\b(?:the )?(?:star|asterisk|asterisco|[eé]toile)(?: key| sign| button)?\b/g, "*");
  m = replaceMapped(m, /\b(?:the )?(?:pound|hash|number sign|numeral|almohadilla|gato|di[eè]se)(?: key| sign| button)?\b/g, "#");
  m = replaceMapped(m, /\b(?:uno|una)\b/g, "1");
  const es: Record<string, string> = { dos: "2", tres: "3", cuatro: "4", cinco: "5", seis: "6", siete: "7", ocho: "8", nueve: "9", cero: "0" };
  m = replaceMapped(m, /\b(dos|tres|cuatro|cinco|seis|siete|ocho|nueve|cero)\b/g, (w) => es[w] ?? w);
  m = numberWordsToDigits(m);
  m = replaceMapped(m, new RegExp(`(${keyVerb}\\s+)(?:zero|oh)\\b`, "g"), "$10");
  return m.text;
}

interface Action {
  from: number;
  to: number;
  digits: string;
}

function actionsIn(clause: string, listMode: boolean): Action[] {
  const found: Action[] = [];
  for (const m of clause.matchAll(actionRe)) {
    found.push({ from: m.index ?? 0, to: (m.index ?? 0) + m[0].length, digits: (m[1] ?? "").replace(/[ -]/g, "") });
  }
  if (listMode) {
    for (const m of clause.matchAll(listRe)) {
      const from = (m.index ?? 0) + m[0].indexOf(m[1] ?? "");
      if (!found.some((a) => a.from <= from && from < a.to)) found.push({ from, to: from + 1, digits: m[1] ?? "" });
    }
  }
  return found.sort((a, b) => a.from - b.from);
}

const filler = /^(?:\s|,|\bplease\b|\bnow\b|\bor\b|\band\b|\bat any time\b|\banytime\b)*$/;

/** Every key the menu offers, with the words that go with it. */
export function parseIvrMenu(menuText: string): IvrOption[] {
  const text = normalizeMenu(menuText);
  const listMode = new RegExp(`\\b${keyVerb}\\s`).test(text);
  const options: IvrOption[] = [];
  for (const sentence of text.split(/[.!?;:\n]+|\.\s/)) {
    const clauses = sentence.split(/,/);
    let pending: string[] = [];
    let lastAfterStyle: IvrOption | null = null;
    for (const clause of clauses) {
      const acts = actionsIn(clause, listMode);
      if (acts.length === 0) {
        pending.push(clause.trim());
        continue;
      }
      const first = acts[0];
      const afterStyle = first !== undefined && filler.test(clause.slice(0, first.from)) && !filler.test(clause.slice(first.to));
      for (let i = 0; i < acts.length; i++) {
        const a = acts[i] as Action;
        const prev = acts[i - 1];
        const next = acts[i + 1];
        const desc = afterStyle ? clause.slice(a.to, next ? next.from : clause.length) : clause.slice(prev ? prev.to : 0, a.from) + (next ? "" : ` ${clause.slice(a.to)}`);
        const borrowed = i === 0 && !afterStyle ? pending.join(", ") : "";
        const description = `${borrowed} ${desc}`.replace(/\s+/g, " ").replace(/^(?:[\s,]|\b(?:or|and|please|now)\b)+|(?:[\s,]|\b(?:or|and|please|now)\b)+$/g, "");
        const option = { digits: a.digits, description };
        options.push(option);
        lastAfterStyle = afterStyle ? option : null;
      }
      pending = [];
    }
    if (pending.length > 0 && lastAfterStyle) lastAfterStyle.description += `, ${pending.join(", ")}`;
  }
  return options;
}

function score(option: IvrOption): { score: number; rule: string } | null {
  const d = option.description;
  let best: Category | null = null;
  for (const c of categories) if (c.pattern.test(d) && (!best || c.score > best.score)) best = c;
  const banned = never.exec(d) ?? (bareReservations.test(d) && (!best || best.score < 30) ? bareReservations.exec(d) : null);
  if (banned) {
    if (!best || best.score < 40) return null;
    return { score: best.score - 15, rule: `${best.name}, despite "${banned[0]}"` };
  }
  if (best) return { score: best.score + (option.digits === "0" ? 1 : 0), rule: best.name };
  if (option.digits === "0") return { score: 8, rule: "0 is the operator by convention" };
  return null;
}

export function chooseIvrOption(menuText: string, goal: "folio"): IvrChoice | null {
  if (goal !== "folio" || typeof menuText !== "string") return null;
  let best: { option: IvrOption; score: number; rule: string } | null = null;
  for (const option of parseIvrMenu(menuText)) {
    const s = score(option);
    if (s && (!best || s.score > best.score)) best = { option, ...s };
  }
  if (!best) return null;
  const what = best.option.description ? `"${best.option.description}"` : "(no description)";
  return {
    digits: best.option.digits,
    reason: `rules: option ${best.option.digits} ${what} → ${best.rule}`,
  };
}
