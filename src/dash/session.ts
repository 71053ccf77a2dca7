// Dashboard sessions: a signed cookie that names the API key by its id and hash (never the key itself),
// with an expiry. The signature key is derived from PII_KEY (HKDF), so no new secret is needed and a
// rotated PII_KEY also signs everyone out. Every request re-checks the key: a revoked key ends its
// sessions at once, and the role shown is the key's current one.
import { readSettings } from "../config";
import { sha256Hex, type Principal, type Role } from "../http/auth";

export const SESSION_COOKIE = "folio_session";
export const PRESESSION_COOKIE = "folio_csrf";
export const SESSION_TTL_S = 12 * 60 * 60;

interface SessionPayload {
  v: 1;
  /** A random id per sign-in: the CSRF token is bound to it. */
  sid: string;
  kid: string;
  kh: string;
  exp: number;
}

export interface Session {
  sid: string;
  principal: Principal;
  csrf: string;
}

const enc = new TextEncoder();
const keyCache = new Map<string, Promise<CryptoKey>>();

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
}

function fromB64url(text: string): Uint8Array | null {
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  } catch {
    return null;
  }
}

/** The HMAC key for sessions and CSRF tokens, derived from PII_KEY with HKDF (its own label). */
function signingKey(env: Env): Promise<CryptoKey> {
  const secret = env.PII_KEY ?? "";
  let key = keyCache.get(secret);
  if (!key) {
    key = (async () => {
      if (!secret) throw new Error("PII_KEY is not set");
      const base = await crypto.subtle.importKey("raw", enc.encode(secret), "HKDF", false, ["deriveKey"]);
      return crypto.subtle.deriveKey(
        { name: "HKDF", hash: "SHA-256", salt: enc.encode("folio-dashboard"), info: enc.encode("session-v1") },
        base,
        { name: "HMAC", hash: "SHA-256", length: 256 },
        false,
        ["sign", "verify"],
      );
    })();
    keyCache.set(secret, key);
  }
  return key;
}

async function mac(env: Env, text: string): Promise<string> {
  return b64url(new Uint8Array(await crypto.subtle.sign("HMAC", await signingKey(env), enc.encode(text))));
}

async function macValid(env: Env, text: string, signature: string): Promise<boolean> {
  const sig = fromB64url(signature);
  return sig !== null && crypto.subtle.verify("HMAC", await signingKey(env), sig, enc.encode(text));
}

export function randomToken(bytes = 18): string {
  return b64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** The synchronizer token every form of this session carries. */
export function csrfFor(env: Env, sid: string): Promise<string> {
  return mac(env, `csrf|${sid}`);
}

/** Constant-time string comparison for tokens. */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

/** The cookie value for a signed-in key. */
export async function issueSession(env: Env, principal: Principal, apiKey: string, now = Date.now()): Promise<string> {
  const payload: SessionPayload = { v: 1, sid: randomToken(), kid: principal.key_id, kh: await sha256Hex(apiKey), exp: Math.floor(now / 1000) + SESSION_TTL_S };
  const body = b64url(enc.encode(JSON.stringify(payload)));
  return `${body}.${await mac(env, body)}`;
}

/** Reads and checks a cookie value: signature, expiry, and that its key is still valid. */
export async function readSession(env: Env, value: string | undefined, now = Date.now()): Promise<Session | null> {
  if (!value) return null;
  const [body, signature, extra] = value.split(".");
  if (!body || !signature || extra !== undefined) return null;
  if (!(await macValid(env, body, signature))) return null;
  let payload: SessionPayload;
  try {
    payload = JSON.parse(new TextDecoder().decode(fromB64url(body) ?? new Uint8Array()));
  } catch {
    return null;
  }
  if (payload.v !== 1 || typeof payload.exp !== "number" || payload.exp * 1000 <= now) return null;
  const principal = await principalFor(env, payload.kid, payload.kh);
  if (!principal) return null;
  return { sid: payload.sid, principal, csrf: await csrfFor(env, payload.sid) };
}

async function principalFor(env: Env, kid: string, kh: string): Promise<Principal | null> {
  if (kid === "bootstrap") {
    const admin = readSettings(env).adminKey;
    return admin && sameToken(await sha256Hex(admin), kh) ? { key_id: "bootstrap", name: "bootstrap admin", role: "admin" } : null;
  }
  const row = await env.DB.prepare("SELECT id, name, role FROM api_keys WHERE id = ?1 AND key_hash = ?2 AND revoked_at IS NULL").bind(kid, kh).first<{ id: string; name: string; role: Role }>();
  return row ? { key_id: row.id, name: row.name, role: row.role } : null;
}

/** Set-Cookie attributes: HttpOnly and SameSite always, Secure outside local mode. */
export function cookieOptions(env: Env, maxAge: number, sameSite: "Lax" | "Strict" = "Lax") {
  return { path: "/", httpOnly: true, secure: !readSettings(env).local, sameSite, maxAge } as const;
}
