// /api/keys: admins mint, list and revoke keys. The key is shown once; only its hash is stored.
import { describe, expect, it } from "vitest";
import { ADMIN, api, expectError, keyFor } from "../helpers";

async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(d, (b) => b.toString(16).padStart(2, "0")).join("");
}

describe("POST /api/keys", () => {
  it("creates a key of each role, shown once, that authenticates at once", async () => {
    for (const role of ["viewer", "operator", "admin"] as const) {
      const r = await api("POST", "/api/keys", { json: { name: `  mint ${role}  `, role } });
      expect(r.status, r.text).toBe(201);
      expect(r.json).toEqual({ id: expect.stringMatching(/^key_[0-9a-f]{20}$/), key: expect.stringMatching(/^fk_[A-Za-z0-9]{32}$/), name: `mint ${role}`, role });
      const use = await api("GET", "/api/records?limit=1", { key: r.json.key });
      expect(use.status, use.text).toBe(200);
    }
  });

  it("gives every key a different secret and id", async () => {
    const a = await api("POST", "/api/keys", { json: { name: "twin", role: "viewer" } });
    const b = await api("POST", "/api/keys", { json: { name: "twin", role: "viewer" } });
    expect(a.json.key).not.toBe(b.json.key);
    expect(a.json.id).not.toBe(b.json.id);
  });

  it("lets a minted admin key mint keys too", async () => {
    const admin = await keyFor("admin");
    const r = await api("POST", "/api/keys", { key: admin, json: { name: "by minted admin", role: "viewer" } });
    expect(r.status, r.text).toBe(201);
    const list = await api("GET", "/api/keys", { key: admin });
    const row = list.json.keys.find((k: any) => k.id === r.json.id);
    expect(row.created_by).toMatch(/^key:key_/);
  });

  it.each([
    ["no role", { name: "x" }, "role"],
    ["unknown role", { name: "x", role: "root" }, "role"],
    ["empty name", { name: "   ", role: "viewer" }, "name"],
    ["long name", { name: "n".repeat(101), role: "viewer" }, "name"],
    ["name not a string", { name: 7, role: "viewer" }, "name"],
  ])("refuses %s with 400 naming the field", async (_label, json, field) => {
    const err = expectError(await api("POST", "/api/keys", { json }), 400, "validation_failed");
    expect(Object.keys(err.details)).toContain(field);
  });

  it("refuses unknown fields, malformed JSON and the wrong media type", async () => {
    const unknown = expectError(await api("POST", "/api/keys", { json: { name: "x", role: "viewer", expires: "never" } }), 400);
    expect(JSON.stringify(unknown.details)).toContain("expires");
    expectError(await api("POST", "/api/keys", { body: "{name:", headers: { "content-type": "application/json" } }), 400, "invalid_json");
    expectError(await api("POST", "/api/keys", { body: "name=x&role=viewer", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
  });

  it("is for admins only", async () => {
    for (const role of ["viewer", "operator"] as const) {
      const key = await keyFor(role);
      expectError(await api("POST", "/api/keys", { key, json: { name: "escalate", role: "admin" } }), 403, "forbidden");
    }
  });
});

describe("GET /api/keys", () => {
  it("lists keys newest first, never the key or its hash", async () => {
    const r = await api("POST", "/api/keys", { json: { name: "listed", role: "operator" } });
    const { key, id } = r.json;
    const list = await api("GET", "/api/keys");
    expect(list.status).toBe(200);
    const row = list.json.keys.find((k: any) => k.id === id);
    expect(row).toMatchObject({ id, name: "listed", role: "operator", created_by: "key:bootstrap", revoked_at: null });
    expect(row.prefix).toBe(key.slice(0, row.prefix.length));
    expect(row.prefix.length).toBeLessThan(12);
    expect(Object.keys(row)).not.toContain("key");
    expect(Object.keys(row)).not.toContain("key_hash");
    expect(list.text).not.toContain(key);
    expect(list.text).not.toContain(await sha256Hex(key));
    const created = list.json.keys.map((k: any) => k.created_at);
    expect(created).toEqual([...created].sort().reverse());
  });
});

describe("DELETE /api/keys/:id", () => {
  it("revokes: the key then gets 401, the list shows revoked_at", async () => {
    const r = await api("POST", "/api/keys", { json: { name: "doomed", role: "operator" } });
    const { key, id } = r.json;
    expect((await api("GET", "/api/records?limit=1", { key })).status).toBe(200);

    const del = await api("DELETE", `/api/keys/${id}`);
    expect(del.status, del.text).toBe(200);
    expect(del.json).toEqual({ id, revoked: true });

    expectError(await api("GET", "/api/records?limit=1", { key }), 401, "unauthorized");
    expectError(await api("POST", "/api/records", { key, json: { records: [] } }), 401, "unauthorized");
    const row = (await api("GET", "/api/keys")).json.keys.find((k: any) => k.id === id);
    expect(row.revoked_at).toEqual(expect.any(String));
  });

  it("answers 404 for an unknown id, an already revoked key and the bootstrap key", async () => {
    expectError(await api("DELETE", "/api/keys/key_00000000000000000000"), 404, "not_found");
    const { id } = (await api("POST", "/api/keys", { json: { name: "twice", role: "viewer" } })).json;
    expect((await api("DELETE", `/api/keys/${id}`)).status).toBe(200);
    expectError(await api("DELETE", `/api/keys/${id}`), 404, "not_found");
    expectError(await api("DELETE", "/api/keys/bootstrap"), 404, "not_found");
    expect((await api("GET", "/api/keys", { key: ADMIN })).status).toBe(200);
  });

  it("lets an admin key revoke itself, after which it is refused", async () => {
    const r = await api("POST", "/api/keys", { json: { name: "self", role: "admin" } });
    expect((await api("DELETE", `/api/keys/${r.json.id}`, { key: r.json.key })).status).toBe(200);
    expectError(await api("GET", "/api/keys", { key: r.json.key }), 401, "unauthorized");
  });

  it("is for admins only", async () => {
    const target = (await api("POST", "/api/keys", { json: { name: "target", role: "viewer" } })).json;
    const operator = await keyFor("operator");
    expectError(await api("DELETE", `/api/keys/${target.id}`, { key: operator }), 403, "forbidden");
    expect((await api("GET", "/api/records?limit=1", { key: target.key })).status).toBe(200);
  });
});

describe("authentication", () => {
  it.each([
    ["no header", {}],
    ["empty bearer", { authorization: "Bearer " }],
    ["basic scheme", { authorization: `Basic ${btoa("admin:local-dev-admin-key")}` }],
    ["unknown key", { authorization: "Bearer fk_notAKeyAtAll" }],
    ["two tokens", { authorization: "Bearer local-dev-admin-key extra" }],
  ])("%s → 401", async (_label, headers) => {
    expectError(await api("GET", "/api/keys", { key: null, headers }), 401, "unauthorized");
  });

  it("accepts the scheme in any case", async () => {
    expect((await api("GET", "/api/keys", { key: null, headers: { authorization: `bearer ${ADMIN}` } })).status).toBe(200);
  });
});
