// A tiny escaping TwiML builder: only the verbs the call engine uses.
// Every text and attribute value is XML-escaped; verbs are opaque values, so raw strings cannot be spliced in.
//
//   twimlResponse(connectStream({ url: "wss://HOST/twilio/media", parameters: { call_id: id } }))
//   → <Response><Connect><Stream url="wss://HOST/twilio/media"><Parameter name="call_id" value="…"/></Stream></Connect></Response>

const verbBrand: unique symbol = Symbol("TwimlVerb");

/** One rendered TwiML verb. Build it with the functions below; its XML is already escaped. */
export interface TwimlVerb {
  readonly [verbBrand]: true;
  readonly xml: string;
}

type Attributes = Record<string, string | number | undefined>;

/** Characters XML 1.0 cannot carry at all (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes element text. Characters XML cannot represent become U+FFFD. */
export function escapeXmlText(value: string): string {
  return value.replace(NOT_XML, "\uFFFD").replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Escapes an attribute value (double-quoted). Tab, LF and CR are kept as character references, not normalized away. */
export function escapeXmlAttribute(value: string): string {
  return escapeXmlText(value).replaceAll('"', "&quot;").replaceAll("'", "&apos;").replaceAll("\t", "&#9;").replaceAll("\n", "&#10;").replaceAll("\r", "&#13;");
}

function element(name: string, attributes: Attributes = {}, children = ""): TwimlVerb {
  let xml = `<${name}`;
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined) xml += ` ${key}="${escapeXmlAttribute(String(value))}"`;
  }
  xml += children === "" ? "/>" : `>${children}</${name}>`;
  return { [verbBrand]: true, xml };
}

/** The whole document. No XML declaration: Twilio does not need one, and the REST `Twiml` parameter is capped at 4000 characters. */
export function twimlResponse(...verbs: TwimlVerb[]): string {
  for (const verb of verbs) {
    if (verb?.[verbBrand] !== true) throw new TypeError("twimlResponse takes verbs built by this module");
  }
  return `<Response>${verbs.map((v) => v.xml).join("")}</Response>`;
}

export interface ConnectStreamOptions {
  /** wss:// (Twilio's only protocol) or ws:// (the local emulator). No query string: values go in `parameters`. */
  url: string;
  /** Sent to the WebSocket as `start.customParameters`, in this order. */
  parameters?: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>;
  name?: string;
  statusCallback?: string;
  statusCallbackMethod?: "GET" | "POST";
  /** `<Connect action>`: requested when the stream ends while the call goes on (a dropped socket), for the next TwiML. */
  action?: string;
  actionMethod?: "GET" | "POST";
}

/** `<Connect><Stream>`: a bidirectional Media Stream. */
export function connectStream(options: ConnectStreamOptions): TwimlVerb {
  const { url } = options;
  if (!/^wss?:\/\/[^/?#]+/i.test(url)) throw new TypeError("Stream url must be an absolute ws:// or wss:// URL");
  if (/[?#]/.test(url)) throw new TypeError("Stream url cannot carry a query string or fragment; use parameters");
  const entries = Array.isArray(options.parameters) ? (options.parameters as ReadonlyArray<readonly [string, string]>) : Object.entries(options.parameters ?? {});
  const parameters = entries.map(([name, value]) => {
    if (name === "") throw new TypeError("Stream parameter names cannot be empty");
    return element("Parameter", { name, value }).xml;
  });
  const stream = element("Stream", { url, name: options.name, statusCallback: options.statusCallback, statusCallbackMethod: options.statusCallbackMethod }, parameters.join(""));
  return element("Connect", { action: options.action, method: options.action ? (options.actionMethod ?? "POST") : undefined }, stream.xml);
}

/** Digits Twilio accepts in `<Play digits>` and `SendDigits`: 0-9, *, #, and w (a half-second wait). */
export const DTMF_DIGITS = /^[0-9*#w]+$/;

/** `<Play digits="…"/>`: DTMF tones played into the call. */
export function playDigits(digits: string): TwimlVerb {
  if (!DTMF_DIGITS.test(digits)) throw new TypeError(`invalid DTMF digits: ${JSON.stringify(digits)}`);
  return element("Play", { digits });
}

/** `<Pause length="…"/>`, a whole number of seconds (Twilio's default is 1). */
export function pause(lengthSeconds?: number): TwimlVerb {
  if (lengthSeconds !== undefined && !(Number.isInteger(lengthSeconds) && lengthSeconds > 0)) {
    throw new TypeError("Pause length must be a positive whole number of seconds");
  }
  return element("Pause", { length: lengthSeconds });
}

export interface SayOptions {
  voice?: string;
  language?: string;
  loop?: number;
}

/** `<Say>`: text spoken by Twilio's TTS (used for fallback lines, not the agent's own voice). */
export function say(text: string, options: SayOptions = {}): TwimlVerb {
  if (text === "") throw new TypeError("Say needs text");
  return element("Say", { voice: options.voice, language: options.language, loop: options.loop }, escapeXmlText(text));
}

/** `<Hangup/>`. */
export function hangup(): TwimlVerb {
  return element("Hangup");
}
