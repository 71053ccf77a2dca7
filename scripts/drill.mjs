#!/usr/bin/env node
// `npm run drill`: the reliability drills (vitest.drill.config.ts) as one JSON report on stdout.
// Each drill prints `DRILL {"part": {...}}` lines with its figures and a `violations` map (lost or
// duplicated events, 5xx, crashes, dropped calls, changed data, …). The run fails (exit 1) when any
// test fails, any violation is non-zero, or a part did not report at all.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
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

// CPU time of the processes this run started (workerd and Node), read from /proc when the load drill
// marks the start and end of its window: the load part's CPU figures come from here.
const TICKS = 100; // USER_HZ on Linux
function cpuByName(rootPid) {
  const procs = new Map();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      procs.set(Number(d), { ppid: Number(f[1]), name, cpu: (Number(f[11]) + Number(f[12])) / TICKS });
    } catch {
      /* gone */
    }
  }
  const mine = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, p] of procs) if (!mine.has(pid) && mine.has(p.ppid)) (mine.add(pid), (grew = true));
  }
  const out = {};
  for (const pid of mine) {
    const p = procs.get(pid);
    if (p) out[p.name] = (out[p.name] ?? 0) + p.cpu;
  }
  return out;
}
const marks = {};
// workerd logs "uncaught exception; source = …" for a promise rejection nobody handled, and also (at
// the debug level the tests run at) for every subrequest that failed before its answer, even when the
// worker caught the rejection: the fakes' injected connection resets each make one such line, and say
// so with a FAKE_FAULT line. What is left over is an exception nothing accounts for: the drill fails on it.
let uncaught = 0;
let injectedResets = 0;
let vitestUnhandled = 0;

const parts = {};
function scan(stream, out) {
  let buf = "";
  stream.on("data", (chunk) => {
    buf += chunk.toString("utf8");
    let nl;
    while ((nl = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const mark = /DRILL_MARK (\w+)/.exec(line);
      const at = line.indexOf("DRILL {");
      if (line.startsWith("uncaught exception; source")) uncaught++;
      if (line.includes("FAKE_FAULT connection reset")) injectedResets++;
      const unhandled = /Vitest caught (\d+) unhandled error/.exec(line);
      if (unhandled) vitestUnhandled += Number(unhandled[1]);
      if (mark) marks[mark[1]] = { at: Date.now(), cpu: cpuByName(child.pid) };
      else if (at >= 0) {
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
    tests.failures.push(
      ...results.testResults
        .filter((f) => f.assertionResults.length === 0 && f.status === "failed")
        .map((f) => ({ file: path.relative(process.cwd(), f.name), test: "(file)", message: String(f.message).slice(0, 500) })),
    );
  }
} catch {
  tests.failures.push({ file: "-", test: "vitest", message: `no results (exit ${code})` });
}
rmSync(dir, { recursive: true, force: true });

if (marks.load_start && marks.load_end && parts.load) {
  const wall = (marks.load_end.at - marks.load_start.at) / 1000;
  const used = {};
  for (const [name, cpu] of Object.entries(marks.load_end.cpu)) used[name] = Math.round((cpu - (marks.load_start.cpu[name] ?? 0)) * 100) / 100;
  const workerd = used.workerd ?? 0;
  const calls = parts.load.calls || 1;
  parts.load.cpu = {
    window_s: Math.round(wall),
    cpu_s_by_process: used,
    // workerd runs Folio and, in the same process, the emulated Twilio clients: an upper bound.
    workerd_cores_busy: Math.round((workerd / wall) * 100) / 100,
    workerd_ms_per_call_second: Math.round(((workerd * 1000) / (calls * wall)) * 100) / 100,
    workerd_percent_core_per_call: Math.round((workerd / wall / calls) * 100 * 100) / 100,
  };
}

const unexplained = Math.max(0, uncaught - injectedResets);
const violations = { ...(unexplained ? { workerd_uncaught_exceptions: unexplained } : {}), ...(vitestUnhandled ? { unhandled_errors: vitestUnhandled } : {}) };
for (const [name, part] of Object.entries(parts)) for (const [k, v] of Object.entries(part.violations ?? {})) if (v) violations[`${name}.${k}`] = v;
const missing = only.length ? [] : EXPECTED_PARTS.filter((p) => !(p in parts));
const ok = code === 0 && tests.failed === 0 && tests.failures.length === 0 && Object.keys(violations).length === 0 && missing.length === 0;
const report = {
  ok,
  duration_s: Math.round((Date.now() - started) / 1000),
  tests,
  violations,
  missing_parts: missing,
  workerd_uncaught_exceptions: unexplained,
  workerd_failed_subrequest_logs: { logged: uncaught, injected_connection_resets: injectedResets },
  unhandled_errors: vitestUnhandled,
  ...parts,
};
console.log(JSON.stringify(report, null, 2));
process.exit(ok ? 0 : 1);
