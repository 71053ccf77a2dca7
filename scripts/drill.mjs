#!/usr/bin/env node
// `npm run drill`: the reliability drills (vitest.drill.config.ts) as one JSON report on stdout.
// Each drill prints `DRILL {"part": {...}}` lines with its figures and a `violations` map (lost or
// duplicated events, 5xx, crashes, dropped calls, changed data, …). The run fails (exit 1) when any
// test fails, any violation is non-zero, or a part did not report at all.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const EXPECTED_PARTS = ["security", "hostile", "faults", "load"];
const dir = mkdtempSync(path.join(tmpdir(), "folio-drill-"));
const resultsFile = path.join(dir, "vitest.json");
const started = Date.now();
const only = process.argv.slice(2); // e.g. `npm run drill -- drill/faults.drill.ts`

const child = spawn("vitest", ["run", "--config", "vitest.drill.config.ts", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`, ...only], {
  env: { ...process.env, WRANGLER_SEND_METRICS: "false", FORCE_COLOR: "0" },
  stdio: ["ignore", "pipe", "pipe"],
});

const parts = {};
function scan(stream, out) {
  let buf = "";
  stream.on("data", (chunk) => {
    buf += chunk.toString("utf8");
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const at = line.indexOf("DRILL {");
      if (at >= 0) {
        try {
          for (const [name, value] of Object.entries(JSON.parse(line.slice(at + 6)))) parts[name] = { ...(parts[name] ?? {}), ...value };
        } catch (err) {
          out.write(`drill: unreadable DRILL line: ${err}\n`);
        }
      } else if (!line.startsWith("console warning;")) out.write(`${line}\n`);
    }
  });
}
// vitest's own output goes to stderr, so stdout holds only the report.
scan(child.stdout, process.stderr);
scan(child.stderr, process.stderr);
const code = await new Promise((resolve) => child.on("close", resolve));

let tests = { total: 0, passed: 0, failed: 0, failures: [] };
try {
  const results = JSON.parse(readFileSync(resultsFile, "utf8"));
  tests = {
    total: results.numTotalTests,
    passed: results.numPassedTests,
    failed: results.numFailedTests,
    failures: results.testResults.flatMap((f) =>
      f.assertionResults
        .filter((a) => a.status === "failed")
        .map((a) => ({ file: path.relative(process.cwd(), f.name), test: a.fullName, message: (a.failureMessages[0] ?? "").split("\n").slice(0, 6).join("\n") })),
    ),
  };
  if (results.testResults.some((f) => f.status === "failed" && f.assertionResults.length === 0)) {
    tests.failures.push(...results.testResults.filter((f) => f.assertionResults.length === 0 && f.status === "failed").map((f) => ({ file: path.relative(process.cwd(), f.name), test: "(file)", message: String(f.message).slice(0, 500) })));
  }
} catch {
  tests.failures.push({ file: "-", test: "vitest", message: `no results (exit ${code})` });
}
rmSync(dir, { recursive: true, force: true });

const violations = {};
for (const [name, part] of Object.entries(parts)) for (const [k, v] of Object.entries(part.violations ?? {})) if (v) violations[`${name}.${k}`] = v;
const missing = only.length ? [] : EXPECTED_PARTS.filter((p) => !(p in parts));
const ok = code === 0 && tests.failed === 0 && tests.failures.length === 0 && Object.keys(violations).length === 0 && missing.length === 0;
const report = { ok, duration_s: Math.round((Date.now() - started) / 1000), tests, violations, missing_parts: missing, ...parts };
console.log(JSON.stringify(report, null, 2));
process.exit(ok ? 0 : 1);
