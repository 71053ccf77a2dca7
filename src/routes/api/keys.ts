// /api/keys: admins mint keys for people and systems. The key is shown once; only its hash is kept.
import { Hono } from "hono";
import { z } from "zod";
import { actorOf, requireRole, roles, sha256Hex, type AppEnv } from "../../http/auth";
import { readJson } from "../../http/body";
import { notFound } from "../../http/errors";

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return `fk_${Array.from(bytes, (b) => ALPHABET[b % 62]).join("")}`;
}

export const keysRoutes = new Hono<AppEnv>();
keysRoutes.use("*", requireRole("admin"));

keysRoutes.post("/", async (c) => {
  const body = await readJson(c, z.object({ name: z.string().trim().min(1).max(100), role: z.enum(roles) }).strict());
  const key = newKey();
  const id = `key_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
  await c.env.DB.prepare("INSERT INTO api_keys (id, name, role, key_hash, prefix, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
    .bind(id, body.name, body.role, await sha256Hex(key), key.slice(0, 7), new Date().toISOString(), actorOf(c))
    .run();
  return c.json({ id, key, name: body.name, role: body.role }, 201);
});

keysRoutes.get("/", async (c) => {
  const { results } = await c.env.DB.prepare("SELECT id, name, role, prefix, created_at, created_by, revoked_at FROM api_keys ORDER BY created_at DESC").all();
  return c.json({ keys: results });
});

keysRoutes.delete("/:id", async (c) => {
  const id = c.req.param("id");
  const result = await c.env.DB.prepare("UPDATE api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL").bind(id, new Date().toISOString()).run();
  if (result.meta.changes === 0) throw notFound("key");
  return c.json({ id, revoked: true });
});
