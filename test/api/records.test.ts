// POST /api/records: creation, idempotency on external_id, normalization and every kind of bad input.
// A rejected request must write nothing at all.
import { describe, expect, it } from "vitest";
import { recordIdFor } from "../../src/objects/folio-record/client";
import { api, expectError, phone, projected, recordInput } from "../helpers";

const REPLY_TO = /^folios\+([a-z2-7]{12})@folio\.test$/;
const post = (records: unknown[], opts: { key?: string } = {}) => api("POST", "/api/records", { ...opts, json: { records } });
const at = (xx: number, extra: Record<string, unknown> = {}) => ({ hotel: { name: `Hotel ${xx}`, phone: phone(xx), ...extra } });
let seq = 0;
const ext = (label: string) => `rec-test-${label}-${Date.now()}-${++seq}`;

/** The record's own DO (the truth) knows nothing of `externalId`. */
async function expectNoRecord(externalId: string) {
  const id = await recordIdFor(`ext:${externalId}`);
  expectError(await api("GET", `/api/records/${id}`), 404, "not_found");
  expectError(await api("GET", `/api/records/${id}/events`), 404, "not_found");
}

describe("POST /api/records: creation", () => {
  it("answers 201 with id, status and a reply_to per record, in request order", async () => {
    const inputs = [recordInput(at(1)), recordInput(at(1)), recordInput(at(1))];
    const r = await post(inputs);
    expect(r.status, r.text).toBe(201);
    expect(r.json.records).toHaveLength(3);
    const tokens = new Set<string>();
    for (const [i, rec] of r.json.records.entries()) {
      expect(Object.keys(rec).sort()).toEqual(["id", "reply_to", "status"]);
      expect(rec.id).toMatch(/^rec_[a-z2-7]{26}$/);
      expect(rec.status).toBe("pending");
      tokens.add(REPLY_TO.exec(rec.reply_to)![1]!);
      const state = await api("GET", `/api/records/${rec.id}`);
      expect(state.json).toMatchObject({ id: rec.id, status: "pending", attempts: 0, folio: null, reply_to: rec.reply_to, guest_name: inputs[i]!.guest_name });
    }
    expect(tokens.size).toBe(3);
    await projected(phone(1), 3);
  });

  it("is idempotent on external_id: same id and reply_to back, no second record, first input kept", async () => {
    const id = ext("idem");
    const first = await post([recordInput({ ...at(2), external_id: id, guest_name: "First Guest" })]);
    expect(first.status, first.text).toBe(201);
    const again = await post([recordInput({ ...at(2), external_id: id, guest_name: "Second Guest" })]);
    expect(again.status, again.text).toBe(201);
    expect(again.json.records[0]).toEqual(first.json.records[0]);
    expect(first.json.records[0].id).toBe(await recordIdFor(`ext:${id}`)); // what expectNoRecord relies on
    const state = await api("GET", `/api/records/${first.json.records[0].id}`);
    expect(state.json).toMatchObject({ guest_name: "First Guest", external_id: id, sequence: 1 });
    // a later record for the same hotel shows up; the repeat never does
    expect((await post([recordInput(at(2))])).status).toBe(201);
    await projected(phone(2), 2);
  });

  it("is idempotent when the same external_id arrives concurrently", async () => {
    const id = ext("race");
    const replies = await Promise.all([1, 2, 3].map(() => post([recordInput({ ...at(3), external_id: id })])));
    for (const r of replies) expect(r.status, r.text).toBe(201);
    expect(new Set(replies.map((r) => r.json.records[0].id)).size).toBe(1);
    const events = await api("GET", `/api/records/${replies[0]!.json.records[0].id}/events`);
    expect(events.json.events.map((e: any) => e.event_type)).toEqual(["RecordCreated"]);
  });

  it("mixes known and new external_ids in one request", async () => {
    const known = ext("known");
    const first = await post([recordInput({ ...at(4), external_id: known })]);
    const both = await post([recordInput({ ...at(4), external_id: ext("new") }), recordInput({ ...at(4), external_id: known })]);
    expect(both.status, both.text).toBe(201);
    expect(both.json.records[1].id).toBe(first.json.records[0].id);
    expect(both.json.records[0].id).not.toBe(first.json.records[0].id);
    await projected(phone(4), 2);
  });

  it("trims external_id, so ' X ' and 'X' are the same record", async () => {
    const id = ext("trim");
    const a = await post([recordInput({ ...at(5), external_id: id })]);
    const b = await post([recordInput({ ...at(5), external_id: `  ${id}  ` })]);
    expect(b.json.records[0].id).toBe(a.json.records[0].id);
  });

  it.each([
    ["(415) 555-0100", "+14155550100"],
    ["415.555.0106", "+14155550106"],
    ["+1 415 555 0107", "+14155550107"],
    ["1-415-555-0108", "+14155550108"],
  ])("normalizes hotel phone %s to %s (US default)", async (raw, e164) => {
    const r = await post([recordInput({ hotel: { name: "Normal Inn", phone: raw } })]);
    expect(r.status, r.text).toBe(201);
    const state = await api("GET", `/api/records/${r.json.records[0].id}`);
    expect(state.json.hotel.phone).toBe(e164);
  });

  it("reads a national number in hotel.country when given", async () => {
    const r = await post([recordInput({ hotel: { name: "London", phone: "020 7946 0958", country: "GB" } })]);
    expect(r.status, r.text).toBe(201);
    expect((await api("GET", `/api/records/${r.json.records[0].id}`)).json.hotel.phone).toBe("+442079460958");
  });
});

