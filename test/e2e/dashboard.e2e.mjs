// The operator dashboard in a real browser (Debian chromium through playwright-core) against the real
// local system that scripts/e2e.mjs started: sign-in and sign-out, a CSV upload with one bad line, a
// simulated campaign run to completion with statuses updating live (no reload), a record's timeline,
// a recording in an audio element, a live transcript during a simulated call, and a viewer who sees
// no actions and whose posts are refused. Screenshots go to test-results/e2e (git-ignored).
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import path from "node:path";
import { chromium } from "playwright-core";

const BASE = process.env.E2E_BASE ?? "http://127.0.0.1:8795";
const ADMIN = process.env.E2E_ADMIN_KEY ?? "local-dev-admin-key";
const OUT = process.env.E2E_OUT ?? "test-results/e2e";
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

let browser;
let viewerKey;
/** Filled by the campaign test, read by the ones after it. */
const campaign = { id: null, records: [] };

async function api(method, p, body, key = ADMIN) {
  const res = await fetch(`${BASE}${p}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function newPage(width = 1280) {
  const context = await browser.newContext({ viewport: { width, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

async function signIn(page, key) {
  await page.goto(`${BASE}/dash`);
  assert.match(new URL(page.url()).pathname, /\/dash\/signin$/);
  await page.getByLabel("API key").fill(key);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${BASE}/dash`);
}

const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });

before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-background-networking"] });
  const key = await api("POST", "/api/keys", { name: "e2e viewer", role: "viewer" });
  assert.equal(key.status, 201);
  viewerKey = key.json.key;
});

after(async () => {
  await browser?.close();
});

