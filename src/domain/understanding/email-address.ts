// Email addresses in speech: written ("billing@grandhotel.com"), half spoken ("billing at
// grandhotel.com") or fully spoken ("b i l l i n g at grand hotel dot com").

const tlds = "com|net|org|edu|gov|biz|info|io|co|us|uk|ca|au|nz|ie|de|fr|es|it|nl|be|ch|at|pt|mx|br|jp|cn|in|sg|hk|ae|eu|hotel|hotels|travel|inc";
const written = /[a-z0-9][a-z0-9._%+-]*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/;
const stopLocal = new Set([
  "us",
  "me",
  "them",
  "him",
  "her",
  "it",
  "that",
  "this",
  "email",
  "address",
  "to",
  "is",
  "was",
  "or",
  "and",
  "you",
  "desk",
  "reach",
  "contact",
  "send",
  "write",
  "there",
  "here",
  "directly",
  "them",
  "mail",
  "e",
]);
const stopDomain = /\b(?:at|to|is|the|email|address|and|or|please|send|us|me|our)\b/;

/** Spoken connectors to symbols, runs of single letters joined: "b i l l" → "bill". */
function unspell(s: string): string {
  let t = ` ${s.toLowerCase()} `;
  t = t.replace(/\bat sign\b|\bat symbol\b/g, "@");
  t = t.replace(/\s+(?:dot|period|point)\s+/g, ".");
  t = t.replace(/\s+underscore\s+/g, "_").replace(/\s+(?:dash|hyphen)\s+/g, "-");
  t = t.replace(/\s*\(?\ball (?:one|1) word\)?/g, "");
  t = t.replace(/(?:\b[a-z0-9]\b[ -]){2,}\b[a-z0-9]\b/g, (run) => run.replace(/[ -]/g, ""));
  return t.replace(/\s+@\s+/g, "@").replace(/\s+/g, " ");
}

/** The first email address said or written in `text`, lower case, or null. */
export function findEmail(text: string): string | null {
  const lower = text.toLowerCase();
  const w = written.exec(lower);
  if (w) return trimDot(w[0]);
  const t = unspell(lower);
  const w2 = written.exec(t);
  if (w2 && !stopLocal.has(w2[0].split("@")[0] ?? "")) return trimDot(w2[0]);
  // "<local> at <domain words> .<tld>": the domain may be several spoken words.
  const spoken = new RegExp(`\\b([a-z0-9][a-z0-9._+-]*) at ((?:(?!(?:at|to|is|the|email|and|or|us|our|please) )[a-z0-9-]+ ){0,3}[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:${tlds}))\\b`, "g");
  for (const m of t.matchAll(spoken)) {
    const local = m[1] ?? "";
    const domainWords = m[2] ?? "";
    if (stopLocal.has(local) || stopDomain.test(domainWords)) continue;
    const address = `${local}@${domainWords.replace(/\s+/g, "")}`;
    if (written.test(address)) return trimDot(address);
  }
  return null;
}

function trimDot(s: string): string {
  return s.replace(/\.+$/, "");
}
