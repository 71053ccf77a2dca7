// What the agent says, word for word. Written for the ear: dates as a person says them, codes and email
// addresses spelled so the front desk can type them while listening, one idea per sentence (each
// sentence is its own marked chunk, so a barge-in cuts between ideas, not inside one).
import type { FolioCallParams, FolioCallRecord } from "./contract";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th");
  return `${n}${suffix}`;
}

function parts(iso: string): { y: number; m: number; d: number } {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return { y, m, d };
}

/** "October 1st to the 3rd, 2026", "October 30th to November 2nd, 2026", across years in full. */
export function spokenStay(checkIn: string, checkOut: string): string {
  const a = parts(checkIn);
  const b = parts(checkOut);
  const monthA = MONTHS[a.m - 1] ?? "";
  const monthB = MONTHS[b.m - 1] ?? "";
  if (a.y !== b.y) return `${monthA} ${ordinal(a.d)}, ${a.y} to ${monthB} ${ordinal(b.d)}, ${b.y}`;
  if (a.m === b.m) return `${monthA} ${ordinal(a.d)} to the ${ordinal(b.d)}, ${a.y}`;
  return `${monthA} ${ordinal(a.d)} to ${monthB} ${ordinal(b.d)}, ${a.y}`;
}

/** Letters and digits one by one: "CNF1001" → "C-N-F-1-0-0-1". */
export function spelled(code: string): string {
  return [...code.replace(/\s+/g, "")].join("-").toUpperCase();
}

/** Letters one by one, in groups of four when there are many, so a listener can keep up: "a-b-c-d, e-f-g-h". */
function groups(word: string): string {
  const letters = [...word];
  if (letters.length <= 6) return letters.join("-");
  const out: string[] = [];
  for (let i = 0; i < letters.length; i += 4) out.push(letters.slice(i, i + 4).join("-"));
  return out.join(", ");
}

/** "folios+abc123@folio.example.com" → "f-o-l-i-o-s plus a-b-c-1-2-3, at folio dot example dot com". */
export function spokenEmail(address: string): string {
  const [local = "", domain = ""] = address.toLowerCase().split("@");
  const symbol: Record<string, string> = { "+": "plus", ".": "dot", "-": "dash", _: "underscore" };
  const localWords = local
    .split(/([+._-])/)
    .filter((p) => p !== "")
    .map((p) => symbol[p] ?? groups(p));
  const domainWords = domain.split(".").join(" dot ");
  return `${localWords.join(" ")}, at ${domainWords}`;
}

/** "today at 2:30 PM", "tomorrow at 10 AM", "on Monday at 10 AM", in the hotel's zone. */
export function spokenWhen(at: Date, now: Date, timeZone: string): string {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    zone = "UTC";
  }
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
  const time = new Intl.DateTimeFormat("en-US", { timeZone: zone, hour: "numeric", minute: "2-digit" }).format(at).replace(":00", "");
  const days = Math.round((Date.parse(day(at)) - Date.parse(day(now))) / 86_400_000);
  if (days === 0) return `today at ${time}`;
  if (days === 1) return `tomorrow at ${time}`;
  const weekday = new Intl.DateTimeFormat("en-US", { timeZone: zone, weekday: "long" }).format(at);
  return days < 7 ? `on ${weekday} at ${time}` : `on ${weekday}, ${new Intl.DateTimeFormat("en-US", { timeZone: zone, month: "long", day: "numeric" }).format(at)}, at ${time}`;
}

export function callerOf(p: FolioCallParams): { agent: string; company: string } {
  return { agent: p.caller?.agent_name ?? "Folio", company: p.caller?.company ?? "the travel team" };
}

export const say = {
  intro(p: FolioCallParams): string {
    const c = callerOf(p);
    return `Hi, this is ${c.agent}, calling for ${c.company}.`;
  },
  reintro(p: FolioCallParams): string {
    const c = callerOf(p);
    return `Hi, thanks for picking up. This is ${c.agent}, calling for ${c.company}.`;
  },
  screening(p: FolioCallParams): string {
    const c = callerOf(p);
    return `This is ${c.agent}, calling for ${c.company} about a guest's hotel folio.`;
  },
  record(r: FolioCallRecord, first: boolean): string {
    const lead = first ? "I'm calling about a recent stay." : "I have one more stay.";
    const conf = r.confirmation_number.trim() ? `, confirmation number ${spelled(r.confirmation_number)}` : "";
    return `${lead} The guest is ${r.guest_name}${conf}, and the stay was ${spokenStay(r.check_in, r.check_out)}.`;
  },
  ask(r: FolioCallRecord): string {
    return `Could you email the itemized folio for that stay to ${spokenEmail(r.reply_to)}?`;
  },
  askAgain(r: FolioCallRecord): string {
    return `Sorry, just to be sure: could you email the folio for ${r.guest_name} to ${spokenEmail(r.reply_to)}?`;
  },
  address(r: FolioCallRecord): string {
    return `The address is ${spokenEmail(r.reply_to)}.`;
  },
  name(r: FolioCallRecord): string {
    const words = r.guest_name.trim().split(/\s+/);
    return `The guest's name is ${r.guest_name}. That's ${words.map((w) => spelled(w)).join(", ")}.`;
  },
  confirmation(r: FolioCallRecord): string {
    return r.confirmation_number.trim() ? `The confirmation number is ${spelled(r.confirmation_number)}.` : `I don't have a confirmation number, only the name, ${r.guest_name}.`;
  },
  dates(r: FolioCallRecord): string {
    const day = (iso: string) => {
      const d = parts(iso);
      return `${MONTHS[d.m - 1] ?? ""} ${ordinal(d.d)}, ${d.y}`;
    };
    return `Check-in was ${day(r.check_in)}, and check-out ${day(r.check_out)}.`;
  },
  who(p: FolioCallParams): string {
    const c = callerOf(p);
    return `I'm ${c.agent}, an assistant calling for ${c.company} that booked the stay. They need the itemized folio for their expense records.`;
  },
  tryConfirmation(r: FolioCallRecord): string {
    const conf = r.confirmation_number.trim() ? `the confirmation number ${spelled(r.confirmation_number)}` : `the name ${r.guest_name}`;
    return `The last name is ${spelled(r.guest_name.trim().split(/\s+/).at(-1) ?? "")}. Could you try ${conf}, with the stay ${spokenStay(r.check_in, r.check_out)}?`;
  },
  thanksNext: "Thank you, I appreciate it.",
  understood: "I understand, thank you for explaining.",
  noted: "Thank you, I've noted that.",
  whichAddress: "Of course. What email address should we write to?",
  whenCallBack: "No problem. What time would be good to call back?",
  transferPlease: "I see. Could you transfer me to them, please?",
  stillThere: "Hello, are you still there?",
  closing: "That's everything. Thank you so much for your help. Goodbye.",
  closingNothing: "Thank you for your time. Goodbye.",
  callbackClosing(at: Date, now: Date, timeZone: string): string {
    return `Great, we'll call back ${spokenWhen(at, now, timeZone)}. Thank you, goodbye.`;
  },
  voicemail(p: FolioCallParams): string {
    const c = callerOf(p);
    const n = p.records.length;
    const what = n === 1 ? `a guest folio, for ${p.records[0]!.guest_name}` : `${n} guest folios`;
    return `Hello, this is ${c.agent}, calling for ${c.company} about ${what}. We'll call back, or you can email the folio to the address in our email request. Thank you.`;
  },
  wrapUp: "I'm sorry, I have to go now. We'll follow up by email for anything left. Thank you, goodbye.",
};
