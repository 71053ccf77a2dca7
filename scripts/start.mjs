#!/usr/bin/env node
// `npm start`: the whole system locally, with no keys (DESIGN §7). Seeds .dev.vars from the example,
// generates a PII key, applies the D1 migrations to the local database, then runs `wrangler dev` on
// http://127.0.0.1:8787 with local D1, Durable Objects, Queues and R2. Any setting given in the
// environment (e.g. `ADMIN_API_KEY=... npm start`) overrides .dev.vars.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";

const EXAMPLE = ".dev.vars.example";
const VARS = ".dev.vars";

function parseVars(text) {
  const out = new Map();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Z][A-Z0-9_]*)\s*=(.*)$/.exec(line);
    if (m) out.set(m[1], m[2].trim());
  }
  return out;
}

if (!existsSync(VARS)) {
  copyFileSync(EXAMPLE, VARS);
  console.log(`created ${VARS} from ${EXAMPLE}`);
}
let text = readFileSync(VARS, "utf8");
if (!parseVars(text).get("PII_KEY")) {
  const key = randomBytes(32).toString("base64");
  text = /^PII_KEY=.*$/m.test(text) ? text.replace(/^PII_KEY=.*$/m, `PII_KEY=${key}`) : `${text.trimEnd()}\nPII_KEY=${key}\n`;
  writeFileSync(VARS, text);
  console.log(`generated a local PII_KEY in ${VARS}`);
}

// Settings named in the example may be overridden from the environment.
const known = [...parseVars(readFileSync(EXAMPLE, "utf8")).keys()];
const overrides = known.filter((k) => process.env[k] !== undefined && process.env[k] !== "");
const varArgs = overrides.flatMap((k) => ["--var", `${k}:${process.env[k]}`]);
if (overrides.length) console.log(`overriding from the environment: ${overrides.join(", ")}`);

// No telemetry from a local run; CI=true keeps the migration step from prompting.
const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
const run = (args) => spawnSync("wrangler", args, { stdio: "inherit", env: { ...env, CI: "true" } });
const migrated = run(["d1", "migrations", "apply", "DB", "--local"]);
if (migrated.status !== 0) process.exit(migrated.status ?? 1);

const port = process.env.PORT || "8787";
const dev = spawn("wrangler", ["dev", "--ip", "127.0.0.1", "--port", port, "--show-interactive-dev-session=false", ...varArgs], {
  stdio: "inherit",
  env,
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => dev.kill(sig));
dev.on("exit", (code) => process.exit(code ?? 0));
