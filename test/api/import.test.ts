// POST /api/records/import (text/csv): line-by-line validation, a job on the real queue, and
// idempotent re-uploads.
import { describe, expect, it } from "vitest";
import { api, eventually, expectError, jobDone, keyFor, listAll, phone, projected, recordInput, sleep } from "../helpers";

const HEADER = "external_id,guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone,hotel_email,hotel_timezone";
const upload = (body: BodyInit, opts: { key?: string; type?: string } = {}) => api("POST", "/api/records/import", { key: opts.key, body, headers: { "content-type": opts.type ?? "text/csv" } });
let seq = 0;
const uniq = () => `${Date.now()}-${++seq}`;
const line = (xx: number, f: { ext?: string; guest?: string; cin?: string; cout?: string; hotel?: string; tz?: string } = {}) =>
  [
    f.ext ?? "",
    f.guest ?? `Guest ${uniq()}`,
    `C-${uniq()}`,
    f.cin ?? "2026-10-01",
    f.cout ?? "2026-10-03",
    f.hotel ?? `Import Inn ${xx}`,
    phone(xx),
    "desk@inn.example",
    f.tz ?? "America/Los_Angeles",
  ].join(",");

describe("POST /api/records/import: happy path", () => {
  it("imports good lines, rejects a bad one by its line number, and the job finishes", async () => {
    const csv = [HEADER, line(40), line(40, { cin: "2026-02-30" }), line(40), line(40, { tz: "Nowhere/Special" })].join("\n") + "\n";
    const r = await upload(csv);
    expect(r.status, r.text).toBe(202);
    expect(r.json.imported).toBe(2);
    expect(r.json.job_id).toMatch(/^imp_[0-9a-f]{24}$/);
    expect(r.json.rejected).toEqual([
      { line: 3, errors: { check_in: expect.any(String) } },
      { line: 5, errors: { hotel_timezone: expect.any(String) } },
    ]);
    const job = await jobDone(r.json.job_id);
    expect(job).toMatchObject({ kind: "import", status: "done", total: 2, done: 2, failed: 0 });
    const rows = await projected(phone(40), 2);
    const events = await api("GET", `/api/records/${rows[0].id}/events`);
    expect(events.json.events[0]).toMatchObject({ event_type: "RecordCreated", correlation_id: r.json.job_id });
  });

  it("reads RFC 4180 quoting: commas, doubled quotes and line breaks, with line numbers kept", async () => {
    const guest = `Doe, Jane ${uniq()}`;
    const csv = `${HEADER}\r\n,"${guest}",C-${uniq()},2026-10-01,2026-10-03,"The ""Quoted""\r\nAnnex",${phone(41)},,\r\n${line(41, { cout: "2026-09-01" })}\r\n`;
    const r = await upload(csv);
    expect(r.status, r.text).toBe(202);
    expect(r.json.imported).toBe(1);
    expect(r.json.rejected).toEqual([{ line: 4, errors: { check_out: expect.stringContaining("check_in") } }]);
    await jobDone(r.json.job_id);
    const [row] = await projected(phone(41), 1);
    expect(row.guest_name).toBe(guest);
    expect(row.hotel.name).toBe('The "Quoted"\r\nAnnex');
  });

  it("accepts a BOM, header case and spacing, another column order and national phones", async () => {
    const guest = `Order Guest ${uniq()}`;
    const csv = `\uFEFF Hotel_Phone ,GUEST_NAME,confirmation_number,check_in,check_out,hotel_name\n(415) 555-0142,${guest},C-${uniq()},2026-10-01,2026-10-02,Reordered\n`;
    const r = await upload(csv, { type: "text/csv; charset=utf-8" });
    expect(r.status, r.text).toBe(202);
    expect(r.json).toMatchObject({ imported: 1, rejected: [] });
    await jobDone(r.json.job_id);
    const [row] = await projected(phone(42), 1);
    expect(row).toMatchObject({ guest_name: guest, hotel: { phone: phone(42), name: "Reordered" } });
  });

  it("re-uploading the same file gives the same job and creates no new records", async () => {
    const csv = [HEADER, line(43), line(43), line(43, { ext: `imp-ext-${uniq()}` })].join("\n");
    const first = await upload(csv);
    await jobDone(first.json.job_id);
    const before = (await projected(phone(43), 3)).map((r) => r.id).sort();
    const again = await upload(csv);
    expect(again.status).toBe(202);
    expect(again.json).toEqual(first.json);
    // let the redelivered chunk run, then a sentinel import finishes after it
    await sleep(1500);
    const sentinel = await upload([HEADER, line(43)].join("\n"));
    await jobDone(sentinel.json.job_id);
    const after = await projected(phone(43), 4);
    expect(after.map((r) => r.id).filter((id) => !before.includes(id))).toHaveLength(1);
    expect((await api("GET", `/api/jobs/${first.json.job_id}`)).json).toMatchObject({ status: "done", total: 3, done: 3 });
  });

  it("maps an external_id already created through JSON to that record", async () => {
    const ext = `shared-${uniq()}`;
    const made = await api("POST", "/api/records", { json: { records: [recordInput({ external_id: ext, hotel: { name: "JSON Inn", phone: phone(44) } })] } });
    const r = await upload([HEADER, line(44, { ext })].join("\n"));
    expect(r.json.imported).toBe(1);
    await jobDone(r.json.job_id);
    await sleep(300);
    const rows = await projected(phone(44), 1);
    expect(rows[0].id).toBe(made.json.records[0].id);
  });

  it("finishes at once with nothing to import (header only, or every line bad)", async () => {
    const only = await upload(`${HEADER}\n`);
    expect(only.json).toMatchObject({ imported: 0, rejected: [] });
    expect((await api("GET", `/api/jobs/${only.json.job_id}`)).json).toMatchObject({ status: "done", total: 0 });
    const bad = await upload([HEADER, line(45, { cin: "soon" }), line(45, { cout: "later" })].join("\n"));
    expect(bad.json.imported).toBe(0);
    expect(bad.json.rejected.map((x: any) => x.line)).toEqual([2, 3]);
    expect((await jobDone(bad.json.job_id)).total).toBe(0);
  });

  it("is open to operators, and the job readable by viewers", async () => {
    const operator = await keyFor("operator");
    const viewer = await keyFor("viewer");
    const r = await upload([HEADER, line(46)].join("\n"), { key: operator });
    expect(r.status, r.text).toBe(202);
    const job = await jobDone(r.json.job_id, viewer);
    expect(job.status).toBe("done");
    const events = await eventually(async () => {
      const rows = (await api("GET", `/api/records?hotel_phone=${encodeURIComponent(phone(46))}`)).json.records;
      return rows.length ? (await api("GET", `/api/records/${rows[0].id}/events`)).json.events : undefined;
    });
    expect(events[0].metadata.actor).toMatch(/^key:key_/);
  });
});

