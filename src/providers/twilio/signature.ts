// X-Twilio-Signature checks with Web Crypto (workerd-safe, no node:crypto).
//
// The rules follow the official twilio-node request validator (lib/webhooks/webhooks.js, v6):
// - form posts: HMAC-SHA1(authToken, url + each param name (sorted) + its value), base64. A multi-valued
//   param contributes its distinct values in sorted order (the official library dedupes and sorts them).
// - JSON bodies: the signature covers the URL alone, and the URL's `bodySHA256` query parameter must equal
//   the hex SHA-256 of the raw body.
// - URL variants: the URL as received, with its port removed and with the default port added (":443" for
//   https, ":80" for any other scheme); then the same for the WHATWG-normalized URL, and for that URL with
//   its query re-encoded the way Node's legacy `querystring` module does.

import { nodeStyleHref, withDefaultPort, withLegacyQuery, withoutPort } from "./url-variants";

export type TwilioParams = Readonly<Record<string, string | readonly string[]>> | URLSearchParams;

interface SignatureBase {
  authToken: string;
  /** The X-Twilio-Signature header; missing or empty never validates. */
  signature: string | null | undefined;
  /** The full URL Twilio requested, with its query string, exactly as received. */
  url: string;
}

/** Form posts (and the media WebSocket upgrade, which has no params) pass `params`; JSON posts pass the raw `body`. */
export type ValidateTwilioSignatureInput = (SignatureBase & { params?: TwilioParams; body?: undefined }) | (SignatureBase & { body: string; params?: undefined });

const encoder = new TextEncoder();

export async function validateTwilioSignature(input: ValidateTwilioSignatureInput): Promise<boolean> {
  const { authToken, url } = input;
  const signature = typeof input.signature === "string" ? input.signature : "";
  // An empty token would make any HMAC an empty-key HMAC; refuse rather than accept forgeries.
  if (typeof authToken !== "string" || authToken === "" || typeof url !== "string") return false;
  try {
    if (input.body !== undefined) {
      const claimedHash = new URL(url).searchParams.get("bodySHA256") ?? "";
      const [signed, actualHash] = await Promise.all([matchesAnyUrlVariant(authToken, signature, url, ""), computeTwilioBodyHash(input.body)]);
      const hashOk = timingSafeEqualStrings(claimedHash, actualHash);
      return signed && hashOk;
    }
    return await matchesAnyUrlVariant(authToken, signature, url, paramsSuffix(input.params));
  } catch {
    return false; // an unparseable URL (the official library throws) or a crypto failure
  }
}

/** The signature Twilio would send for `url` (taken verbatim) and form `params`. For tests and the emulator. */
export async function computeTwilioSignature(input: { authToken: string; url: string; params?: TwilioParams }): Promise<string> {
  return hmacSha1Base64(input.authToken, input.url + paramsSuffix(input.params));
}

/** Hex SHA-256 of a raw body, as Twilio puts in the `bodySHA256` query parameter of JSON webhooks. */
export async function computeTwilioBodyHash(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(body)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

async function matchesAnyUrlVariant(authToken: string, signature: string, url: string, suffix: string): Promise<boolean> {
  const tried = new Set<string>();
  const check = async (candidates: string[]) => {
    for (const candidate of candidates) {
      if (tried.has(candidate)) continue;
      tried.add(candidate);
      if (timingSafeEqualStrings(signature, await hmacSha1Base64(authToken, candidate + suffix))) return true;
    }
    return false;
  };
  // The URL as received is what Twilio signed; only then fall back to its normalized forms.
  if (await check([withoutPort(url), withDefaultPort(url)])) return true;
  const normalized = nodeStyleHref(url);
  const bare = withoutPort(normalized);
  const ported = withDefaultPort(normalized);
  return check([bare, ported, withLegacyQuery(bare), withLegacyQuery(ported)]);
}

/** Sorted names, each followed by its value (or its distinct values, sorted). */
function paramsSuffix(params: TwilioParams | undefined): string {
  if (!params) return "";
  const grouped = new Map<string, string[]>();
  if (params instanceof URLSearchParams) {
    for (const [name, value] of params) {
      const values = grouped.get(name);
      if (values) values.push(value);
      else grouped.set(name, [value]);
    }
  } else {
    for (const name of Object.keys(params)) {
      const value: unknown = params[name];
      grouped.set(name, Array.isArray(value) ? value.map(String) : [String(value)]);
    }
  }
  let out = "";
  for (const name of [...grouped.keys()].sort()) {
    const values = grouped.get(name)!;
    if (values.length === 1) out += name + values[0];
    else for (const value of [...new Set(values)].sort()) out += name + value;
  }
  return out;
}

// ---- crypto ---------------------------------------------------------------------------------------------

const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(authToken: string): Promise<CryptoKey> {
  let key = keyCache.get(authToken);
  if (!key) {
    if (keyCache.size >= 8) keyCache.clear(); // a handful of tokens at most (primary, secondary, tests)
    key = crypto.subtle.importKey("raw", encoder.encode(authToken), { name: "HMAC", hash: "SHA-1" }, false, ["sign"]);
    keyCache.set(authToken, key);
    key.catch(() => keyCache.delete(authToken));
  }
  return key;
}

async function hmacSha1Base64(authToken: string, data: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", await hmacKey(authToken), encoder.encode(data)));
  let binary = "";
  for (const byte of mac) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Constant-time for equal lengths; lengths are not secret (a SHA-1 signature is always 28 characters). */
export function timingSafeEqualStrings(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  if (x.length !== y.length) return false;
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
