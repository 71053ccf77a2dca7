// Rules for what the hotel commits to: sending the folio (agree), not sending it and why (refuse), or
// sending us elsewhere (email_instead). Patterns are built from word classes, not from sentences.
import { type Hit, negatedAt, type Signal, signalsFor, wordsBefore } from "./reply-text";

const SEND = "(?:send|email|forward|shoot|fire off|mail|fax|pass along|resend|re-send)";
const OBJ = "(?:it|that|this|them|those|these|one|the folios?|a copy|copies|the (?:final )?(?:bill|invoice|receipt|statement)|you|her|him|over|out|across|along|right over|through|off)";
const MODAL =
  "(?:will|would|can|could|shall|should|may|might|am going to|are going to|is going to|going to|am happy to|are happy to|would be happy to|would be glad to|will be happy to|am able to|are able to|should be able to|will be able to|happy to|glad to|more than happy to|will definitely|can definitely|can certainly|will certainly|can just|will just|will go ahead and|can go ahead and|will get|can get)";
const SUBJ =
  "(?:i|we|they|he|she|someone|somebody|billing|accounting|accounts|our (?:\\w+ ){0,2}(?:team|department|office|manager|person|auditor)|the (?:\\w+ ){0,2}(?:team|department|office|manager|person|desk|auditor|controller))";

// "…send you the form" is not agreement; it is a prerequisite.
const formObject = /^\s*(?:you |over |us )?(?:a |an |the |our )?(?:\w+ )?(?:form|authori[sz]ation|consent|release|paperwork|link|questionnaire)/;
const notOurs = (s: string) => (h: Hit) => !negatedAt(s, h.index) && !/\bonly\b/.test(h.text) && !formObject.test(s.slice(h.index + h.text.length)) && !/\byou$/.test(wordsBefore(s, h.index, 1));

export function agreeSignals(s: string): Signal[] {
  const keep = notOurs(s);
  const strong = (re: RegExp, rule: string, score = 0.85) => signalsFor(s, re, "agree", rule, score, keep);
  return [
    ...strong(new RegExp(`\\b${SUBJ}\\s+${MODAL}(?:\\s+(?:definitely|certainly|absolutely|just|surely|happily|gladly|also|quickly|now))?\\s+${SEND}\\b(?:\\s+${OBJ})?`), "will send"),
    ...strong(new RegExp(`\\b(?:i|we)\\s+(?:will|can|could|am going to)\\s+have\\s+(?:\\w+\\s+){1,3}?${SEND}\\s+${OBJ}`), "will have someone send"),
    ...strong(/\b(?:i am|we are|i will be|we will be|am|are)\s+(?:just\s+)?(?:sending|emailing|forwarding|mailing)\b/, "sending now"),
    ...strong(new RegExp(`\\b${SUBJ}\\s+${MODAL}\\s+(?:just\\s+)?get\\s+(?:it|that|this|them|those|a copy|the folio|one)\\s+(?:over|out|sent|emailed|to you|across|off)\\b`), "will get it over"),
    ...strong(/\b(?:i|we)\s+(?:just\s+|already\s+|have\s+(?:just\s+|already\s+)?)?(?:sent|emailed|forwarded)\s+(?:it|that|this|them|you|the folio|a copy|over)\b/, "already sent"),
    ...strong(
      /\b(?:it|that|the folio|this|they|a copy)\s+(?:is|will be|should be|has been|is being|will get|is getting)\s+(?:on (?:its|the) way|sent|emailed|forwarded|in your inbox|coming (?:your way|over|through)|heading your way)\b/,
      "on its way",
    ),
    ...strong(/\byou\s+(?:should|will|would|can|are going to)\s+(?:have|get|receive|see)\s+(?:it|that|them|the folio|an email|a copy)\b|\bcheck your (?:inbox|email)\b/, "you will receive it", 0.8),
    ...strong(
      /\b(?:i|we)\s+(?:can|could|will|would be able to|are able to|am able to|should be able to)\s+(?:definitely\s+|certainly\s+|absolutely\s+|totally\s+)?(?:do|manage|arrange|handle|take care of|help with)\s+(?:that|this|it)\b/,
      "can do that",
      0.8,
    ),
    ...strong(
      /\b(?:that|this|it)\s+(?:is|should be|would be|will be|sounds)\s+(?:totally |perfectly |absolutely |completely )?(?:fine|ok|okay|good|doable|possible|no problem|sure|alright|all right)\b/,
      "that is fine",
      0.75,
    ),
    ...strong(/\b(?:happy|glad|more than happy|pleased)\s+to\s+(?:help|do (?:that|it|this)|send|email|assist)\b/, "happy to help", 0.8),
    ...signalsFor(
      s,
      /(?:^|[.!?,;]\s*)(?:(?:yes|yeah|sure|ok|okay|so|and|well|alright|right),?\s+)*(?:i|we)\s+(?:will|can|could|shall|am going to|are going to|would be happy to|will be happy to|can definitely|will definitely)\s+(?!need|have to|must|check|ask|see)(?:\w+\s+){0,6}?(?:email|send|forward|mail|pdf|inbox|copy)\b/g,
      "agree",
      "we will email it",
      0.8,
      (h) => !negatedAt(s, h.index + h.text.length - 1) && !/guest|authori|permission|form\b|\bonly\b/.test(h.text),
    ),
    ...strong(/\bsure thing\b|\bwill do\b|\bconsider it done\b|\byou got it\b|\bcan do\b|\bi got you\b/, "will do", 0.75),
    ...strong(/\byes,?\s+(?:i|we)\s+(?:can|could|will|do)\b(?!\s+not)/, "yes we can", 0.8),
    ...strong(/\b(?:we|i)\s+(?:do|send|email)\s+(?:that|those|folios|these|it)\s+(?:all the time|regularly|often|every day|usually)\b/, "routine", 0.75),
    ...strong(/\b(?:what|which) (?:email|address|email address) (?:\w+ ){0,4}?(?:send|use|email|forward)\b(?!.*\b(?:again|repeat|spell)\b)/, "which address to use", 0.8),
    ...strong(
      /\bwhere\s+(?:should|do|can|would you like|shall|will|did you want)\s+(?:i|we|me|us)?\s*(?:to\s+)?send\b|\bwhat\s+(?:email|address)\s+(?:should|do|would|can|shall)\s+(?:i|we)\s+(?:send|use)\b/,
      "where to send",
      0.8,
    ),
    ...strong(
      /\b(?:give|tell|read)\s+me\s+(?:the|your|that)\s+(?:email|address)\b|\blet me (?:get|grab|take|write down|jot down|have)\s+(?:the|your|that)\s+(?:email|address)\b|\b(?:do you have|can i (?:get|have)|may i (?:get|have)|could i (?:get|have))\s+(?:an|the|your)\s+email\b/,
      "asks where to send",
      0.75,
    ),
  ];
}

