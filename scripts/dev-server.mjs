// The real local stack for a bench or the browser tests (wrangler dev: workerd, local D1, DOs, Queues, R2) on a fresh state
// directory, in local mode with a fixed PII key and the bootstrap admin key.
import { spawn, spawnSync } from "node:child_process";
import { openSync, rmSync } from "node:fs";

export const ADMIN_KEY = "local-dev-admin-key";

export async function waitFor(check, ms, every = 500) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = await check().catch(() => undefined);
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, every));
  }
  return undefined;
}

/** Starts wrangler dev; `vars` are extra NAME:value bindings. Resolves once /healthz answers. */
export async function startDev({ port, state, vars = [], log = ".wrangler/bench-dev.log" }) {
  rmSync(state, { recursive: true, force: true });
  const env = { ...process.env, CI: "true", WRANGLER_SEND_METRICS: "false" };
  const all = ["FOLIO_ENV:local", `PII_KEY:${Buffer.alloc(32, 7).toString("base64")}`, "ADMIN_API_KEY:", "LOG_LEVEL:warn", ...vars].flatMap((v) => ["--var", v]);
  spawnSync("wrangler", ["d1", "migrations", "apply", "DB", "--local", "--persist-to", state], { env, stdio: "ignore" });
  const dev = spawn("wrangler", ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", state, "--show-interactive-dev-session=false", ...all], {
    env,
    // wrangler's own output, kept for diagnosis of a slow or failed run
    stdio: ["ignore", openSync(log, "w"), openSync(log, "a")],
    detached: true,
  });
  const base = `http://127.0.0.1:${port}`;
  const stop = () => {
    try {
      process.kill(-dev.pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  };
  if (!(await waitFor(async () => ((await fetch(`${base}/healthz`)).ok ? true : undefined), 60_000))) {
    stop();
    throw new Error(`wrangler dev did not start (see ${log})`);
  }
  return { base, stop };
}
