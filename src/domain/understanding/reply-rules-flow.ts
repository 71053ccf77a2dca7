// Rules for the flow of the call: a machine (voicemail), a pause (hold, transfer), a later time
// (callback), a dead end (not_found) and the hotel asking us something (question).
import { findDelay, normalizeTimeText } from "./time-phrases";
import { type Hit, type Signal, signalsFor, wordsBefore } from "./reply-text";

export function voicemailSignals(s: string): Signal[] {
  const vm = (re: RegExp, rule: string, score = 0.95, details?: Record<string, unknown>) => signalsFor(s, re, "voicemail", rule, score, () => true, details);
  return [
    ...vm(/\b(?:after|at) the (?:tone|beep|signal)\b/, "after the tone"),
    ...vm(
      /\b(?:you have|you've) reached (?:the )?(?:voice ?mail|mailbox|voice mailbox|personal voice|desk of|office of|extension)\b|\bthis is the voice ?mail (?:box )?(?:of|for)\b/,
      "you have reached the voicemail",
    ),
    ...vm(/\b(?:voice ?mail ?box|mailbox|voice ?mail)(?: \w+){0,6} (?:is full|full|has not been set up|is not set up|can not accept|is not accepting)\b/, "mailbox full", 0.95, { mailbox_full: true }),
    ...vm(
      /\b(?:unable|not available|unavailable|not able|can not come) to (?:take|answer|get to) (?:your|the|this) (?:call|phone)\b|\b(?:nobody|no one|not)\b[^.]{0,25}?\b(?:available|able) to (?:take|answer|get to) (?:your|the|this) (?:call|phone)\b/,
      "not available to take your call",
    ),
    ...vm(/(?:^|[.!?,]\s*|\bso )(?:please )?leave (?:me |us )?(?:your|a|an) (?:\w+,? ){0,3}?(?:name|number|message)\b/, "leave me a message", 0.85),
    ...vm(/\b(?:you have reached|this is|reached) (?:the )?(?:\w+ ){0,3}?(?:voice ?mail|mailbox|voice mailbox)\b/, "reached the voicemail", 0.9),
    ...vm(
      /\bplease leave (?:me |us )?(?:a|your) (?:brief |short |detailed )?(?:message|name|voice ?mail)\b|\bleave (?:a|your) (?:brief |short |detailed )?message (?:and|after|at|with)\b/,
      "please leave a message",
      0.9,
    ),
    ...vm(/\b(?:i|we) will (?:get back to you|return your call|call you back) as soon as (?:possible|i can|we can|i am able|we are able)\b/, "return your call", 0.85),
    ...vm(/\bi am (?:currently )?(?:away from (?:my|the) desk|not at my desk|out of the office|on (?:vacation|leave|holiday) (?:until|through))\b/, "away from my desk", 0.85),
    ...vm(/\bthe (?:person|party|subscriber|customer) you (?:are trying to reach|have called|are calling|have dialed)\b/, "the party you are calling", 0.9),
    ...vm(/\b(?:automated |automatic )?voice (?:messaging|message|mail) (?:system|service)\b|\bhas been forwarded to (?:an? )?(?:automated|voice)/, "voice messaging system", 0.9),
    ...vm(/\brecord your message\b|\bwhen you (?:are )?(?:finished|done) recording\b|\b(?:press|hit) (?:pound|#|the pound key) when (?:you are )?(?:finished|done)\b/, "record your message"),
  ];
}

export function holdSignals(s: string): Signal[] {
  const notIn = (h: Hit) => !/\b(?:in|within|for|take)$/.test(wordsBefore(s, h.index, 1));
  const hold = (re: RegExp, rule: string, score = 0.8, keep: (h: Hit) => boolean = () => true) => signalsFor(s, re, "hold", rule, score, keep);
  return [
    ...hold(/\b(?:one|a|just a|just one|1|a quick|one quick|give me a|give me one|hang on a|hold on a|wait a) (?:moment|second|sec|minute|min|mo|tick)\b/, "one moment", 0.8, notIn),
    ...hold(
      /\bhold (?:on|please|the line|tight|for (?:a|one|just a))\b|\bplease hold\b|\b(?:can|could|would|will|do you mind if i put|mind if i put) you (?:please )?(?:hold|on hold)\b|\bput you on (?:a (?:brief |quick )?)?hold\b|\bon hold\b|\bhang on\b/,
      "please hold",
    ),
    ...hold(/\bbear with me\b|\bstay on the line\b|\bremain on the line\b|\bdo not hang up\b/, "stay on the line"),
    ...hold(
      /\b(?:let|allow) me (?:just |quickly |quick |real quick )?(?:check|see|look|find|pull|search|verify|ask|transfer|connect|put you|forward|go|take a look|have a look|double ?-?check|look into|dig|confirm|speak|talk|run|grab (?:my|the|a|someone|somebody)|get (?:my|the|a|someone|somebody|you over|you to|you through)|loop in|find out)\b/,
      "let me check",
    ),
    ...hold(
      /\b(?:i will|i am going to|going to|we will|i can|i could|i would|let me) (?:go |just |quickly |now )?(?:transfer|connect|put you through|forward (?:you|your call)|patch you|send you over|pass you)\b|\btransferring(?: you| your call)?\b|\b(?:putting|put) you through\b|\bconnecting you\b/,
      "transfer",
    ),
    ...hold(/\b(?:i am|we are|just|still) (?:checking|looking|searching|pulling (?:it|that) up|looking (?:it|that) up)\b/, "checking"),
    ...hold(/\b(?:please|just) wait\b|\bwait (?:a|one|just a) (?:moment|second|sec|minute)\b/, "please wait"),
    ...hold(/\b(?:someone|somebody|he|she|they|billing|accounting|the manager|my manager|my colleague) will be (?:right )?with you\b/, "someone will be with you"),
    ...hold(
      /\b(?:i will|let me|i am going to|i can) (?:go )?(?:get|grab|fetch|find|call over|ask) (?:my|the|our|a) (?:manager|supervisor|colleague|coworker|co-worker|billing|accounting|accounts|boss|night auditor|auditor|person|lady|guy|controller)\b/,
      "get the manager",
    ),
    ...hold(/\blet me see if (?:he|she|they|someone|somebody|billing|accounting|the manager|my manager|anyone|anybody) (?:is|are) (?:in|available|there|around|free|here)\b/, "see if they are in"),
    ...hold(/\bi will (?:just )?(?:check|look|find out|see|ask)\b/, "i will check", 0.7),
  ];
}

const ABSENT =
  "(?:is|are|was|were) (?:not (?:in|here|around|available|working|on (?:shift|duty|site)|at (?:her|his|their|the) desk|back(?: yet)?|in (?:yet|today))|(?:out|off|away)(?! the (?:phone|line|call))(?: (?:of (?:the )?office|today|sick|at lunch|to lunch|for the day|this week|right now|until \\w+|on (?:vacation|leave|holiday)|duty|shift))?|gone(?: for the day| home)?|at lunch|on (?:(?:a |her |his |their )?(?:break|lunch|vacation|holiday|leave|another call|a call|the other line|the phone))|in a meeting|tied up|busy|unavailable|only (?:here|in)|(?:in|back) (?:on|at|after|tomorrow|from|later|around|first thing|monday|tuesday|wednesday|thursday|friday|next)|stepped (?:out|away)|home)" +
  "|(?:has|have) (?:already |just )?(?:left|gone home|gone for the day|stepped (?:out|away)|clocked out|finished for the day|gone)" +
  "|(?:will|should|would) (?:not )?be (?:back|in|available|here|around|free|returning|in the office)(?! (?:your|the inbox|touch|contact|an email|the email|the mail))" +
  "|(?:comes|gets|come|get) in (?:at|on|tomorrow|after|around|later|early|first thing|monday|tuesday|wednesday|thursday|friday)" +
  "|(?:only )?works (?:on )?(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?|weekdays|mornings|afternoons|days|nights|until|from|part[- ]time)" +
  "|does not (?:come in|work) (?:today|until|on|tomorrow)" +
  "|(?:is|are) (?:on|working|in|here|on shift|on duty) (?:tonight|tomorrow|later|this (?:evening|afternoon)|in the (?:morning|evening|afternoon)|(?:on )?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))";
const notGuest = (s: string) => (h: Hit) => !/\b(?:guest|customer|client|mr|mrs|ms|miss|traveler|traveller|passenger|room)\b/.test(wordsBefore(s, h.index, 3));

function delayMinutes(phrase: string): number | null {
  return findDelay(normalizeTimeText(phrase).text)?.minutes ?? null;
}

export function callbackSignals(s: string): Signal[] {
  const cb = (re: RegExp, rule: string, score: number, keep: (h: Hit) => boolean = () => true) => signalsFor(s, re, "callback", rule, score, keep);
  const out: Signal[] = [
    ...cb(
      /\b(?:call|ring|phone|buzz|try|reach)(?:ing)? (?:us |me |you |them |him |her |the hotel |this number |billing |accounting |again |back |out )*(?:back|again|later|tomorrow|another time|some ?(?:other )?time|next (?:week|\w+day)|in the (?:morning|afternoon|evening)|this (?:afternoon|evening|morning)|tonight|first thing|after|around|at \d|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|monday|tuesday|wednesday|thursday|friday|saturday|sunday|in (?:a|an|\d|half|about)|when|once|closer to|during|between|before|by|then)\b/,
      "call back",
      0.85,
    ),
    ...cb(
      /\bcall ?back\b|\bcallback\b|\bcheck back\b|\btry (?:us |her |him |them |billing |accounting )?(?:again|back)\b|\btry calling\b|\bgive (?:us|me|her|him|them|billing|accounting) a (?:call|ring|buzz|shout)\b/,
      "call back",
      0.85,
    ),
    ...cb(
      /\b(?:best|better|good|ideal) time to (?:call|reach|catch|get|try)\b|\byou (?:can|could|might|will|would|should) (?:reach|catch|get hold of|get) (?:her|him|them|someone|somebody|billing|accounting|the \w+) (?:after|at|around|tomorrow|on|in the|between|before|later|first thing|next|monday|tuesday|wednesday|thursday|friday)\b/,
      "better time",
      0.8,
    ),
    ...cb(new RegExp(`\\b(?:${ABSENT})\\b`), "person away", 0.7, notGuest(s)),
    ...cb(
      /\b(?:office|billing|accounting|accounts|department|we|they)(?: \w+)? (?:is|are) (?:closed|not open)\b|\b(?:office|billing|accounting|department|we|they) (?:open|opens|reopen|reopens|will be open) (?:at|tomorrow|on|monday|in the|after)\b/,
      "office closed",
      0.7,
    ),
    ...cb(/\b(?:system|computer|computers|server|network|pms|internet|printer|email) (?:is|are) (?:down|not working|offline|being (?:updated|upgraded)|out)\b/, "system down", 0.65),
    ...cb(
      /\bnot (?:a|the) (?:good|great|best) time\b|\b(?:we are|i am|it is|things are) (?:really |very |super |a bit |kind of |a little |just )?(?:busy|swamped|slammed|crazy|hectic|packed)\b|\bin the middle of (?:a |the )?(?:check ?-?ins?|check ?-?outs?|rush|line|something)\b/,
      "busy now",
      0.65,
    ),
    ...cb(/\b(?:do you want to|would you like to|you can|you could|can i) (?:leave|take) a message\b/, "take a message", 0.6),
  ];
  // "give us 20 minutes" is a callback; "give me a minute" is a hold.
  for (const m of s.matchAll(/\bgive (?:us|me|it|them|her|him|billing|accounting) (?:\w+ ){0,3}?(?:minutes?|mins?|hours?|hrs?|days?|while|bit)\b/g)) {
    const minutes = /\b(?:days?|while)\b/.test(m[0]) ? 24 * 60 : delayMinutes(m[0]);
    if (minutes === null) continue;
    out.push({ intent: minutes >= 15 ? "callback" : "hold", rule: minutes >= 15 ? "give us time" : "give me a minute", score: 0.8, index: m.index ?? 0, text: m[0] });
  }
  return out;
}

const NEG_FIND = "(?:do not|can not|could not|am not|are not|is not|unable to|not able to|did not|does not|have not|was not|not)";
export function notFoundSignals(s: string): Signal[] {
  const nf = (re: RegExp, rule: string, score = 0.85) => signalsFor(s, re, "not_found", rule, score);
  return [
    ...nf(
      new RegExp(
        `\\b${NEG_FIND} (?:seem to |appear to )?(?:see|seeing|find|finding|locate|locating|pull up|pulling up|bring up|show|showing|get any hits|getting anything)\\b(?!\\s+(?:why|a reason|a problem|the (?:email|address|authori)))`,
      ),
      "can not find",
    ),
    ...nf(/\bare you sure (?:\w+ ){0,4}?(?:right|correct) (?:hotel|property|location|place)\b/, "wrong hotel?", 0.7),
    ...nf(
      /\b(?:do not|does not) (?:seem to |appear to )?have (?:a |any |that |the |this )?(?:reservation|booking|record|stay|guest)\b|\b(?:do not|does not) have (?:anyone|anybody|anything|a guest|a person) (?:by|under|with|named|called)\b/,
      "no such booking",
    ),
    ...nf(
      /\bno (?:such )?(?:reservation|booking|record|guest|one|stay|match|matches|results?|person|listing|trace|sign)s?\b(?: \w+){0,3}? (?:under|by|with|for|matching|on file|in (?:our|the) system|of|named|called)\b|\bthere is no (?:\w+ ){0,2}(?:reservation|booking|guest|record)\b|\bnobody (?:by|under|with|named|called)\b/,
      "no record",
    ),
    ...nf(
      /\b(?:not|nothing) (?:is )?(?:showing|coming up|comes up|shows up|in (?:our|the) system|on file|under (?:that|this))\b|\b(?:does not|did not|is not|it is not) (?:show|come|pop|turn) up\b|\b(?:does not|did not) (?:exist|match (?:anything|any))\b|\bis not (?:a )?valid\b|\bcame up empty\b|\b(?:i|we) (?:have|show|see|found|find|got) nothing\b|\bnothing (?:(?:here|showing|on file|at all) )?(?:under|for|with|matching|by)\b/,
      "nothing showing",
    ),
    ...nf(
      /\b(?:nobody|no one|not anyone|not anybody|no guests?|no reservations?|no bookings?|not a guest)\b(?: \w+){0,5}? (?:under|by|with|named|called|matching|for) (?:that|this|those|the|a|any)\b/,
      "nobody by that name",
    ),
    ...nf(
      /\b(?:got|found|have|show|see|get|getting|finding|coming up with|came up with|turned up|returns?|returned) (?:absolutely )?(?:nothing|no (?:results?|matches|hits|records?))\b/,
      "found nothing",
    ),
    ...nf(
      /\b(?:do not|does not|did not|can not) (?:have|see|find) (?:\w+ ){0,3}?(?:in|on) (?:the|our) (?:system|records|books|list|computer|file|database)\b|\bnot (?:in|on) (?:the|our) (?:system|records|books|database)\b/,
      "not in the system",
    ),
    ...nf(
      /\b(?:does not|did not|do not|can not|could not|is not|nothing|not) (?:bring|pull|turn|come|pop|show)(?:ing|s)? (?:anything |it |that |her |him |them )?up\b|\b(?:did not|never|has not|have not) (?:stay|stayed|check in|checked in) (?:here|with us|at (?:this|our))\b/,
      "nothing comes up",
    ),
    ...nf(
      /\bnever (?:stayed|checked in|arrived|showed up|came)\b|\bno-? ?show\b|\b(?:wrong|different|another) (?:hotel|property|location|one of our properties)\b|\bnot (?:at|with|from) (?:this|our) (?:hotel|property|location)\b|\bthat is not (?:one of )?(?:our|us)\b/,
      "not our guest",
      0.8,
    ),
  ];
}

// --- question -------------------------------------------------------------------------------------

const ASK =
  /\?|^(?:and |so |sorry,? |okay,? |ok,? |sure,? )?(?:what|which|who|whom|whose|when|where|why|how|can you|could you|would you|will you|do you|did you|is (?:it|this|that|the)|are you|was it|sorry|pardon|excuse me|come again|say (?:that )?again|repeat|under what|under which|may i ask|can i ask|and the)\b|\b(?:i need|i will need|i would need|we need|we will need|give me|tell me|read me|can i (?:get|have)|may i (?:get|have|ask)|could i (?:get|have)|spell|repeat|say (?:that|it) again|one more time|did you say|i did not (?:catch|get|hear))\b/;
const topics: Array<[string, RegExp]> = [
  ["name", /\bwho (?:is|was) the guest\b|\bwho stayed\b|\b(?:which|what) guest\b|\bguest'?s? name\b/],
  [
    "caller",
    /\b(?:and|so) (?:you are|who are you|your name)\b|\bwho (?:is|am i|are you|is this|is calling|do you (?:work|represent)|are you with|are you calling|is this for)\b|\bcalling from\b|\b(?:what|which) (?:\w+ )?(?:company|agency|firm|organi[sz]ation|business)\b|\byour (?:name|company|number|call ?back number)\b|\bare you the guest\b|\bon (?:whose|what) behalf\b|\bwho do you\b|\bwho am i speaking\b|\bwho is speaking\b|\bwhere are you (?:calling )?from\b/,
  ],
  ["email", /\bemail\b|\baddress\b/],
  ["confirmation", /\bconfirmation\b|\bconf\b|\breference\b|\bref\b|\blocator\b|\b(?:reservation|booking|folio|itinerary) (?:number|#|code|id)\b|\b(?:the|that) number\b|\bnumber again\b/],
  [
    "dates",
    /\bdates?\b|\bwhen (?:did|was|were|is) (?:he|she|they|the guest|it|that)\b|\bcheck(?:ed|ing|s)? ?-?(?:in|out)\b|\barriv\w*\b|\bdepart\w*\b|\bhow many nights\b|\bwhich nights?\b|\bwhat day\b|\bwhat month\b|\bwhen was (?:the|that|this) stay\b|\bstay(?:ed)? (?:from|when)\b/,
  ],
  ["name", /\bname\b|\bspell\w*\b|\blast name\b|\bsurname\b|\bunder what\b|\bwith an? [a-z] or an? [a-z]\b|\bis it under\b|\bwhat guest\b|\bwhich guest\b|\bwho stayed\b|\bthe guest again\b/],
];

export function questionSignals(s: string): Signal[] {
  const out: Signal[] = [];
  const parts = s.split(/(?<=[.!?;])\s+|,\s+(?=(?:and |so )?(?:what|which|who|when|where|how|can you|could you|do you|is it|and the)\b)/);
  let offset = 0;
  for (const part of parts) {
    const index = s.indexOf(part, offset);
    offset = index + part.length;
    if (!ASK.test(part)) continue;
    const topic = topics.find(([, re]) => re.test(part));
    const about = topic ? topic[0] : "other";
    const repeat = /\b(?:again|repeat|spell|sorry|one more time|once more|read (?:me|back|it back|that back)|did you say|was it|is that|was that|confirm)\b/.test(part);
    out.push({ intent: "question", rule: about === "other" ? "question" : `asks about ${about}`, score: about === "other" ? 0.5 : 0.8, index, text: part.trim(), details: { about, repeat } });
  }
  return out;
}