const weakAffirm =
  /(?:^|[.!?,;]\s*)(?:yes|yeah|yep|yup|yes ma'am|yes sir|sure|ok|okay|o\.k\.|alright|all right|certainly|absolutely|of course|definitely|great|perfect|fine|right|correct|understood|got it|go ahead|sounds good|that works|no problem|gladly|by all means)\b/g;

export function weakAgreeSignals(s: string): Signal[] {
  return signalsFor(s, weakAffirm, "agree", "affirmative", 0.6, (h) => !negatedAt(s, h.index + h.text.length - 1));
}

// --- refuse ---------------------------------------------------------------------------------------

const AUTH =
  "(?:authori[sz]ations?|authori[sz]ed|authori[sz]e|consent|permission|written (?:permission|consent|request|approval|authori[sz]ation)|signed (?:\\w+ )?(?:form|letter|request|release|consent|authori[sz]ation)|credit card (?:authori[sz]ation )?form|cc auth\\w*|third[- ]party (?:authori[sz]ation|form|release|consent)|release form|(?:\\w+ )?form|letter of authori[sz]ation|loa|power of attorney|proof of (?:identity|id|authori[sz]ation)|verif(?:y|ication of) (?:your|their|the|his|her) identity|notari[sz]ed|paperwork|sign (?:a |an |the |our |some )?(?:\\w+ )?(?:release|waiver|form|letter|consent|authori[sz]ation))";
const NEED =
  /\b(?:need|needs|needed|require|requires|required|requirement|must|have to|has to|got to|without|unless|until (?:we|i) (?:get|have|receive)|once (?:we|i) (?:get|have|receive)|as soon as (?:we|i) (?:get|have|receive)|first|before (?:we|i) can|only with|only if|if (?:you|they|the guest) (?:send|provide|sign|fill)|fill (?:out|in)|complete|sign)\b/;
const NO_NEED = /\b(?:do not|does not|will not|would not|no|don't) need\b|\bno need for\b|\bnot (?:required|necessary|needed)\b/;
const GUEST_MUST = [
  /\b(?:only|just) (?:the )?(?:guest|card ?holder|person who (?:stayed|paid)|registered guest|account ?holder|booker|person on the (?:reservation|booking)|traveler|traveller)(?: (?:himself|herself|themselves|themself))? (?:can|may|is allowed to|is able to|could)\b/,
  /\b(?:the )?(?:guest|card ?holder|traveler|traveller)(?: (?:himself|herself|themselves|themself))? (?:has to|needs to|must|will (?:have|need) to|should|would (?:have|need) to|is going to have to|will have to) (?:call|request|ask|contact|email|reach out|come|do|make|get in touch|send)\b/,
  /\b(?:have|tell|ask|get) (?:the )?(?:guest|them|him|her|traveler|traveller|card ?holder) (?:to )?(?:call|contact|email|reach out|request|get in touch|ask|give us a (?:call|ring)|ring)\b/,
  /\b(?:only|can only|just) (?:send|email|release|give|provide|share|discuss|speak)(?: \w+){0,3} (?:to|with) (?:the )?(?:guest|card ?holder|(?:email|address|contact)(?: address)? (?:on file|we have on file|on the (?:reservation|booking|profile|account|folio|guest profile)|in the profile)|person who (?:stayed|paid)|registered guest|account ?holder)\b/,
  /\b(?:directly )?(?:from|by) the guest (?:directly|themselves|himself|herself)\b|\b(?:has to|must|needs to|have to|should|can only|would have to) (?:come|be (?:requested|made|asked for|sent)) (?:directly )?(?:from|by) the (?:guest|card ?holder)\b|\b(?:has to|must|needs to|have to|can only|would have to|only) (?:go|be (?:sent|emailed|released|given)) (?:directly )?to the (?:guest|card ?holder)\b|\brequest(?:ed)? (?:has to|must|needs to) come from the guest\b/,
  /\b(?:you|you are|you're) not the guest\b/,
  /\bif (?:the )?(?:guest|card ?holder|traveler|traveller) (?:\w+ )?(?:calls|contacts|emails|requests|asks|reaches out|gets in touch|phones)\b/,
];
const PRIVACY =
  /\b(?:privacy|private|confidential\w*|data protection|gdpr|personal (?:information|data|details)|guest (?:\w+ )?(?:information|info|details|data|records|privacy)|outside (?:parties|companies|people|agencies|firms)|anyone (?:else|other than)|polic(?:y|ies)|security (?:reasons|purposes|policy)|for security|third[- ]part(?:y|ies)|over the phone|not (?:allowed|permitted|authorized) to|protected|(?:details|information|info|data|anything) (?:about|on|of|regarding|for) (?:our |the |a |any )?guests?)\b/;
const REFUSE_NEG = `\\b(?:can not|could not|will not|would not|do not|does not|are not able to|am not able to|is not able to|unable to|not able to|not going to|no longer|never|not allowed to|not permitted to|not supposed to|may not|must not|should not)(?:\\s+\\w+){0,3}?\\s+(?:send(?:ing)?|email(?:ing)?|forward(?:ing)?|giv(?:e|ing)(?: out)?|releas(?:e|ing)|shar(?:e|ing)|provid(?:e|ing)|disclos(?:e|ing)|divulg(?:e|ing)|fax(?:ing)?|hand(?:ing)? (?:out|over)|help (?:you )?with (?:that|this)|help you|do(?:ing)? (?:that|this|it|those|folios|folio requests|that kind))\\b`;
const TEMPORAL = /\b(?:right now|at the moment|currently|at this time|this moment|today|yet|until|till|before|tonight|this (?:morning|afternoon|evening)|for now)\b/;

export function refuseSignals(s: string): Signal[] {
  const out: Signal[] = [];
  const sentences = s.split(/(?<=[.!?;])\s+/);
  let from = 0;
  for (const [i, sentence] of sentences.entries()) {
    const base = s.indexOf(sentence, from);
    from = base + sentence.length;
    const auth = new RegExp(`\\b${AUTH}\\b`).exec(sentence);
    const window = `${sentence} ${sentences[i + 1] ?? ""}`;
    if (auth && NEED.test(window) && !NO_NEED.test(window) && !/\b(?:has|have|already) (?:been )?authori[sz]ed\b/.test(window)) {
      out.push({ intent: "refuse", rule: "authorization required", score: 0.9, index: base + auth.index, text: auth[0], details: { reason: "authorization_required" } });
    }
  }
  for (const re of GUEST_MUST) {
    out.push(...signalsFor(s, re, "refuse", "guest must request", 0.9, () => true, { reason: "guest_must_request" }));
  }
  const neg = new RegExp(REFUSE_NEG, "g");
  for (const m of s.matchAll(neg)) {
    const index = m.index ?? 0;
    const sentenceEnd = s.slice(index).search(/[.!?;]/);
    const rest = s.slice(index, sentenceEnd < 0 ? s.length : index + sentenceEnd);
    const sentence = s.slice(Math.max(0, s.lastIndexOf(".", index)), index) + rest;
    if (PRIVACY.test(sentence) || /\b(?:disclos|divulg|giv(?:e|ing) out)/.test(m[0])) {
      out.push({ intent: "refuse", rule: "policy or privacy", score: 0.85, index, text: m[0], details: { reason: "privacy_policy" } });
    } else if (TEMPORAL.test(rest)) {
      out.push({ intent: "callback", rule: "not right now", score: 0.55, index, text: m[0] });
    } else {
      out.push({ intent: "refuse", rule: "will not send", score: 0.8, index, text: m[0], details: { reason: "other" } });
    }
  }
  out.push(
    ...signalsFor(
      s,
      /\b(?:against|per|violates?|by|under) (?:our |the |hotel |company |corporate |brand |data |privacy )*polic(?:y|ies)\b|\b(?:our|hotel|company|corporate|brand) polic(?:y|ies) (?:does not|do not|is not|says|prohibits|forbids|requires)\b|\bprivacy (?:reasons|laws?|rules|concerns|issues?)\b|\bdata protection\b|\bgdpr\b/,
      "refuse",
      "policy or privacy",
      0.85,
      () => true,
      { reason: "privacy_policy" },
    ),
    ...signalsFor(
      s,
      /\b(?:is|that is|it is|this is|that information is|those are|folios are) (?:\w+ )?(?:confidential|private|protected|sensitive)\b/,
      "refuse",
      "confidential",
      0.8,
      (h) => !/\bnot\b/.test(h.text),
      { reason: "privacy_policy" },
    ),
    ...signalsFor(s, /\bnot (?:allowed|permitted|authorized) to (?:\w+ ){0,2}(?:give|send|release|share|disclose|provide|email|discuss|do)\b/, "refuse", "not allowed", 0.85, () => true, {
      reason: "privacy_policy",
    }),
    ...signalsFor(
      s,
      /\b(?:that|it|this) is not (?:possible|something (?:we|i) (?:do|can do|offer|provide))\b|\bnot (?:something|a service|a thing|anything|what) (?:that )?(?:we|i) (?:do|can do|offer|provide|handle)\b|\b(?:absolutely|definitely|certainly) not\b|\bno way\b|\b(?:we|i) (?:have to|must|will have to) decline\b|\bno,? (?:we|i) (?:can not|could not|will not|do not|are not|am not)\b/,
      "refuse",
      "flat no",
      0.8,
      () => true,
      { reason: "other" },
    ),
    ...signalsFor(s, /\b(?:i|we) do not think (?:we|i|that|so|they)\b(?:\s+(?:can|could|are able to|are allowed to|should|is possible|will be able to))?/, "refuse", "soft no", 0.65, () => true, {
      reason: "other",
    }),
    ...signalsFor(s, /^(?:no|nope|nah|no sorry|sorry no|sorry,? no|no thank you|no thanks|not really)[.!]*$/, "refuse", "bare no", 0.5, () => true, { reason: "other" }),
    ...signalsFor(s, /\bHEDGE\b/, "other", "hedge", 0.4, () => true, { hedge: true }),
  );
  return out;
}

// --- email instead --------------------------------------------------------------------------------

const DEST =
  "(?:us|them|him|her|directly|billing|accounting|accounts|finance|reservations|(?:the|our) (?:\\w+ ){0,2}(?:team|department|dept|desk|office|manager|controller|people|folks|inbox|email|address|hotel|property|accountant|auditor|billing|accounting|accounts|reservations|finance))";
const I_WE = /\b(?:i|we)\s+(?:will|would|can|could|shall|am going to|are going to|will just|can just|'ll)\s*(?:just\s+)?$/;

export function emailInsteadSignals(s: string, email: string | null): Signal[] {
  const notUs = (h: Hit) => !I_WE.test(s.slice(Math.max(0, h.index - 30), h.index)) && !negatedAt(s, h.index);
  const strong = (re: RegExp, rule: string, score = 0.85) => signalsFor(s, re, "email_instead", rule, score, notUs, email ? { email } : undefined);
  const out = [
    ...strong(new RegExp(`\\b(?:email(?:ed|ing)?|write to|write|message)\\s+${DEST}\\b`), "email us"),
    ...strong(
      new RegExp(
        `\\b(?:email|send|forward|submit|direct|address)\\s+(?:the |your |a |this |that |any )?(?:request|inquiry|enquiry|query|it|that|questions?)\\s+(?:over\\s+)?(?:directly\\s+)?to\\s+${DEST}`,
      ),
      "send it to them",
    ),
    ...strong(
      new RegExp(`\\byou (?:\\w+ ){0,3}?(?:email|emailed|emailing|write|wrote|send|sent|forward) (?:${DEST}|an email|a request|the request|your request|a message|a note|it in writing)\\b`),
      "you email us",
    ),
    ...strong(
      /\b(?:send|shoot|drop|fire off|fire|pop|write|forward)\s+(?:us\s+|them\s+)?(?:over\s+)?(?:an?|the|your)\s+(?:quick\s+|short\s+)?(?:email|e-?mail request|note|line)\b/,
      "drop us an email",
    ),
    ...strong(new RegExp(`\\bsend\\s+(?:${DEST}\\s+)?(?:over\\s+)?(?:an |the |your |a )?(?:\\w+ )?(?:email|request|written request|message|note)\\b`), "send the request"),
    ...strong(/\b(?:our|the|their|his|her|billing|accounting|accounts|hotel|the hotel's|best|department) (?:\w+ )?(?:email|email address|address) (?:is|would be|:)/, "our address is"),
    ...strong(
      /\b(?:requests?|it|that|this|those|folio requests?|everything|all requests|these) (?:has to|have to|must|needs? to|should|will have to|can only|would have to) (?:come|be (?:sent|made|submitted|done|requested|emailed)|go) (?:in|by|via|through|over|to) (?:an? )?(?:email|writing|e-?mail)\b|\bonly (?:accept|take|handle|do|process|respond to) (?:those |these |that |such |folio |the )?(?:requests? )?(?:by|via|through|over|in) (?:email|writing)\b/,
      "requests by email",
    ),
    ...strong(/\b(?:put|send) (?:that|it|the request|your request|this|everything|the details) in (?:an )?(?:email|writing)\b/, "put it in writing"),
    ...strong(
      /\b(?:can|could|would|will) you (?:please |just )?(?:send|email|put|forward|submit|write)\b(?:\s+\w+){0,5}?\s+(?:(?:as |in |by |via |over )(?:an? )?(?:email|writing)|to (?:us|our|billing|accounting|accounts))\b/,
      "asks us to email",
    ),
    ...strong(
      /\b(?:requests?|everything|those|folio requests?|it all|all of (?:that|those)|that|these) (?:\w+ ){0,2}?(?:go(?:es)?|come(?:s)?|are handled|is handled|are done|is done|are processed|is processed|get handled) (?:through|by|via|over|in|to) (?:our |the |an )?(?:email|writing)\b/,
      "requests go by email",
    ),
    ...signalsFor(
      s,
      /\b(?:email|writing) is (?:the|our) (?:best|only|easiest|quickest|fastest|preferred) (?:way|option|method|route)\b|\b(?:best|only|easiest|quickest|fastest|preferred) (?:way|option|method) (?:\w+ ){0,4}?(?:is )?(?:by |via |through |over )?email\b/,
      "email_instead",
      "email is the way",
      0.8,
      (h) => notUs(h) && !/\b(?:for me|i|we) (?:\w+ )?(?:send|email)\b/.test(h.text),
      email ? { email } : undefined,
    ),
    ...strong(
      new RegExp(`\\b(?:reach out to|contact|write to|get in touch with|ask)\\s+${DEST}?\\s*(?:by|via|through|over|at|on)\\s+(?:email|e-?mail|their email|our email|\\S+@)`),
      "contact by email",
    ),
    ...signalsFor(s, /\b(?:by|via|over|through|in an) (?:email|e-?mail)\b/, "email_instead", "by email", 0.6, notUs, email ? { email } : undefined),
  ];
  if (email) {
    out.push(...strong(/\b(?:send|email|write|forward|submit|contact|reach|mail)\b(?:\s+\S+){0,6}\s+(?:to|at)\s+\S+@\S+/, "address given", 0.85));
    out.push(...signalsFor(s, /\S+@\S+/, "email_instead", "address mentioned", 0.6, notUs, { email }));
  }
  return out;
}
