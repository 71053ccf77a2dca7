// Finding the parts of a spoken time, before any zone: a clock time, a part of the day, a day, a delay.
// Works on normalized text (lower case, digits, "half past 3" → "3:30"), reporting spans into it.
import { type MappedText, mapText, numberWordsToDigits, originalSpan, replaceMapped } from "./mapped-text";

export interface Span {
  from: number;
  to: number;
}
export interface Clock extends Span {
  hour: number;
  minute: number;
  meridiem: "am" | "pm" | null;
  /** "before 11": the speaker wants a call ahead of the hour, not at it. */
  before: boolean;
  /** "opens at 7", "gets in at 6": the start of someone's day, so early hours are morning. */
  opening?: boolean;
}
export interface PartOfDay extends Span {
  hour: number;
  minute: number;
  /** Hour after which this part of the day is over. */
  end: number;
  meridiem: "am" | "pm";
}
export type DayRef = { kind: "offset"; days: number; explicitToday: boolean } | { kind: "weekday"; weekday: number } | { kind: "monthDay"; day: number };
export type Day = DayRef & Span;
export interface Delay extends Span {
  minutes: number;
}

export function normalizeTimeText(text: string): MappedText {
  let m = mapText(text);
  m = replaceMapped(m, /\b([ap])\.\s?m\b\.?/g, "$1m");
  m = numberWordsToDigits(m);
  m = replaceMapped(m, /\b(?:12\s*)?(noon|midday|mid-day)\b/g, "12:00pm");
  m = replaceMapped(m, /\bmidnight\b/g, "12:00am");
  m = replaceMapped(m, /\b(\d{1,2})\s*-?\s*ish\b/g, "$1 o'clock");
  m = replaceMapped(m, /\b(\d{1,2}(?::\d{2})?\s*(?:am|pm))\s*-?\s*ish\b/g, "$1");
  // Delays spoken in words.
  m = replaceMapped(m, /\b(?:an?|1) (?:hour|hr) and (?:a half|30 minutes)\b|\b1\.5 (?:hours|hrs)\b/g, "90 minutes");
  m = replaceMapped(m, /\b(?:a |1 )?half(?: an|-| a)? ?hour\b/g, "30 minutes");
  m = replaceMapped(m, /\b(?:a )?quarter(?: of an|-| an)? ?hour\b/g, "15 minutes");
  m = replaceMapped(m, /\b(?:an?|1) (hour|day|week)s? or (?:so|2)\b/g, (_, u) => (u === "hour" ? "2 hours" : `2 ${u}s`));
  m = replaceMapped(m, /\b(\d+)\s*(?:-|to|or|,)\s*(\d+)\s*(minutes?|mins?|hours?|hrs?|days?)\b/g, "$2 $3");
  m = replaceMapped(m, /\b(?:a )?couple(?: of)?(?: more)? (minutes?|mins?)\b/g, "5 minutes");
  m = replaceMapped(m, /\b(?:a )?couple(?: of)?(?: more)? (hours?|days?|weeks?)\b/g, "2 $1");
  m = replaceMapped(m, /\b(?:a )?(?:few|several)(?: more)? (minutes?|mins?)\b/g, "10 minutes");
  m = replaceMapped(m, /\b(?:a )?(?:few|several)(?: more)? (hours?|days?)\b/g, "3 $1");
  m = replaceMapped(m, /\b(?:an?|1) (?:more )?(minute|min|hour|hr|day|week)\b/g, "1 $1");
  // Clock times spoken in words.
  m = replaceMapped(m, /\bquarter (?:past|after) (\d{1,2})\b/g, "$1:15");
  m = replaceMapped(m, /\bhalf (?:past )?(\d{1,2})\b(?! ?(?:hours?|minutes?))/g, "$1:30");
  m = replaceMapped(m, /\b(?:a )?quarter (?:to|of|till|til|before) (\d{1,2})\b/g, (_, h) => `${prevHour(h)}:45`);
  m = replaceMapped(m, /\b(\d{1,2}) minutes (?:to|till|before|of) (\d{1,2})\b/g, (_, mm, h) => `${prevHour(h)}:${pad(60 - Number(mm))}`);
  m = replaceMapped(m, /\b([1-9]|[12]\d)(?: minutes)? (?:past|after) (\d{1,2})\b(?! ?(?:minutes?|hours?|days?))/g, (_, mm, h) => `${h}:${pad(Number(mm))}`);
  m = replaceMapped(m, /\b(\d{1,2}) oh (\d)\b/g, "$1:0$2");
  m = replaceMapped(m, /(?<![\d:.])(\d{1,2})[.\s]([0-5]\d)\b(?! ?(?:minutes?|mins?|hours?|hrs?|days?|%|percent|dollars))/g, (all, h, mm) => (Number(h) <= 12 && Number(h) > 0 ? `${h}:${mm}` : all));
  return m;
}

function prevHour(h: string): number {
  const n = Number(h);
  return n <= 1 ? 12 : n - 1;
}
function pad(n: number): string {
  return String(n).padStart(2, "0");
}