describe("POST /api/records: bad input is a 400 naming the field, and writes nothing", () => {
  it.each([
    ["check_in not a date", { check_in: "2026-02-30" }, "records.0.check_in"],
    ["check_in with slashes", { check_in: "2026/10/01" }, "records.0.check_in"],
    ["check_out a datetime", { check_out: "2026-10-03T10:00:00Z" }, "records.0.check_out"],
    ["check_out month 13", { check_out: "2026-13-01" }, "records.0.check_out"],
    ["check_out before check_in", { check_in: "2026-10-05", check_out: "2026-10-04" }, "records.0.check_out"],
    ["no guest_name", { guest_name: undefined }, "records.0.guest_name"],
    ["blank guest_name", { guest_name: "   " }, "records.0.guest_name"],
    ["no confirmation_number", { confirmation_number: undefined }, "records.0.confirmation_number"],
    ["bad phone", { hotel: { name: "X", phone: "12345" } }, "records.0.hotel.phone"],
    ["phone a number", { hotel: { name: "X", phone: 4155550100 } }, "records.0.hotel.phone"],
    ["no hotel name", { hotel: { phone: "+14155550100" } }, "records.0.hotel.name"],
    ["bad hotel email", { hotel: { name: "X", phone: "+14155550100", email: "nope" } }, "records.0.hotel.email"],
    ["bad timezone", { hotel: { name: "X", phone: "+14155550100", timezone: "Mars/Olympus" } }, "records.0.hotel.timezone"],
    ["bad country", { hotel: { name: "X", phone: "+14155550100", country: "usa" } }, "records.0.hotel.country"],
    ["bad folio_email", { folio_email: "x@" }, "records.0.folio_email"],
    ["notes too long", { notes: "n".repeat(2001) }, "records.0.notes"],
  ])("%s", async (_label, override, field) => {
    const externalId = ext("bad");
    const err = expectError(await post([recordInput({ ...at(10), external_id: externalId, ...override })]), 400, "validation_failed");
    expect(Object.keys(err.details)).toContain(field);
    expect(typeof err.details[field]).toBe("string");
    await expectNoRecord(externalId);
  });

  it.each([
    ["a record", (r: any) => ({ records: [{ ...r, fax: "1" }] }), "records.0.fax", "unknown field"],
    ["the hotel", (r: any) => ({ records: [{ ...r, hotel: { ...r.hotel, stars: 5 } }] }), "records.0.hotel.stars", "unknown field"],
    ["the body", (r: any) => ({ records: [r], dry_run: true }), "dry_run", "unknown field"],
  ])("refuses an unknown field in %s", async (_label, build, path, name) => {
    const externalId = ext("unknown");
    const err = expectError(await api("POST", "/api/records", { json: build(recordInput({ ...at(10), external_id: externalId })) }), 400, "validation_failed");
    expect(err.details[path]).toContain(name);
    await expectNoRecord(externalId);
  });

  it("a bad record anywhere means nothing at all is written", async () => {
    const ids = [ext("all"), ext("all"), ext("all")];
    const records = [recordInput({ ...at(11), external_id: ids[0] }), recordInput({ ...at(11), external_id: ids[1] }), recordInput({ ...at(11), external_id: ids[2], check_out: "never" })];
    const err = expectError(await post(records), 400, "validation_failed");
    expect(Object.keys(err.details)).toEqual(["records.2.check_out"]);
    for (const id of ids) await expectNoRecord(id);
    // a sentinel created afterwards is the only record the hotel ever gets
    expect((await post([recordInput(at(11))])).status).toBe(201);
    await projected(phone(11), 1);
  });

  it("refuses a duplicate external_id within one request, writing nothing", async () => {
    const dup = ext("dup");
    const other = ext("other");
    const err = expectError(await post([recordInput({ ...at(12), external_id: dup }), recordInput({ ...at(12), external_id: other }), recordInput({ ...at(12), external_id: ` ${dup}` })]), 400);
    expect(Object.keys(err.details)).toEqual(["records.2.external_id"]);
    await expectNoRecord(dup);
    await expectNoRecord(other);
  });

  it("refuses an empty list and more than 1000 records", async () => {
    expect(Object.keys(expectError(await post([]), 400).details)).toEqual(["records"]);
    const many = Array.from({ length: 1001 }, () => recordInput(at(13)));
    const err = expectError(await post(many), 400, "validation_failed");
    expect(Object.keys(err.details)).toEqual(["records"]);
    expect((await api("GET", `/api/records?hotel_phone=${encodeURIComponent(phone(13))}`)).json.records).toEqual([]);
  });

  it.each([
    ["not an object", []],
    ["null", null],
    ["records not an array", { records: { 0: {} } }],
    ["no records", {}],
  ])("refuses a body that is %s", async (_label, json) => {
    expectError(await api("POST", "/api/records", { json }), 400, "validation_failed");
  });

  it("refuses malformed JSON, empty bodies and invalid UTF-8 with 400", async () => {
    const json = { "content-type": "application/json" };
    expectError(await api("POST", "/api/records", { body: '{"records": [', headers: json }), 400, "invalid_json");
    expectError(await api("POST", "/api/records", { body: "", headers: json }), 400, "invalid_json");
    expectError(await api("POST", "/api/records", { body: new Uint8Array([0x7b, 0xff, 0x7d]), headers: json }), 400, "invalid_json");
  });

  it.each([
    ["text/plain", { "content-type": "text/plain" }],
    ["text/csv", { "content-type": "text/csv" }],
    ["missing", {}],
  ])("refuses content-type %s with 415", async (_label, headers) => {
    const externalId = ext("ct");
    const body = JSON.stringify({ records: [recordInput({ ...at(14), external_id: externalId })] });
    expectError(await api("POST", "/api/records", { body, headers }), 415, "unsupported_media_type");
    await expectNoRecord(externalId);
  });

  it("accepts application/json with a charset", async () => {
    const body = JSON.stringify({ records: [recordInput(at(15))] });
    expect((await api("POST", "/api/records", { body, headers: { "content-type": "application/json; charset=utf-8" } })).status).toBe(201);
  });

  it("refuses a body over 5 MiB with 413, declared or streamed", async () => {
    const big = JSON.stringify({ records: [recordInput({ ...at(16), notes: "x".repeat(5 * 1024 * 1024) })] });
    expectError(await api("POST", "/api/records", { body: big, headers: { "content-type": "application/json" } }), 413, "payload_too_large");
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += 64 * 1024) c.enqueue(bytes.subarray(i, i + 64 * 1024));
        c.close();
      },
    });
    expectError(await api("POST", "/api/records", { body: stream, headers: { "content-type": "application/json" } }), 413, "payload_too_large");
  });
});
