// Who picked up: the first words on an outbound call tell a phone menu from voicemail, a call screener
// or a person. Pure rules over the transcript; async AMD (Twilio) is a second opinion the playbook weighs.
//
// Order matters: a voicemail greeting can mention keys ("press 1 to leave a callback number"), and a
// screener can sound like a menu, so voicemail and screening are decided before the menu is.
import { parseIvrMenu } from "./ivr";
import { normalizeReply } from "./reply-text";
import { voicemailSignals } from "./reply-rules-flow";

export type AnswererKind =
  /** A menu that offers keys ("for billing press 3"). */
  | "ivr_menu"
  /** A recording with nothing to press ("your call is important to us", "please hold while we connect you"). */
  | "ivr_message"
  | "voicemail"
  /** Automated call screening: "please say your name and the reason for your call". */
  | "screening"
  /** The network's own recording: the number is not in service, the call cannot be completed. */
  | "intercept"
  | "human";

export interface Answerer {
  kind: AnswererKind;
  rule: string;
  /** The menu's keys, for ivr_menu. */
  options?: string[];
}

const screening =
  /\bscreening service\b|\b(?:say|state|speak)\b[^.?!]{0,30}\b(?:your name|who is calling|who's calling|name and (?:the )?(?:reason|purpose)|the (?:reason|purpose) (?:for|of) (?:your|the|this) call)\b|\bbefore (?:i|we) (?:connect|try to connect|put) you\b[^.?!]{0,40}\b(?:name|who)\b|\bthis (?:number|person) (?:uses|is using) (?:a )?call screening\b|\bcall (?:screening|assist)\b/;

const intercept =
  /\b(?:the number you have (?:dialed|reached|called)|this number|the number)\b[^.?!]{0,40}\b(?:is not in service|is no longer in service|has been disconnected|is disconnected|is not (?:a )?working|has been changed)\b|\byour call (?:can ?not|could not) be completed as dialed\b|\bnot a working number\b/;

const recording =
  /\b(?:(?:select|choose) from the following|the following (?:options|menu)|your call is (?:very )?important|(?:all )?(?:of )?our (?:agents|representatives|associates|team members|staff) are (?:currently )?(?:busy|assisting|helping|with other)|please (?:stay|remain) on the line|please hold while (?:we|i) (?:connect|transfer)|(?:you are|you're) (?:caller )?(?:number \d+ )?in (?:the )?queue|calls? (?:may|will) be (?:monitored|recorded)|this call (?:may|will) be (?:monitored|recorded)|thank you for (?:calling|holding|your patience|waiting)[^.?!]{0,60}(?:please (?:hold|wait|listen|continue)|will be with you|connect(?:ing|ed)? you)|please listen carefully|(?:our )?menu options have (?:recently )?changed|for quality (?:and|&) training|estimated wait time|the next available (?:agent|representative|associate|person)|connecting (?:your call|you)(?: now)?|if you know (?:your party'?s|the|their) extension|(?:please )?dial (?:it|the extension|their extension) (?:now|at any time)|(?:please )?enter (?:the|your party'?s) extension)\b/;

/** Speech that only a person would say first ("front desk, this is Dana", "hello?"). */
const personal =
  /\b(?:this is [a-z]+(?: speaking)?|[a-z]+ speaking|how (?:can|may) i (?:help|assist)|what can i do for you|who(?:'s| is) (?:this|calling)|can i help you|good (?:morning|afternoon|evening)[^.?!]{0,40}\b(?:this is|speaking|how))\b/;

export function classifyAnswerer(text: string): Answerer {
  const s = normalizeReply(typeof text === "string" ? text : "");
  if (!s) return { kind: "human", rule: "nothing said" };
  if (intercept.test(s)) return { kind: "intercept", rule: "number not in service" };
  // A screener may mention a tone, and a voicemail a person's name: the screener's words are specific.
  if (screening.test(s)) return { kind: "screening", rule: "call screening" };
  const options = parseIvrMenu(text);
  // "The person you are trying to reach... press 0" is a menu unless it asks for a message.
  const asksForMessage = /\b(?:message|tone|beep|mailbox|voice ?mail|leave (?:your|a|me|us))\b/.test(s);
  if (voicemailSignals(s).length > 0 && (options.length === 0 || asksForMessage)) return { kind: "voicemail", rule: "voicemail greeting" };
  // One "press 0" inside a person's sentence is not a menu; a recording that offers keys is.
  if (options.length >= 2 || (options.length === 1 && !personal.test(s))) {
    return { kind: "ivr_menu", rule: `menu with ${options.length} option(s)`, options: options.map((o) => `${o.digits}: ${o.description}`) };
  }
  if (recording.test(s) && !personal.test(s)) return { kind: "ivr_message", rule: "recorded message" };
  return { kind: "human", rule: personal.test(s) ? "personal greeting" : "no machine cue" };
}