describe("dashboard", () => {
  test("sign-in and sign-out", async () => {
    const page = await newPage();
    await page.goto(`${BASE}/`);
    await page.waitForURL(/\/dash\/signin/);
    await page.getByLabel("API key").fill("fk_not_a_real_key_000000000000");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").filter({ hasText: "not valid" }).waitFor();
    await page.getByLabel("API key").fill(ADMIN);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${BASE}/dash`);
    await page.getByRole("heading", { name: "Overview" }).waitFor();
    assert.equal(await page.getByTestId("role").textContent(), "admin");
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === "folio_session");
    assert.ok(session, "a session cookie");
    assert.equal(session.httpOnly, true);
    assert.ok(["Lax", "Strict"].includes(session.sameSite));
    assert.ok(!session.value.includes(ADMIN), "the cookie does not carry the key");
    await shot(page, "overview-1280");
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(/\/dash\/signin/);
    await page.getByText("Signed out").waitFor();
    await page.goto(`${BASE}/dash/records`);
    await page.waitForURL(/\/dash\/signin\?next=%2Fdash%2Frecords/);
    await page.context().close();
  });

  test("a CSV upload with one bad line shows its errors per line", async () => {
    const page = await newPage();
    await signIn(page, ADMIN);
    await page.getByRole("link", { name: "Records" }).click();
    const csv = [
      "external_id,guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone",
      "e2e-1,Grace Hopper,HOP100,2026-10-01,2026-10-03,Harbor Hotel,+14155550111",
      "e2e-2,Alan Turing,TUR200,2026-10-05,2026-10-01,Harbor Hotel,+14155550111",
      "e2e-3,Ada Lovelace,LOV300,2026-10-02,2026-10-04,Harbor Hotel,+14155550111",
    ].join("\n");
    await page.getByLabel(/CSV file/).setInputFiles({ name: "stays.csv", mimeType: "text/csv", buffer: Buffer.from(`${csv}\n`) });
    await page.getByRole("button", { name: "Upload" }).click();
    await page.getByTestId("import-summary").waitFor();
    assert.match(await page.getByTestId("import-summary").textContent(), /2 lines accepted, 1 rejected/);
    const bad = page.locator('[data-testid="rejected"] tr[data-line="3"]');
    assert.equal(await bad.count(), 1, "line 3 (the bad one) is listed");
    assert.match(await bad.first().textContent(), /check_out/);
    assert.equal(await page.locator('[data-testid="rejected"] tbody tr').count(), 1, "only the bad line");
    // The import job finishes in the background; its progress updates on this page without a reload.
    await page.locator("#live-import-job").getByText("2/2 done").waitFor({ timeout: 60_000 });
    await shot(page, "import-result");
    await page.getByRole("link", { name: "Back to records" }).click();
    await page.getByLabel("Search").fill("Hopper");
    await page.getByRole("button", { name: "Filter" }).click();
    // The records reach the read model just after the job: the list fills in live if it is not there yet.
    await page.locator("#live-records tbody tr").first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator("#live-records tbody tr").count(), 1);
    await page.context().close();
  });

  test("a simulated campaign runs to completion, statuses updating live; a live transcript streams", { timeout: 420_000 }, async () => {
    const page = await newPage();
    const watcher = await newPage();
    await signIn(page, ADMIN);
    await signIn(watcher, ADMIN);
    // A second tab follows live calls before any is placed: simulated calls last a second or two.
    await watcher.goto(`${BASE}/dash/calls/next`);
    const box = watcher.getByTestId("live-transcript");
    await watcher.locator('[data-testid="live-transcript"][data-phase="waiting"]').waitFor();

    await page.getByRole("link", { name: "Simulation" }).click();
    await page.getByLabel("Records").fill("11");
    await page.getByLabel("Seed (optional)").fill("7");
    await page.getByRole("button", { name: "Start a campaign" }).click();
    await page.waitForURL(/\/dash\/simulation\/cmp_/);
    campaign.id = decodeURIComponent(page.url().split("/").pop());
    await page.evaluate(() => (window.__noReload = true));
    const first = await page.locator("#live-campaign tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-status")));
    assert.ok(first.length > 0, "the campaign lists its records");

    // The hotel's words, arriving over the socket while the call runs (not replayed afterwards).
    try {
      await box.locator('li.t-hotel_response[data-arrived="live"]').first().waitFor({ timeout: 120_000 });
    } catch (err) {
      await shot(watcher, "live-call-failed");
      const state = await box.evaluate((el) => ({ call: el.dataset.call, phase: el.dataset.phase, socket: el.dataset.socket, lines: el.querySelectorAll("li").length }));
      throw new Error(`no hotel line arrived live: ${JSON.stringify(state)}: ${err.message.split("\n")[0]}`);
    }
    const seen = await box.evaluate((el) => ({
      call: el.dataset.call,
      live: el.querySelectorAll('li[data-arrived="live"]').length,
      replayed: el.querySelectorAll('li[data-arrived="replay"]').length,
    }));
    assert.match(seen.call ?? "", /^call_/, "the followed call is named");
    assert.ok(seen.live > 0, `lines arrived while the call ran: ${JSON.stringify(seen)}`);
    await shot(watcher, "live-call");
    await watcher.context().close();

    await page.locator('#live-campaign[data-done="true"]').waitFor({ timeout: 300_000 });
    assert.equal(await page.evaluate(() => window.__noReload), true, "the page was never reloaded");
    assert.ok(Number(await page.evaluate(() => document.body.dataset.liveUpdates ?? "0")) > 0, "live updates arrived");
    const last = await page.locator("#live-campaign tbody tr").evaluateAll((rows) => rows.map((r) => [r.getAttribute("data-record-id"), r.getAttribute("data-status")]));
    assert.notDeepEqual(
      last.map(([, s]) => s),
      first,
      "statuses changed in place",
    );
    campaign.records = last.map(([id]) => id);
    await shot(page, "campaign-done");
    await page.context().close();
  });

  test("a record's timeline", async () => {
    assert.ok(campaign.records.length, "needs the campaign");
    const page = await newPage();
    await signIn(page, ADMIN);
    await page.goto(`${BASE}/dash/records/${campaign.records[0]}`);
    const timeline = page.getByTestId("timeline");
    await timeline.waitFor();
    for (const type of ["RecordCreated", "CallInitiated", "CallEnded", "StatusUpdated"]) {
      assert.ok((await timeline.locator(`li[data-event-type="${type}"]`).count()) > 0, `${type} is on the timeline`);
    }
    assert.match(await timeline.locator('li[data-event-type="StatusUpdated"]').first().textContent(), /Status .+ → .+/);
    await shot(page, "record-1280");
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `no sideways scrolling at 390 px (overflow ${overflow})`);
    await shot(page, "record-390");
    await page.context().close();
  });

  test("an audio element loads a call recording", { timeout: 120_000 }, async (t) => {
    if (process.env.E2E_TWILIO !== "1") {
      // Simulated hotels talk over the text leg, which records no audio; only scripts/e2e.mjs's
      // Twilio stand-in makes a call with a recording.
      t.todo("needs the Twilio stand-in that scripts/e2e.mjs starts");
      return;
    }
    // A hotel that is not simulated: its call goes out through "Twilio" and back in as a Media Stream.
    const phone = "+14155550142";
    const created = await api("POST", "/api/records", {
      records: [
        {
          guest_name: "Rita Recording",
          confirmation_number: "REC100",
          check_in: "2026-10-01",
          check_out: "2026-10-03",
          hotel: { name: "Recording Hotel", phone, email: "desk@recording.example", timezone: "America/Los_Angeles" },
        },
      ],
    });
    assert.equal(created.status, 201);
    const id = created.json.records[0].id;
    // The line may dial on its own before we ask (the hotel is open now); that call is the one to
    // watch, or the record would end up with two recordings and the page would show either.
    let placed = null;
    for (let i = 0; i < 100 && !placed; i++) {
      const r = await api("POST", `/api/hotels/${encodeURIComponent(phone)}/call`);
      if (r.status === 202) placed = r.json.call_id;
      else if (r.status === 409 && r.json?.error?.details?.reason === "call_in_progress" && r.json.error.details.call_id) placed = r.json.error.details.call_id;
      else await new Promise((res) => setTimeout(res, 300));
    }
    assert.ok(placed, "the call was placed");
    let recorded = null;
    for (let i = 0; i < 150 && !recorded; i++) {
      const r = await api("GET", `/api/records/${id}`);
      recorded = r.json.calls?.find((c) => c.call_id === placed && c.recording_key) ?? null;
      if (!recorded) await new Promise((res) => setTimeout(res, 300));
    }
    assert.ok(recorded, "the call ended with a recording");

    const page = await newPage();
    await signIn(page, ADMIN);
    await page.goto(`${BASE}/dash/records/${id}`);
    // The record's page lists every call; the one we watched has its own player.
    const src = `/dash/records/${id}/calls/${placed}/recording`;
    const audio = page.locator(`audio[src="${src}"]`);
    await audio.waitFor();
    const loaded = await audio.evaluate(
      (a) =>
        new Promise((resolve) => {
          const done = () => resolve({ duration: a.duration, readyState: a.readyState });
          if (a.readyState >= 1) return done();
          a.addEventListener("loadedmetadata", done, { once: true });
          a.addEventListener("error", () => resolve({ error: a.error?.code }), { once: true });
          a.load();
        }),
    );
    assert.ok(!loaded.error && loaded.duration > 1, `the recording loads with its length: ${JSON.stringify(loaded)}`);
    const ranged = await page.evaluate(async (u) => {
      const r = await fetch(u, { headers: { range: "bytes=0-99" } });
      return { status: r.status, range: r.headers.get("content-range"), bytes: (await r.arrayBuffer()).byteLength };
    }, src);
    assert.equal(ranged.status, 206);
    assert.equal(ranged.bytes, 100);
    assert.match(ranged.range ?? "", /^bytes 0-99\/\d+$/);
    await shot(page, "record-with-recording");
    await page.context().close();
  });

  test("a viewer sees no actions, and posts are refused", async () => {
    const page = await newPage(390);
    await signIn(page, viewerKey);
    assert.equal(await page.getByTestId("role").textContent(), "viewer");
    await shot(page, "viewer-overview-390");
    await page.goto(`${BASE}/dash/records`);
    assert.equal(await page.locator('form[action="/dash/records/import"]').count(), 0, "no CSV upload");
    const id = campaign.records[0] ?? (await page.locator("#live-records tbody tr").first().getAttribute("data-record-id"));
    await page.goto(`${BASE}/dash/records/${id}`);
    assert.equal(await page.getByTestId("actions").count(), 0, "no record actions");
    for (const p of ["/dash/escalations", "/dash/hotels", "/dash/inbox", "/dash/simulation"]) {
      await page.goto(`${BASE}${p}`);
      // The only form a viewer gets is sign-out.
      const forms = await page.locator("main form[method='post']").count();
      assert.equal(forms, 0, `no action forms on ${p}`);
    }
    const status = await page.evaluate(async (rid) => {
      const csrf = document.querySelector("input[name=_csrf]").value;
      const r = await fetch(`/dash/records/${rid}/cancel`, { method: "POST", body: new URLSearchParams({ _csrf: csrf, reason: "viewer" }) });
      return r.status;
    }, id);
    assert.equal(status, 403);
    await page.context().close();
  });
});
