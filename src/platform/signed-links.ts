// Signed, expiring links for stored files (call recordings, folio attachments). A link is
// `PUBLIC_BASE_URL + path + ?expires=<unix s>&sig=<base64url HMAC-SHA256(path \n expires)>`, so it
// names one file of one record and stops working at `expires`. The HMAC key is derived from PII_KEY
// with HKDF (its own label), so no new secret is needed and a leaked link key reveals nothing about
// the PII key. Rotating PII_KEY invalidates links in flight, which live minutes at most.
import { PiiKeyError } from "./pii-cipher";

const enc = new TextEncoder();
const LABEL = "folio signed links v1";

/** Default and longest lifetime of a link. */
export const LINK_TTL_S = 15 * 60;
export const MAX_LINK_TTL_S = 60 * 60;

// Cached as keys, not promises: a promise from one request must not be awaited by another.
const keys = new Map<string, CryptoKey>();

async function linkKey(piiKey: string): Promise<CryptoKey> {
  const cached = keys.get(piiKey);
  if (cached) return cached;
  const material = await crypto.subtle.importKey("raw", enc.encode(piiKey), "HKDF", false, ["deriveKey"]);
  const key = await crypto.subtle.deriveKey({ name: "HKDF", hash: "SHA-256", salt: enc.encode(LABEL), info: enc.encode("hmac") }, material, { name: "HMAC", hash: "SHA-256", length: 256 }, false, [
    "sign",
    "verify",
  ]);
  keys.set(piiKey, key);
  return key;
}

function secretOf(env: Env): string {
  const secret = env.PII_KEY?.trim();
  // Without PII_KEY nothing is stored sealed either; refuse rather than sign with an empty key.
  if (!secret) throw new PiiKeyError("PII_KEY is not set; signed links need it");
  return secret;
}

function b64url(bytes: Uint8Array): string {
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null; // 32 bytes, unpadded
  const bin = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

const message = (path: string, expires: number) => enc.encode(`${path}\n${expires}`);

export interface SignedLink {
  url: string;
  expires_at: string;
}

/** A link to `path` (an absolute path on this worker) valid for `ttlS` seconds from `now`. */
export async function signLink(env: Env, publicBase: string, path: string, ttlS = LINK_TTL_S, now = Date.now()): Promise<SignedLink> {
  const ttl = Math.max(1, Math.min(MAX_LINK_TTL_S, Math.floor(ttlS)));
  const expires = Math.floor(now / 1000) + ttl;
  const sig = new Uint8Array(await crypto.subtle.sign("HMAC", await linkKey(secretOf(env)), message(path, expires)));
  return { url: `${publicBase.replace(/\/+$/, "")}${path}?expires=${expires}&sig=${b64url(sig)}`, expires_at: new Date(expires * 1000).toISOString() };
}

export type LinkCheck = "ok" | "expired" | "invalid";

/**
 * Checks a request's `expires` and `sig` against its path. HMAC verify compares in constant time.
 * A link whose expiry is further away than the longest lifetime was not minted here: invalid.
 */
export async function checkLink(env: Env, path: string, expiresParam: string | undefined, sigParam: string | undefined, now = Date.now()): Promise<LinkCheck> {
  if (!expiresParam || !sigParam || !/^\d{1,12}$/.test(expiresParam)) return "invalid";
  const sig = fromB64url(sigParam);
  if (!sig) return "invalid";
  const expires = Number(expiresParam);
  const ok = await crypto.subtle.verify("HMAC", await linkKey(secretOf(env)), sig, message(path, expires));
  if (!ok) return "invalid";
  const nowS = Math.floor(now / 1000);
  if (expires <= nowS) return "expired";
  if (expires > nowS + MAX_LINK_TTL_S + 60) return "invalid";
  return "ok";
}
