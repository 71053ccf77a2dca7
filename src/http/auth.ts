// Bearer API keys and roles (docs/architecture.md, "Public contracts"): admin ⊃ operator ⊃ viewer. Keys are stored as SHA-256
// hashes; the bootstrap admin key comes from a secret and is compared in constant time.
import type { Context, MiddlewareHandler } from "hono";
import { readSettings } from "../config";
import { ApiError } from "./errors";

export const roles = ["viewer", "operator", "admin"] as const;
export type Role = (typeof roles)[number];
const rank: Record<Role, number> = { viewer: 1, operator: 2, admin: 3 };

export interface Principal {
  key_id: string;
  name: string;
  role: Role;
}

export type AppEnv = { Bindings: Env; Variables: { principal: Principal; requestId: string } };

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function sameSecret(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  let diff = 0;
  for (let i = 0; i < ha.length; i++) diff |= ha.charCodeAt(i) ^ hb.charCodeAt(i);
  return diff === 0;
}

export function bearerToken(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  return m ? m[1]! : null;
}

export async function authenticateKey(env: Env, key: string): Promise<Principal | null> {
  const settings = readSettings(env);
  if (settings.adminKey && (await sameSecret(key, settings.adminKey))) {
    return { key_id: "bootstrap", name: "bootstrap admin", role: "admin" };
  }
  const row = await env.DB.prepare("SELECT id, name, role FROM api_keys WHERE key_hash = ?1 AND revoked_at IS NULL")
    .bind(await sha256Hex(key))
    .first<{ id: string; name: string; role: Role }>();
  return row ? { key_id: row.id, name: row.name, role: row.role } : null;
}

/** 401 for a missing or unknown key. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = bearerToken(c.req.header("authorization"));
  if (!key) throw new ApiError(401, "unauthorized", "an API key is required: Authorization: Bearer <key>");
  const principal = await authenticateKey(c.env, key);
  if (!principal) throw new ApiError(401, "unauthorized", "the API key is not valid");
  c.set("principal", principal);
  await next();
};

/** 403 for a known key whose role is too low. */
export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = c.get("principal");
    if (rank[p.role] < rank[role]) throw new ApiError(403, "forbidden", `this needs the ${role} role; the key has ${p.role}`);
    await next();
  };
}

/** How events and logs name whoever acted. */
export function actorOf(c: Context<AppEnv>): string {
  const p = c.get("principal");
  return `key:${p.key_id}`;
}
