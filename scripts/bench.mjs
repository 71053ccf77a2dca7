#!/usr/bin/env node
// `npm run bench`: speed and memory figures as one JSON object. Each part runs where it is honest to
// time it: pure CPU in Node, the DO append inside workerd, the import through the local stack.
import { spawnSync } from "node:child_process";
import { benchCampaign } from "../bench/campaign.mjs";
import { benchImport } from "../bench/import.mjs";

const figures = {};
function collect(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
  const lines = `${r.stdout}\n${r.stderr}`.split("\n").filter((l) => l.includes("BENCH {"));
  if (r.status !== 0 || lines.length === 0) {
    console.error(r.stdout, r.stderr);
    throw new Error(`${cmd} ${args.join(" ")} failed`);
  }
  for (const l of lines) Object.assign(figures, JSON.parse(l.slice(l.indexOf("BENCH ") + 6)));
}

collect("tsx", ["bench/fold.ts"]);
collect("tsx", ["bench/audio.ts"]);
collect("tsx", ["bench/folio.ts"]);
collect("vitest", ["run", "--config", "vitest.bench.config.ts"]);
if (process.env.BENCH_SKIP_IMPORT !== "1") Object.assign(figures, await benchImport());
if (process.env.BENCH_SKIP_CAMPAIGN !== "1") Object.assign(figures, await benchCampaign());
console.log(JSON.stringify(figures, null, 2));
