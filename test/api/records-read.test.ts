// Reading records: the D1 list with filters and keyset paging, a record's state and decrypted events
// from its DO, and cancelling.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, eventually, expectError, keyFor, listAll, phone, projected, recordInput } from "../helpers";

const at = (xx: number) => ({ hotel: { name: `Read Hotel ${xx}`, phone: phone(xx) } });
async function create(n: number, xx: number, extra: Record<string, unknown> = {}): Promise<string[]> {
  const r = await api("POST", "/api/records", { json: { records: Array.from({ length: n }, () => recordInput({ ...at(xx), ...extra })) } });
  expect(r.status, r.text).toBe(201);
  return r.json.records.map((x: any) => x.id);
}
const q = (xx: number) => `hotel_phone=${encodeURIComponent(phone(xx))}`;

describe("GET /api/records: filters", () => {
  it("lists records newest first with the listed fields, PII opened", async () => {
    const ids = await create(2, 20, { guest_name: "Listed Guest", confirmation_number: "LST-1" });
    const rows = await projected(phone(20), 2);
    expect(rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    expect(rows[0]).toMatchObject({ status: "pending", guest_name: "Listed Guest", confirmation_number: "LST-1", hotel: { phone: phone(20), name: "Read Hotel 20" }, attempts: 0 });
    expect(rows[0].reply_to).toMatch(/^folios\+[a-z2-7]{12}@folio\.test$/);
    expect(rows[0].created_at >= rows[1].created_at).toBe(true);
  });

  it("filters by hotel_phone, in E.164, with an unencoded + or in national format", async () => {
    await create(1, 21);
    await create(1, 22);
    await projected(phone(21), 1);
    for (const form of [encodeURIComponent(phone(21)), phone(21), encodeURIComponent("(415) 555-0121")]) {
      const r = await api("GET", `/api/records?hotel_phone=${form}`);
      expect(r.status, `${form}: ${r.text}`).toBe(200);
      expect(r.json.records.map((x: any) => x.hotel.phone)).toEqual([phone(21)]);
    }
  });

  it("filters by status and by status and hotel together", async () => {
    const [keep, drop] = await create(2, 23);
    await projected(phone(23), 2);
    expect((await api("POST", `/api/records/${drop}/cancel`, { json: { reason: "test" } })).status).toBe(200);
    const cancelled = await projected(phone(23), 1, "cancelled");
    expect(cancelled.map((r) => r.id)).toEqual([drop]);
    expect((await projected(phone(23), 1, "pending")).map((r) => r.id)).toEqual([keep]);
    const all = await api("GET", "/api/records?status=cancelled&limit=200");
    expect(all.json.records.every((r: any) => r.status === "cancelled")).toBe(true);
    expect(all.json.records.map((r: any) => r.id)).toContain(drop);
  });

  it.each([
    ["unknown parameter", "sort=asc", "sort"],
    ["unknown status", "status=lost", "status"],
    ["limit 0", "limit=0", "limit"],
    ["limit 500", "limit=500", "limit"],
    ["limit 201", "limit=201", "limit"],
    ["limit not a number", "limit=ten", "limit"],
    ["limit fractional", "limit=1.5", "limit"],
    ["bad hotel_phone", "hotel_phone=12345", "hotel_phone"],
    ["garbage cursor", "cursor=!!!", "cursor"],
    ["base64 non-JSON cursor", `cursor=${btoa("hello")}`, "cursor"],
    ["base64 wrong-shape cursor", `cursor=${btoa(JSON.stringify(["a", 1]))}`, "cursor"],
    ["oversized cursor", `cursor=${"a".repeat(201)}`, "cursor"],
  ])("refuses %s with 400 naming it", async (_label, query, field) => {
    const err = expectError(await api("GET", `/api/records?${query}`), 400, "validation_failed");
    expect(JSON.stringify(err.details)).toContain(field);
  });

  it("accepts limit 1 and 200", async () => {
    expect((await api("GET", "/api/records?limit=1")).json.records.length).toBeLessThanOrEqual(1);
    expect((await api("GET", "/api/records?limit=200")).status).toBe(200);
  });
});

describe("GET /api/records: paging", () => {
  it("walks every page with no duplicates and no gaps", async () => {
    const ids = [...(await create(4, 24)), ...(await create(3, 24)), ...(await create(4, 24))];
    await projected(phone(24), 11);
    for (const limit of [1, 3, 4, 11, 50]) {
      const { records, pages } = await listAll(`${q(24)}&limit=${limit}`);
      expect(records.map((r) => r.id).sort(), `limit ${limit}`).toEqual([...ids].sort());
      expect(new Set(records.map((r) => r.id)).size).toBe(11);
      expect(pages, `limit ${limit}`).toBe(Math.ceil(11 / limit)); // no empty trailing page
      const keys = records.map((r) => `${r.created_at}|${r.id}`);
      expect(keys).toEqual([...keys].sort().reverse());
    }
  });

  it("stays stable while records are added between pages", async () => {
    const old = await create(5, 25);
    await projected(phone(25), 5);
    const first = await api("GET", `/api/records?${q(25)}&limit=2`);
    const added = await create(3, 25);
    await projected(phone(25), 8);
    const seen = first.json.records.map((r: any) => r.id);
    let cursor = first.json.next_cursor;
    while (cursor) {
      const page = await api("GET", `/api/records?${q(25)}&limit=2&cursor=${cursor}`);
      seen.push(...page.json.records.map((r: any) => r.id));
      cursor = page.json.next_cursor;
    }
    expect([...seen].sort()).toEqual([...old].sort());
    expect(seen.some((id: string) => added.includes(id))).toBe(false);
  });

  it("ends with next_cursor null", async () => {
    await create(2, 26);
    await projected(phone(26), 2);
    const r = await api("GET", `/api/records?${q(26)}&limit=2`);
    expect(r.json.records).toHaveLength(2);
    expect(r.json.next_cursor).toBeNull();
  });
});

describe("GET /api/records/:id and /events", () => {
  it("returns the state with the DESIGN §8 fields", async () => {
    const [id] = await create(1, 27, { external_id: `read-${Date.now()}`, folio_email: "AP@Corp.Example", notes: "n1" });
    const r = await api("GET", `/api/records/${id}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ id, status: "pending", attempts: 0, folio: null, folio_email: "ap@corp.example", notes: "n1", sequence: 1 });
    expect(r.json.reply_to).toMatch(/^folios\+[a-z2-7]{12}@folio\.test$/);
  });

  it("returns decrypted events; the D1 audit copy stays sealed", async () => {
    const [id] = await create(1, 28, { guest_name: "Augusta Sealed", confirmation_number: "SEAL-77" });
    const r = await api("GET", `/api/records/${id}/events`);
    expect(r.status).toBe(200);
    const [created] = r.json.events;
    expect(created).toMatchObject({ event_type: "RecordCreated", aggregate_id: id, aggregate_type: "FolioRecord", sequence: 1 });
    expect(created.data.input).toMatchObject({ guest_name: "Augusta Sealed", confirmation_number: "SEAL-77" });
    expect(created.event_id).toMatch(/^[0-9a-f-]{36}$/);
    const row = await eventually(async () => (await env.DB.prepare("SELECT * FROM events WHERE aggregate_id = ?1").bind(id).first()) ?? undefined);
    expect(JSON.stringify(row)).not.toContain("Augusta");
    expect(JSON.stringify(row)).not.toContain("SEAL-77");
  });

  it("is readable by a viewer", async () => {
    const viewer = await keyFor("viewer");
    const [id] = await create(1, 29, { guest_name: "Viewer Visible" });
    expect((await api("GET", `/api/records/${id}`, { key: viewer })).json.guest_name).toBe("Viewer Visible");
    expect((await api("GET", `/api/records/${id}/events`, { key: viewer })).json.events[0].data.input.guest_name).toBe("Viewer Visible");
  });

  it.each([
    ["unknown id", "rec_aaaaaaaaaaaaaaaaaaaaaaaaaa"],
    ["malformed id", "not-a-record"],
    ["upper-case id", "REC_AAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["too short", "rec_abc"],
    ["encoded junk", "%25%00"],
  ])("%s → 404", async (_label, id) => {
    expectError(await api("GET", `/api/records/${id}`), 404, "not_found");
    expectError(await api("GET", `/api/records/${id}/events`), 404, "not_found");
    expectError(await api("POST", `/api/records/${id}/cancel`, { json: {} }), 404, "not_found");
  });
});

describe("POST /api/records/:id/cancel", () => {
  it("cancels (with or without a body); a second cancel is 409", async () => {
    const [a, b] = await create(2, 30);
    const r = await api("POST", `/api/records/${a}/cancel`, { json: { reason: "guest changed plans" } });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({ id: a, status: "cancelled" });
    expect((await api("POST", `/api/records/${b}/cancel`)).json).toEqual({ id: b, status: "cancelled" });
    expectError(await api("POST", `/api/records/${a}/cancel`, { json: {} }), 409, "conflict");
    expectError(await api("POST", `/api/records/${b}/cancel`), 409, "conflict");
    const state = await api("GET", `/api/records/${a}`);
    expect(state.json).toMatchObject({ status: "cancelled", sequence: 3 });
    const events = (await api("GET", `/api/records/${a}/events`)).json.events;
    expect(events.map((e: any) => e.event_type)).toEqual(["RecordCreated", "RecordCancelled", "StatusUpdated"]);
    expect(events.map((e: any) => e.sequence)).toEqual([1, 2, 3]);
    expect(events[1].data.reason).toBe("guest changed plans");
    expect(events[1].metadata.actor).toBe("key:bootstrap");
    expect(events[2].data).toEqual({ from: "pending", to: "cancelled", cause: "RecordCancelled" });
  });

  it("reads an empty body as {} even with a JSON content-type", async () => {
    const [a, b] = await create(2, 33);
    const ct = { "content-type": "application/json" };
    expect((await api("POST", `/api/records/${a}/cancel`, { headers: ct })).json).toEqual({ id: a, status: "cancelled" });
    expect((await api("POST", `/api/records/${b}/cancel`, { body: "", headers: ct })).json).toEqual({ id: b, status: "cancelled" });
  });

  it("refuses a body over 5 MiB with 413", async () => {
    const [id] = await create(1, 34);
    expectError(await api("POST", `/api/records/${id}/cancel`, { json: { reason: "r".repeat(5 * 1024 * 1024) } }), 413, "payload_too_large");
    expect((await api("GET", `/api/records/${id}`)).json.status).toBe("pending");
  });

  it("lets exactly one of three concurrent cancels win", async () => {
    const [id] = await create(1, 31);
    const replies = await Promise.all([1, 2, 3].map(() => api("POST", `/api/records/${id}/cancel`, { json: {} })));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    const types = (await api("GET", `/api/records/${id}/events`)).json.events.map((e: any) => e.event_type);
    expect(types).toEqual(["RecordCreated", "RecordCancelled", "StatusUpdated"]);
  });

  it("refuses a bad body and leaves the record as it was", async () => {
    const [id] = await create(1, 32);
    expect(Object.keys(expectError(await api("POST", `/api/records/${id}/cancel`, { json: { reason: "r".repeat(2001) } }), 400).details)).toEqual(["reason"]);
    expect(JSON.stringify(expectError(await api("POST", `/api/records/${id}/cancel`, { json: { why: "x" } }), 400).details)).toContain("why");
    expectError(await api("POST", `/api/records/${id}/cancel`, { body: "{", headers: { "content-type": "application/json" } }), 400, "invalid_json");
    expectError(await api("POST", `/api/records/${id}/cancel`, { body: "reason=x", headers: { "content-type": "text/plain" } }), 415);
    expect((await api("GET", `/api/records/${id}`)).json.status).toBe("pending");
  });
});
