// A call's recording on the record page: the audio route sends the signed-in user to an expiring link
// for the WAV its CallEnded names, which serves it with Range (206 and Content-Range, 416 past the end);
// only through the record whose call it was.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { encodeWavStereoMulaw } from "../../src/audio";
import { appendToRecord } from "../../src/objects/folio-record/client";
import { keyFor } from "../helpers";
import { newBrowser, newRecord, signedIn, visit, type Browser } from "./helpers";

let b: Browser;
let recordId = "";
let otherId = "";
let wav: Uint8Array;
const CALL = "call_rec_test_1";

/** Asks the dashboard for the audio and follows its redirect to the signed link, as an audio element does. */
async function fetchAudio(path: string, range?: string) {
  const { exports } = await import("cloudflare:workers");
  const worker = (exports as unknown as { default: Fetcher }).default;
  const headers: Record<string, string> = { cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
  if (range) headers.range = range;
  let res = await worker.fetch(`http://folio.test${path}`, { headers, redirect: "manual" });
  let signed: string | null = null;
  if (res.status === 302) {
    signed = res.headers.get("location");
    res = await worker.fetch(signed!, { headers: range ? { range } : {}, redirect: "manual" });
  }
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()), signed };
}

beforeAll(async () => {
  b = (await signedIn(await keyFor("viewer"))).b;
  // One second of a tone on the hotel track, silence on the agent's: a real stereo μ-law WAV.
  const hotel = Uint8Array.from({ length: 8000 }, (_, i) => (i % 16 < 8 ? 0x10 : 0x90));
  wav = encodeWavStereoMulaw(hotel, new Uint8Array(8000).fill(0xff));
  await env.BLOBS.put(`recordings/${CALL}.wav`, wav, { httpMetadata: { contentType: "audio/wav" } });
  recordId = await newRecord();
  otherId = await newRecord();
  for (const id of [recordId, otherId]) {
    const callId = id === recordId ? CALL : "call_rec_other";
    await appendToRecord(
      env,
      id,
      () => [
        { event_type: "CallInitiated", data: { call_id: callId, to: "+14155550100", attempt: 1 } },
        { event_type: "CallEnded", data: { call_id: callId, outcome: "agreed", duration_s: 1, ...(id === recordId ? { recording_key: `recordings/${CALL}.wav` } : {}) } },
      ],
      { actor: "test" },
    );
  }
});

describe("the recording route", () => {
  const path = () => `/dash/records/${recordId}/calls/${CALL}/recording`;

  it("puts an audio player on the record page", async () => {
    const page = await visit(b, "GET", `/dash/records/${recordId}`);
    expect(page.text).toContain(`<audio controls="" preload="metadata" src="${path()}"`);
    const other = await visit(b, "GET", `/dash/records/${otherId}`);
    expect(other.text).not.toContain("<audio");
    expect(other.text).toContain("No recording.");
  });

  it("serves the whole file with Accept-Ranges, through a link that expires", async () => {
    const r = await fetchAudio(path());
    expect(r.signed).toMatch(new RegExp(`^http://folio\\.test/files/records/${recordId}/calls/${CALL}/recording\\?expires=\\d+&sig=`));
    expect(r.status).toBe(200);
    expect(r.headers.get("accept-ranges")).toBe("bytes");
    expect(r.headers.get("content-type")).toBe("audio/wav");
    expect(Number(r.headers.get("content-length"))).toBe(wav.byteLength);
    expect(r.bytes).toEqual(wav);
  });

  it("answers a range with 206 and Content-Range", async () => {
    const head = await fetchAudio(path(), "bytes=0-43");
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-43/${wav.byteLength}`);
    expect(head.bytes).toEqual(wav.slice(0, 44));
    expect(new TextDecoder().decode(head.bytes.slice(0, 4))).toBe("RIFF");

    const open = await fetchAudio(path(), "bytes=1000-");
    expect(open.status).toBe(206);
    expect(open.bytes).toEqual(wav.slice(1000));
    expect(open.headers.get("content-range")).toBe(`bytes 1000-${wav.byteLength - 1}/${wav.byteLength}`);

    const suffix = await fetchAudio(path(), "bytes=-10");
    expect(suffix.status).toBe(206);
    expect(suffix.bytes).toEqual(wav.slice(-10));
  });

  it("says 416 for a range past the end", async () => {
    const r = await fetchAudio(path(), `bytes=${wav.byteLength}-`);
    expect(r.status).toBe(416);
    expect(r.headers.get("content-range")).toBe(`bytes */${wav.byteLength}`);
  });

  it("reaches a recording only through its own record, and only signed in", async () => {
    expect((await fetchAudio(`/dash/records/${otherId}/calls/${CALL}/recording`)).status).toBe(404);
    expect((await fetchAudio(`/dash/records/${otherId}/calls/call_rec_other/recording`)).status).toBe(404);
    const anonymous = await visit(newBrowser(), "GET", path(), { headers: { accept: "audio/*" } });
    expect(anonymous.status).toBe(401);
  });
});
