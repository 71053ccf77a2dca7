import { describe, expect, it } from "vitest";
import { call, recordInput } from "../helpers";

describe("smoke", () => {
  it("healthz", async () => {
    const r = await call("GET", "/healthz", { key: null });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true });
  });
  it("creates and reads a record", async () => {
    const r = await call("POST", "/api/records", { json: { records: [recordInput()] } });
    expect(r.status, r.text).toBe(201);
    const id = r.json.records[0].id;
    const g = await call("GET", `/api/records/${id}`);
    expect(g.status, g.text).toBe(200);
    expect(g.json.status).toBe("pending");
  });
});
