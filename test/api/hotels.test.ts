// /api/hotels: settings live in each hotel's HotelLine DO, D1 lists them. A record's hotel becomes
// known through the scheduling queue.
import { describe, expect, it } from "vitest";
import { api, eventually, expectError, keyFor, phone, recordInput } from "../helpers";

const DEFAULT_WINDOW = { days: ["mon", "tue", "wed", "thu", "fri"], start: "10:00", end: "15:00" };
const put = (xx: number | string, json: unknown, key?: string) => api("PUT", `/api/hotels/${typeof xx === "number" ? phone(xx) : xx}`, { key, json });
const get = (xx: number | string, key?: string) => api("GET", `/api/hotels/${typeof xx === "number" ? phone(xx) : xx}`, { key });
async function listed(p: string) {
  return (await api("GET", "/api/hotels")).json.hotels.find((h: any) => h.phone === p);
}

describe("a record's hotel becomes known", () => {
  it("through the scheduling queue, with what the record said and the default window", async () => {
    expectError(await get(70), 404, "not_found");
    const r = await api("POST", "/api/records", {
      json: { records: [recordInput({ hotel: { name: "Queue Inn", phone: "(415) 555-0170", email: "Desk@Queue.Example", timezone: "America/New_York" } })] },
    });
    expect(r.status, r.text).toBe(201);
    const hotel = await eventually(async () => {
      const h = await get(70);
      return h.status === 200 ? h.json : undefined;
    });
    expect(hotel).toMatchObject({ phone: phone(70), name: "Queue Inn", email: "desk@queue.example", timezone: "America/New_York", call_window: DEFAULT_WINDOW, ivr_path: null });
    expect(await eventually(() => listed(phone(70)))).toMatchObject({ name: "Queue Inn", call_window: DEFAULT_WINDOW });
  });

  it("without overwriting what an operator set; only gaps are filled", async () => {
    const set = await put(71, { name: "Operator Name", ivr_path: "2w1" });
    expect(set.status, set.text).toBe(200);
    const r = await api("POST", "/api/records", {
      json: { records: [recordInput({ hotel: { name: "Record Name", phone: phone(71), email: "fd@record.example", timezone: "America/Chicago" } })] },
    });
    expect(r.status).toBe(201);
    const hotel = await eventually(async () => {
      const h = (await get(71)).json;
      return h.email ? h : undefined;
    });
    expect(hotel).toMatchObject({ name: "Operator Name", ivr_path: "2w1", email: "fd@record.example", timezone: "America/Chicago", version: 2 });
    expect(await eventually(async () => ((await listed(phone(71)))?.email ? listed(phone(71)) : undefined))).toMatchObject({ name: "Operator Name" });
  });
});

