#!/usr/bin/env node
// `npm run test:e2e`: the dashboard in a real browser against the real local system. Starts
// `wrangler dev` (local D1, Durable Objects, Queues, R2, the simulation on) on a fresh temporary state
// directory with a fixed admin key, waits for /healthz, runs test/e2e/*.e2e.mjs with node:test
// (they drive Debian's chromium through playwright-core), then stops the server.
// Simulated hotels talk over the text leg, which records no audio; so that a call leaves a real
// recording, Twilio and OpenAI are configured too, pointing at local stand-ins: the project's fake
// OpenAI (test/fakes/openai-server.ts) and scripts/e2e-twilio.mjs, which answers a placed call over
// the real Media Streams path. Campaign hotels stay simulated; other hotels are "called" that way.
//   E2E_PORT (8795), E2E_KEEP_STATE=1 keeps the state directory, E2E_BASE=http://… skips starting one.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, openSync, readdirSync, rmSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { tsImport } from "tsx/esm/api";
import { waitFor } from "./dev-server.mjs";
import { startTwilio } from "./e2e-twilio.mjs";

const PORT = Number(process.env.E2E_PORT || 8795);
const ADMIN_KEY = "e2e-admin-key-0123456789";
const PII_KEY = Buffer.alloc(32, 11).toString("base64");
const base = process.env.E2E_BASE || `http://127.0.0.1:${PORT}`;
const OUT = "test-results/e2e";
mkdirSync(OUT, { recursive: true });

let dev = null;
let state = null;
const fakes = [];
function stop() {
  for (const f of fakes.splice(0)) void f.close();
  if (dev) {
    try {
      process.kill(-dev.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
    dev = null;
  }
  if (state && !process.env.E2E_KEEP_STATE) rmSync(state, { recursive: true, force: true });
}
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => (stop(), process.exit(130)));

if (!process.env.E2E_BASE) {
  state = mkdtempSync(path.join(tmpdir(), "folio-e2e-"));
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
  const ACCOUNT = `AC${"e2e".padEnd(32, "0")}`;
  const TWILIO_TOKEN = "e2e-twilio-auth-token";
  const OPENAI_KEY = "e2e-openai-key";
  const twilio = await startTwilio({ accountSid: ACCOUNT, authToken: TWILIO_TOKEN, seconds: 3, log: (m) => console.error(`[twilio stand-in] ${m}`) });
  const { startOpenAIServer } = await tsImport("../test/fakes/openai-server.ts", import.meta.url);
  const openai = await startOpenAIServer();
  fakes.push(twilio, openai);
  const registered = await fetch(`${openai.url}/__control/scenarios/${OPENAI_KEY}`, { method: "PUT", headers: { "content-type": "application/json" }, body: "{}" });
  if (!registered.ok) throw new Error(`the fake OpenAI refused the scenario: ${registered.status}`);
  const vars = [
    `TWILIO_ACCOUNT_SID:${ACCOUNT}`,
    `TWILIO_AUTH_TOKEN:${TWILIO_TOKEN}`,
    "TWILIO_FROM_NUMBER:+15005550006",
    `TWILIO_API_BASE:${twilio.url}`,
    `OPENAI_API_KEY:${OPENAI_KEY}`,
    `OPENAI_BASE_URL:${openai.url}/v1`,
    "FOLIO_ENV:local",
    `PII_KEY:${PII_KEY}`,
    `ADMIN_API_KEY:${ADMIN_KEY}`,
    "SIMULATION:on",
    `PUBLIC_BASE_URL:${base}`,
    "INBOUND_DOMAIN:folio.localhost",
    "LOG_LEVEL:warn",
  ].flatMap((v) => ["--var", v]);
  const migrated = spawnSync("npx", ["wrangler", "d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { env, stdio: "ignore" });
  if (migrated.status !== 0) throw new Error("applying the D1 migrations failed");
  const log = openSync(path.join(OUT, "wrangler-dev.log"), "w");
  dev = spawn("npx", ["wrangler", "dev", "--ip", "127.0.0.1", "--port", String(PORT), "--persist-to", state, "--show-interactive-dev-session=false", ...vars], {
    env,
    stdio: ["ignore", log, log],
    detached: true,
  });
  const up = await waitFor(async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined), 90_000);
  if (!up) {
    stop();
    console.error(`wrangler dev did not start; see ${OUT}/wrangler-dev.log`);
    process.exit(1);
  }
}

const files = readdirSync("test/e2e")
  .filter((f) => f.endsWith(".e2e.mjs"))
  .map((f) => path.join("test/e2e", f));
const only = process.argv.slice(2);
// Not spawnSync: the stand-ins for Twilio and OpenAI serve from this process while the tests run.
const run = spawn(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", ...(only.length ? only : files)], {
  stdio: "inherit",
  env: {
    ...process.env,
    E2E_BASE: base,
    E2E_TWILIO: process.env.E2E_BASE ? "" : "1",
    E2E_ADMIN_KEY: process.env.E2E_BASE ? process.env.E2E_ADMIN_KEY || "local-dev-admin-key" : ADMIN_KEY,
    E2E_OUT: OUT,
  },
});
const code = await new Promise((resolve) => run.on("exit", (c) => resolve(c ?? 1)));
stop();
process.exit(code);
