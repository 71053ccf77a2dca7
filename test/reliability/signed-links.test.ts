// Recordings and attachments are reachable only through authorized links that expire.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { checkLink, signLink } from "../../src/platform/signed-links";
import { parseRange } from "../../src/routes/api/file-range";
import { api, call, expectError, keyFor } from "../helpers";
import { recordWithFiles } from "./files";

const BASE = "https://folio.test";
let a: Awaited<ReturnType<typeof recordWithFiles>>;
let b: Awaited<ReturnType<typeof recordWithFiles>>;
let viewer = "";

/** A link's path and query, to fetch through the worker. */
const local = (url: string) => {
  expect(url.startsWith(`${BASE}/files/`)).toBe(true);
  return url.slice(BASE.length);
};

async function mint(recordId: string, body: unknown, key?: string) {
  const r = await api("POST", `/api/records/${recordId}/links`, { json: body, key });
  expect(r.status, r.text).toBe(201);
  return r.json as { url: string; expires_at: string };
}

beforeAll(async () => {
  a = await recordWithFiles("a");
  b = await recordWithFiles("b");
  viewer = await keyFor("viewer");
});

describe("signed links", () => {
  it("a viewer mints a recording link; it serves the WAV without any API key, whole and by Range", async () => {
    const link = await mint(a.id, { resource: "recording", call_id: a.callId }, viewer);
    const left = Date.parse(link.expires_at) - Date.now();
    expect(left).toBeGreaterThan(14 * 60_000);
    expect(left).toBeLessThanOrEqual(15 * 60_000);
    const whole = await fetchBytes(local(link.url));
    expect(whole.status).toBe(200);
    expect(whole.headers.get("content-type")).toBe("audio/wav");
    expect(whole.headers.get("accept-ranges")).toBe("bytes");
    expect(whole.bytes).toEqual(a.wav);

    const part = await fetchBytes(local(link.url), { range: "bytes=100-199" });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 100-199/${a.wav.length}`);
    expect(part.bytes).toEqual(a.wav.subarray(100, 200));

    const tail = await fetchBytes(local(link.url), { range: "bytes=-10" });
    expect(tail.status).toBe(206);
    expect(tail.bytes).toEqual(a.wav.subarray(a.wav.length - 10));

    const open = await fetchBytes(local(link.url), { range: "bytes=4000-" });
    expect(open.status).toBe(206);
    expect(open.bytes).toEqual(a.wav.subarray(4000));

    const beyond = await fetchBytes(local(link.url), { range: `bytes=${a.wav.length}-` });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe(`bytes */${a.wav.length}`);
  });

  it("the attachment link serves the PDF; the old bearer address redirects to a fresh link", async () => {
    const link = await mint(a.id, { resource: "folio_attachment" });
    const file = await fetchBytes(local(link.url));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(new TextDecoder().decode(file.bytes.subarray(0, 5))).toBe("%PDF-");

    const redirect = await manual(`/api/records/${a.id}/folio/attachment`, viewer);
    expect(redirect.status).toBe(302);
    expect(await checkLink(env, new URL(redirect.headers.get("location")!).pathname, ...queryOf(redirect.headers.get("location")!))).toBe("ok");
    const rec = await manual(`/api/records/${a.id}/calls/${a.callId}/recording`, viewer);
    expect(rec.status).toBe(302);
    expect(new URL(rec.headers.get("location")!).pathname).toBe(`/files/records/${a.id}/calls/${a.callId}/recording`);
  });

  it("an expired link is 403 link_expired", async () => {
    const path = `/files/records/${a.id}/calls/${a.callId}/recording`;
    const old = await signLink(env, BASE, path, 60, Date.now() - 2 * 60_000);
    const r = await call("GET", local(old.url), { key: null });
    expectError(r, 403, "link_expired");
  });

  it("a tampered link is 403: signature, expiry, path", async () => {
    const link = await mint(a.id, { resource: "recording", call_id: a.callId });
    const u = new URL(link.url);
    const sig = u.searchParams.get("sig")!;
    const flipped = new URL(link.url);
    flipped.searchParams.set("sig", (sig[0] === "A" ? "B" : "A") + sig.slice(1));
    expectError(await call("GET", local(flipped.toString()), { key: null }), 403, "forbidden");
    const later = new URL(link.url);
    later.searchParams.set("expires", String(Number(u.searchParams.get("expires")) + 60));
    expectError(await call("GET", local(later.toString()), { key: null }), 403, "forbidden");
    expectError(await call("GET", `${u.pathname}?expires=${u.searchParams.get("expires")}`, { key: null }), 403, "forbidden");
    expectError(await call("GET", u.pathname, { key: null }), 403, "forbidden");
    // A bearer key does not stand in for a link.
    expectError(await call("GET", u.pathname), 403, "forbidden");
  });

  it("another record's link is 403, for both kinds of file", async () => {
    const rec = new URL((await mint(b.id, { resource: "recording", call_id: b.callId })).url);
    const stolen = `/files/records/${a.id}/calls/${a.callId}/recording${rec.search}`;
    expectError(await call("GET", stolen, { key: null }), 403, "forbidden");
    const sameCallOtherRecord = `/files/records/${a.id}/calls/${b.callId}/recording${rec.search}`;
    expectError(await call("GET", sameCallOtherRecord, { key: null }), 403, "forbidden");
    const att = new URL((await mint(b.id, { resource: "folio_attachment" })).url);
    expectError(await call("GET", `/files/records/${a.id}/folio/attachment${att.search}`, { key: null }), 403, "forbidden");
    // And a recording link cannot be turned into the attachment of the same record.
    expectError(await call("GET", `/files/records/${b.id}/folio/attachment${rec.search}`, { key: null }), 403, "forbidden");
  });

  it("minting: 401 without a key, 404 for a file the record does not have, 400 for bad input", async () => {
    expectError(await api("POST", `/api/records/${a.id}/links`, { key: null, json: { resource: "folio_attachment" } }), 401, "unauthorized");
    expectError(await api("POST", `/api/records/${a.id}/links`, { json: { resource: "recording", call_id: "call_nope" } }), 404, "not_found");
    expectError(await api("POST", `/api/records/${a.id}/links`, { json: { resource: "recording" } }), 400, "validation_failed");
    expectError(await api("POST", `/api/records/${a.id}/links`, { json: { resource: "recording", call_id: a.callId, ttl_s: 86_400 } }), 400, "validation_failed");
    expectError(await api("POST", `/api/records/rec_nope/links`, { json: {} }), 404, "not_found");
    const short = await mint(a.id, { resource: "recording", call_id: a.callId, ttl_s: 60 });
    expect(Date.parse(short.expires_at) - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it("a link minted with a far-future expiry (not by this server's limits) is refused", async () => {
    const path = `/files/records/${a.id}/folio/attachment`;
    const far = await signLink(env, BASE, path, 3600, Date.now() + 86_400_000);
    expect(await checkLink(env, path, ...queryOf(far.url))).toBe("invalid");
  });
});

describe("Range parsing", () => {
  it("reads single ranges and ignores what it cannot honour", () => {
    expect(parseRange(null, 100)).toEqual({ kind: "whole" });
    expect(parseRange("bytes=0-9", 100)).toEqual({ kind: "part", offset: 0, length: 10 });
    expect(parseRange("bytes=90-200", 100)).toEqual({ kind: "part", offset: 90, length: 10 });
    expect(parseRange("bytes=-500", 100)).toEqual({ kind: "part", offset: 0, length: 100 });
    expect(parseRange("bytes=100-", 100)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-1,5-6", 100)).toEqual({ kind: "whole" });
    expect(parseRange("items=0-1", 100)).toEqual({ kind: "whole" });
    expect(parseRange("bytes=9-3", 100)).toEqual({ kind: "whole" });
    expect(parseRange("bytes=-0", 100)).toEqual({ kind: "unsatisfiable" });
  });
});

function queryOf(url: string): [string | undefined, string | undefined] {
  const u = new URL(url);
  return [u.searchParams.get("expires") ?? undefined, u.searchParams.get("sig") ?? undefined];
}

async function fetchBytes(path: string, headers: Record<string, string> = {}) {
  const { exports } = await import("cloudflare:workers");
  const res = await (exports as unknown as { default: Fetcher }).default.fetch(`http://folio.test${path}`, { headers });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function manual(path: string, key: string) {
  const { exports } = await import("cloudflare:workers");
  const res = await (exports as unknown as { default: Fetcher }).default.fetch(`http://folio.test${path}`, { headers: { authorization: `Bearer ${key}` }, redirect: "manual" });
  await res.arrayBuffer();
  return res;
}
