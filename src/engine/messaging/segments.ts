// How an SMS body goes over the air (docs/architecture.md, "Messaging"): in the GSM 03.38 default
// alphabet (7 bits a character; the extension table's characters take an escape and so count twice)
// when every character is in it, else in UCS-2 (16 bits a UTF-16 code unit: an emoji outside the
// basic plane is two). One segment carries 160 GSM characters or 70 UCS-2 units; a longer message is
// split into segments that each lose room to the concatenation header (153 and 67). Twilio refuses a
// body over 1,600 characters, so we refuse it first, before anything is queued.

/** The GSM 03.38 default alphabet (one septet each). */
const GSM_BASIC = new Set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà");
/** The extension table (an escape septet and one more each). */
const GSM_EXTENDED = new Set("^{}\\[~]|€\f");

export const MAX_BODY_CHARACTERS = 1600;

export type SmsEncoding = "GSM-7" | "UCS-2";

export interface SmsSegments {
  encoding: SmsEncoding;
  /** Characters as Twilio counts them for its limit (Unicode code points). */
  characters: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the body takes. */
  units: number;
  segments: number;
}

const PER_SEGMENT: Record<SmsEncoding, { single: number; multi: number }> = {
  "GSM-7": { single: 160, multi: 153 },
  "UCS-2": { single: 70, multi: 67 },
};

export function smsSegments(body: string): SmsSegments {
  const characters = [...body].length;
  let septets = 0;
  let gsm = true;
  for (const ch of body) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  const encoding: SmsEncoding = gsm ? "GSM-7" : "UCS-2";
  const units = gsm ? septets : body.length;
  const room = PER_SEGMENT[encoding];
  return { encoding, characters, units, segments: units === 0 ? 0 : units <= room.single ? 1 : segmentsFor(body, encoding, room.multi) };
}

/** A split never cuts a GSM escape pair or a UTF-16 surrogate pair in two, so a segment may hold one unit less. */
function segmentsFor(body: string, encoding: SmsEncoding, room: number): number {
  let segments = 1;
  let used = 0;
  for (const ch of body) {
    const size = encoding === "GSM-7" ? (GSM_EXTENDED.has(ch) ? 2 : 1) : ch.length;
    if (used + size > room) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}

export type BodyCheck = { ok: true; segments: SmsSegments } | { ok: false; message: string };

/** An SMS body we will send: not empty, within Twilio's limit. */
export function checkSmsBody(body: string): BodyCheck {
  if (body.trim().length === 0) return { ok: false, message: "the message is empty" };
  const segments = smsSegments(body);
  if (segments.characters > MAX_BODY_CHARACTERS) return { ok: false, message: `the message is ${segments.characters} characters; at most ${MAX_BODY_CHARACTERS} can be sent` };
  return { ok: true, segments };
}