const unitAfter = /^\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|nights?|months?|years?|people|persons?|guests?|rooms?|%|percent|dollars|bucks|times|st\b|nd\b|rd\b|th\b|digits?)/;
const codeBefore = /(?:room|number|no\.?|extension|ext\.?|press|option|floor|#|confirmation|code|suite)\s*$/;
const clockRe =
  /\b(?:(at|after|around|about|by|before|till|until|til|past|from|say|like|approximately|roughly|towards?|closer to|between|in at|back at|not before|no earlier than|no later than|anytime after|any time after)\s+)?(\d{1,2})(?!\d|,\d)(?::(\d{2})(?!\d))?(?:\s*(am|pm|o'?clock|oclock)\b)?/g;

/** The first clock time that reads as one: "after 3", "10:30", "4pm", "at 9", "3 o'clock". */
export function findClock(t: string): Clock | null {
  for (const m of t.matchAll(clockRe)) {
    const [all, prep, hh, mm, mer] = m;
    const from = m.index ?? 0;
    const to = from + all.length;
    const hour = Number(hh);
    const minute = mm ? Number(mm) : 0;
    if (hour > 23 || minute > 59) continue;
    if (unitAfter.test(t.slice(to)) || codeBefore.test(t.slice(Math.max(0, from - 14), from))) continue;
    if (!prep && !mm && !mer && !/^\s*(?:tomorrow|today|tonight|this (?:morning|afternoon|evening)|in the (?:morning|afternoon|evening))/.test(t.slice(to))) continue;
    if (!prep && !mm && !mer && hour === 0) continue;
    let meridiem: "am" | "pm" | null = null;
    if (mer === "am") meridiem = "am";
    else if (mer === "pm") meridiem = "pm";
    const opening = /\b(?:opens?|starts?|arrives?|(?:gets?|comes?|is|are|will be) in|in the office)\s*(?:at\s*)?$/.test(t.slice(Math.max(0, from - 24), from + (prep?.length ?? 0) + 1));
    return { from, to, hour, minute, meridiem, before: /^(?:before|by|no later than)$/.test(prep ?? ""), opening };
  }
  return null;
}

const parts: Array<[RegExp, number, number, number, "am" | "pm"]> = [
  [/\bfirst thing(?: in the morning)?\b/, 9, 0, 11, "am"],
  [/\bearly (?:in the )?morning\b/, 9, 0, 11, "am"],
  [/\blate (?:in the )?morning\b/, 11, 0, 12, "am"],
  [/\bmid-?morning\b/, 10, 30, 12, "am"],
  [/\bbefore lunch(?:time)?\b/, 11, 0, 12, "am"],
  [/\bafter (?:lunch(?:time)?|the lunch (?:rush|hour|break)|12:00pm)\b/, 14, 0, 16, "pm"],
  [/\b(?:(?:around|about|over|during|by|at|before|until|till) )?lunch ?time\b|\b(?:around|about|over|during|by) lunch\b/, 12, 30, 14, "pm"],
  [/\bearly (?:in the )?afternoon\b/, 13, 0, 15, "pm"],
  [/\bmid-?afternoon\b/, 15, 0, 16, "pm"],
  [/\b(?:around |at |by )?tea ?time\b/, 16, 0, 17, "pm"],
  [/\blate (?:in the )?afternoon\b/, 16, 0, 17, "pm"],
  [
    /\b(?:(?:by |at |before )?(?:the )?end of (?:the )?(?:business |work(?:ing)? )?day|close of business|end of business|\bcob\b|\beod\b|before (?:we|they|the office|billing|accounting) closes?|closing time)\b/,
    17,
    0,
    18,
    "pm",
  ],
  [/\b(?:this |in the |during the )?afternoon\b/, 14, 0, 17, "pm"],
  [/\b(?:this |in the |during the )?morning\b/, 10, 0, 12, "am"],
  [/\b(?:this |in the |during the )?evening\b/, 18, 0, 21, "pm"],
  [/\btonight\b/, 19, 0, 22, "pm"],
];

export function findPartOfDay(t: string): PartOfDay | null {
  for (const [re, hour, minute, end, meridiem] of parts) {
    const m = re.exec(t);
    if (m) return { from: m.index, to: m.index + m[0].length, hour, minute, end, meridiem };
  }
  return null;
}

const weekdays = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
const weekdayRe = /\b(?:(?:this|next|coming|on|until|after)\s+)?(sunday|monday|tuesday|tues|wednesday|thursday|thurs|friday|saturday)s?\b/;

export function findDay(t: string): Day | null {
  const hits: Day[] = [];
  const add = (re: RegExp, ref: (m: RegExpExecArray) => DayRef | null) => {
    const m = re.exec(t);
    if (!m || /\bnot\s*$/.test(t.slice(Math.max(0, m.index - 5), m.index))) return;
    const r = ref(m);
    if (r) hits.push({ ...r, from: m.index, to: m.index + m[0].length });
  };
  add(/\b(?:the )?day after (?:tomorrow|tmrw)\b/, () => ({ kind: "offset", days: 2, explicitToday: false }));
  add(/\b(?:tomorrow|tomorow|tmrw|tmr)\b/, () => ({ kind: "offset", days: 1, explicitToday: false }));
  add(/\b(?:today|tonight|this (?:morning|afternoon|evening))\b/, () => ({ kind: "offset", days: 0, explicitToday: true }));
  add(/\b(?:in|within|after|another|give (?:it|us|me|them|him|her)|wait|try again in)\s+(\d+) (day|week)s?\b/, (m) => ({
    kind: "offset",
    days: Number(m[1]) * (m[2] === "week" ? 7 : 1),
    explicitToday: false,
  }));
  add(/\b(?:(?:early |first thing )?next week|the following week|after the weekend|on monday next week)\b/, () => ({ kind: "weekday", weekday: 1 }));
  add(/\blater (?:this|in the) week\b/, () => ({ kind: "offset", days: 2, explicitToday: false }));
  add(/\b(?:(?:the )?end of (?:the|this) week)\b/, () => ({ kind: "weekday", weekday: 5 }));
  add(/\b(?:this|over the|on the|at the) weekend\b/, () => ({ kind: "weekday", weekday: 6 }));
  add(weekdayRe, (m) => {
    const name = m[1] ?? "";
    const idx = weekdays.findIndex((w) => w.startsWith(name));
    return idx < 0 ? null : { kind: "weekday", weekday: idx };
  });
  add(/\b(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b(?! (?:floor|room|night|time|guest|one|person|option|extension|line|call|attempt))/, (m) => {
    const d = Number(m[1]);
    return d >= 1 && d <= 31 ? { kind: "monthDay", day: d } : null;
  });
  if (hits.length === 0) return null;
  // Prefer the most specific reference when several are present ("tomorrow, Tuesday").
  const rank = (d: Day) => (d.kind === "offset" && d.explicitToday ? 0 : d.kind === "offset" ? 2 : 1);
  return hits.sort((a, b) => rank(b) - rank(a) || a.from - b.from)[0] ?? null;
}

const delayRe =
  /\b(?:(?:in|within|after|give (?:it|us|me|them|him|her)|wait|another|about|around|for|take|maybe|like)\s+)?(?:(?:another|an extra|a further|a good)\s+)?(\d+(?:\.\d+)?)\s*(?:more\s+)?(minutes?|mins?|hours?|hrs?)\b(?:\s+(?:from now|or so|or more|tops))?/g;

/** A delay in minutes: "in 2 hours", "give us 20 minutes", "90 minutes". Not "2 hours ago". */
export function findDelay(t: string): Delay | null {
  for (const m of t.matchAll(delayRe)) {
    const from = m.index ?? 0;
    const to = from + m[0].length;
    if (/^\s*(?:ago|late|early|behind|each|per|long)/.test(t.slice(to)) || /\b(?:for the (?:last|past)|been)\s*$/.test(t.slice(0, from))) continue;
    const n = Number(m[1]);
    const minutes = /^h/.test(m[2] ?? "") ? n * 60 : n;
    if (minutes > 0 && minutes <= 24 * 60) return { from, to, minutes: Math.round(minutes) };
  }
  // "call back in 10": a round number of minutes, said without the unit.
  const bare = /\b(?:in|give (?:us|me|it) (?:another )?|another) (5|10|15|20|30|45)\b(?![:.\d]| ?(?:am|pm|o'?clock|minutes?|mins?|hours?|hrs?|days?|weeks?|th|st|nd|rd|people|rooms?)\b)/.exec(t);
  if (bare) return { from: bare.index, to: bare.index + bare[0].length, minutes: Number(bare[1]) };
  const vague: Array<[RegExp, number]> = [
    [/\b(?:shortly|in a few|in a moment)\b/, 30],
    [/\b(?:in a (?:little )?(?:bit|while)|in a little|a little (?:bit )?later|a bit later)\b/, 60],
    [/\blater(?: on| today| this (?:morning|afternoon|evening)| in the day)?\b/, 120],
  ];
  for (const [re, minutes] of vague) {
    const m = re.exec(t);
    if (m && !/\blater (?:this|in the) week/.test(t.slice(m.index))) return { from: m.index, to: m.index + m[0].length, minutes };
  }
  return null;
}

/** The time phrase in `text`, in its own words, without resolving it (for `when_text`). */
export function findTimePhrase(text: string): string | null {
  const n = normalizeTimeText(text);
  const spans = [findClock(n.text), findPartOfDay(n.text), findDay(n.text), findDelay(n.text)].filter((s): s is NonNullable<typeof s> => s !== null);
  if (spans.length === 0) return null;
  const from = Math.min(...spans.map((s) => s.from));
  const to = Math.max(...spans.map((s) => s.to));
  return originalSpan(n, from, to) || null;
}