describe("POST /api/records/import: several chunks", () => {
  it("imports 230 lines as one job that counts every chunk once", async () => {
    const lines = Array.from({ length: 230 }, () => line(50));
    const r = await upload([HEADER, ...lines].join("\n"));
    expect(r.json).toMatchObject({ imported: 230, rejected: [] });
    const job = await jobDone(r.json.job_id, undefined, 60_000);
    expect(job).toMatchObject({ total: 230, done: 230, failed: 0 });
    const all = await eventually(async () => {
      const { records } = await listAll(`hotel_phone=${encodeURIComponent(phone(50))}&limit=200`);
      return records.length >= 230 ? records : undefined;
    }, 30_000);
    expect(new Set(all.map((x) => x.id)).size).toBe(230);
    expect(all).toHaveLength(230);
  }, 90_000);
});

describe("POST /api/records/import: bad lines are rejected one by one", () => {
  it("reports field-count, quoting and duplicate external_id errors by line", async () => {
    const ext = `dup-${uniq()}`;
    const csv = [
      HEADER,
      line(47, { ext }), // 2 ok
      "a,b,c", // 3 too few fields
      line(47, { guest: 'Bad "quote" here' }), // 4 quote in unquoted field
      line(47, { ext }), // 5 repeats line 2
      line(47, { guest: "" }), // 6 missing guest name
      line(47), // 7 ok
      `,"never closed,C,2026-10-01,2026-10-02,H,${phone(47)},,`, // 8 unterminated
    ].join("\n");
    const r = await upload(csv);
    expect(r.status, r.text).toBe(202);
    expect(r.json.imported).toBe(2);
    expect(r.json.rejected.map((x: any) => x.line)).toEqual([3, 4, 5, 6, 8]);
    const [l3, l4, l5, l6, l8] = r.json.rejected.map((x: any) => x.errors);
    expect(Object.keys(l3)).toEqual(["row"]);
    expect(Object.keys(l4)).toEqual(["row"]);
    expect(l5).toEqual({ external_id: "repeats line 2" });
    expect(Object.keys(l6)).toEqual(["guest_name"]);
    expect(Object.keys(l8)).toEqual(["row"]);
    await jobDone(r.json.job_id);
    await projected(phone(47), 2);
  });
});

describe("POST /api/records/import: refused uploads", () => {
  it.each([
    ["an unknown column", `${HEADER},room`, "unknown", "room"],
    ["a missing required column", "guest_name,confirmation_number,check_in,check_out,hotel_name", "missing", "hotel_phone"],
    ["a repeated column", `${HEADER},guest_name`, "expected", "external_id"],
  ])("refuses a header with %s (400)", async (_label, header, detail, mention) => {
    const err = expectError(await upload(`${header}\n${line(48)}\n`), 400, "bad_request");
    expect(err.details[detail]).toContain(mention);
  });

  it("refuses a malformed header line", async () => {
    expectError(await upload(`external_id,"guest_name\n`), 400);
  });

  it.each([
    ["empty", ""],
    ["blank lines only", "\n\r\n\n"],
  ])("refuses an %s body (400)", async (_label, body) => {
    const err = expectError(await upload(body), 400, "bad_request");
    expect(err.details.expected).toBe(HEADER);
  });

  it("refuses invalid UTF-8 (400) and other media types (415)", async () => {
    expectError(await upload(new Uint8Array([...new TextEncoder().encode(`${HEADER}\n`), 0xc3, 0x28])), 400, "invalid_encoding");
    expectError(await upload(`${HEADER}\n${line(49)}`, { type: "application/json" }), 415, "unsupported_media_type");
    expectError(await upload(`${HEADER}\n${line(49)}`, { type: "text/plain" }), 415, "unsupported_media_type");
    await sleep(1200);
    expect((await api("GET", `/api/records?hotel_phone=${encodeURIComponent(phone(49))}`)).json.records).toEqual([]);
  });

  it("is closed to viewers (403) and needs a key (401)", async () => {
    const viewer = await keyFor("viewer");
    expectError(await upload(`${HEADER}\n${line(49)}`, { key: viewer }), 403, "forbidden");
    expectError(await api("POST", "/api/records/import", { key: null, body: HEADER, headers: { "content-type": "text/csv" } }), 401);
  });
});