describe("PUT /api/hotels/:phone", () => {
  it("creates a hotel with a name, then patches it; GET and the list agree", async () => {
    const created = await put(72, { name: "  Put Inn  ", call_window: { days: ["sat", "sun"], start: "09:30", end: "11:00" }, notes: "ask for Sam" });
    expect(created.status, created.text).toBe(200);
    expect(created.json).toMatchObject({ phone: phone(72), name: "Put Inn", call_window: { days: ["sat", "sun"], start: "09:30", end: "11:00" }, notes: "ask for Sam", ivr_path: null, version: 1 });
    const patched = await put(72, { ivr_path: "1w#w*0", email: "Front@Put.Example", timezone: "Europe/Paris" });
    expect(patched.json).toMatchObject({ name: "Put Inn", ivr_path: "1w#w*0", email: "front@put.example", timezone: "Europe/Paris", notes: "ask for Sam", version: 2 });
    const cleared = await put(72, { ivr_path: null, notes: null });
    expect(cleared.json).toMatchObject({ ivr_path: null, notes: null, version: 3, email: "front@put.example" });
    expect((await get(72)).json).toEqual(cleared.json);
    const row = await listed(phone(72));
    expect(row).toMatchObject({ name: "Put Inn", email: "front@put.example", ivr_path: null, call_window: cleared.json.call_window });
  });

  it("needs a name for a new hotel, not for a known one", async () => {
    const err = expectError(await put(73, { ivr_path: "1" }), 400);
    expect(Object.keys(err.details)).toEqual(["name"]);
    expectError(await get(73), 404);
    expect((await put(73, { name: "Named" })).status).toBe(200);
    expect((await put(73, { ivr_path: "1" })).json).toMatchObject({ name: "Named", ivr_path: "1" });
    expect((await put(73, {})).json).toMatchObject({ name: "Named", version: 3 });
  });

  it("takes the phone in any format: national, encoded E.164", async () => {
    expect((await put("(415)%20555-0174", { name: "Format Inn" })).json.phone).toBe(phone(74));
    expect((await get(encodeURIComponent(phone(74)))).json.name).toBe("Format Inn");
    expect((await get("415-555-0174")).json.name).toBe("Format Inn");
  });

  it.each([
    ["start after end", { call_window: { days: ["mon"], start: "16:00", end: "09:00" } }, "call_window.end"],
    ["start equal to end", { call_window: { days: ["mon"], start: "10:00", end: "10:00" } }, "call_window.end"],
    ["hour 24", { call_window: { days: ["mon"], start: "10:00", end: "24:00" } }, "call_window.end"],
    ["H:MM", { call_window: { days: ["mon"], start: "9:00", end: "12:00" } }, "call_window.start"],
    ["no days", { call_window: { days: [], start: "09:00", end: "12:00" } }, "call_window.days"],
    ["unknown day", { call_window: { days: ["monday"], start: "09:00", end: "12:00" } }, "call_window.days.0"],
    ["missing end", { call_window: { days: ["mon"], start: "09:00" } }, "call_window.end"],
    ["extra window key", { call_window: { days: ["mon"], start: "09:00", end: "12:00", tz: "UTC" } }, "call_window.tz"],
    ["ivr_path letters", { ivr_path: "1a2" }, "ivr_path"],
    ["ivr_path empty", { ivr_path: "" }, "ivr_path"],
    ["ivr_path too long", { ivr_path: "1".repeat(33) }, "ivr_path"],
    ["bad email", { email: "not-mail" }, "email"],
    ["bad timezone", { timezone: "Moon/Base" }, "timezone"],
    ["lower-case country", { country: "us" }, "country"],
    ["blank name", { name: "  " }, "name"],
    ["name null", { name: null }, "name"],
    ["unknown field", { stars: 5 }, "stars"],
  ])("refuses %s with 400 naming the field, creating nothing", async (_label, patch, field) => {
    const err = expectError(await put(75, { name: "Never Made", ...patch }), 400, "validation_failed");
    expect(Object.keys(err.details)).toContain(field);
    expectError(await get(75), 404);
  });

  it("refuses malformed JSON (400) and other media types (415)", async () => {
    expectError(await api("PUT", `/api/hotels/${phone(76)}`, { body: "{", headers: { "content-type": "application/json" } }), 400, "invalid_json");
    expectError(await api("PUT", `/api/hotels/${phone(76)}`, { body: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } }), 415);
    expectError(await get(76), 404);
  });

  it("is for operators and admins; viewers may read", async () => {
    const viewer = await keyFor("viewer");
    const operator = await keyFor("operator");
    expectError(await put(77, { name: "Viewer Inn" }, viewer), 403, "forbidden");
    expectError(await get(77, viewer), 404);
    expect((await put(77, { name: "Operator Inn" }, operator)).status).toBe(200);
    expect((await get(77, viewer)).json.name).toBe("Operator Inn");
    expect((await api("GET", "/api/hotels", { key: viewer })).status).toBe(200);
  });
});

describe("GET /api/hotels/:phone", () => {
  it.each([
    ["letters", "abc"],
    ["too short", "12345"],
    ["a percent sign", "%25"],
    ["encoded junk", "%25E0%25A4%25A"],
  ])("refuses %s with 400, naming the phone", async (_label, raw) => {
    for (const r of [await get(raw), await put(raw, { name: "X" })]) {
      const err = expectError(r, 400);
      expect(Object.keys(err.details)).toEqual(["phone"]);
    }
  });

  it("answers 404 for a valid number no one has mentioned", async () => {
    expectError(await get(78), 404, "not_found");
  });
});

describe("GET /api/hotels", () => {
  it("lists hotels ordered by name, with call_window as an object", async () => {
    await put(79, { name: "zz Last Hotel" });
    await put(80, { name: "AA First Hotel" });
    const r = await api("GET", "/api/hotels");
    expect(r.status).toBe(200);
    const names = r.json.hotels.map((h: any) => h.name);
    expect(names.indexOf("AA First Hotel")).toBeLessThan(names.indexOf("zz Last Hotel"));
    for (const h of r.json.hotels) expect(h.call_window).toEqual({ days: expect.any(Array), start: expect.any(String), end: expect.any(String) });
  });
});
