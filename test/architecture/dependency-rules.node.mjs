// The dependency rule bites (docs/architecture.md): the repo's own .dependency-cruiser.cjs, run by the same
// CLI as `npm run deps:check`, on small fixture trees in a temporary folder. A clean tree passes; each
// forbidden import fails the check and is named by its rule. Runs in Node (node --test), not in workerd:
// dependency-cruiser reads the file system. Named *.node.mjs so vitest does not pick it up.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const cli = join(repo, "node_modules/dependency-cruiser/bin/dependency-cruiser.mjs");
const config = join(repo, ".dependency-cruiser.cjs");

/** Files every fixture has: the allowed shape (shell → product → engine → domain). */
const ALLOWED = {
  "src/domain/events.ts": `export type Event = { type: string };\n`,
  "src/engine/playbook.ts": `import type { Event } from "../domain/events";\nexport interface Playbook { name: string; events: Event[] }\n`,
  "src/products/folio/playbook.ts": `import type { Playbook } from "../../engine/playbook";\nexport const folio: Playbook = { name: "folio", events: [] };\n`,
  "src/products/booking/playbook.ts": `import type { Playbook } from "../../engine/playbook";\nexport const booking: Playbook = { name: "booking", events: [] };\n`,
  "src/objects/registry.ts": `import { folio } from "../products/folio/playbook";\nimport { booking } from "../products/booking/playbook";\nexport const all = [folio, booking];\n`,
};

function check(extra) {
  const dir = mkdtempSync(join(tmpdir(), "folio-deps-"));
  try {
    const files = {
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "ES2022", moduleResolution: "Bundler", strict: true } }),
      ...ALLOWED,
      ...extra,
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const run = spawnSync(process.execPath, [cli, "src", "--config", config, "--output-type", "err"], { cwd: dir, encoding: "utf8" });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the allowed shape passes: shell → products → engine → domain, a product's own files", () => {
  const { status, output } = check({ "src/products/folio/index.ts": `export { folio } from "./playbook";\n` });
  assert.equal(status, 0, output);
});

test("each forbidden import fails the check, named by its rule and file", () => {
  const { status, output } = check({
    // type-only: a type from a product is a dependency on it too
    "src/engine/registry.ts": `import type { folio } from "../products/folio/playbook";\nexport type Known = typeof folio;\n`,
    "src/engine/leak.ts": `export { all } from "../objects/registry";\n`,
    "src/products/booking/reuse.ts": `import { folio } from "../folio/playbook";\nexport const copy = folio;\n`,
    "src/domain/state.ts": `import { all } from "../objects/registry";\nexport const n = all.length;\n`,
    "src/domain/clock.ts": `import { DurableObject } from "cloudflare:workers";\nexport const base = DurableObject;\n`,
  });
  assert.notEqual(status, 0, output);
  const expected = [
    ["engine-imports-no-product", "src/engine/registry.ts", "src/products/folio/playbook.ts"],
    ["engine-imports-no-shell", "src/engine/leak.ts", "src/objects/registry.ts"],
    ["product-imports-no-other-product", "src/products/booking/reuse.ts", "src/products/folio/playbook.ts"],
    ["domain-imports-no-bindings", "src/domain/state.ts", "src/objects/registry.ts"],
    ["domain-imports-no-bindings", "src/domain/clock.ts", "cloudflare:workers"],
  ];
  for (const [rule, from, to] of expected) {
    assert.ok(
      output.split("\n").some((line) => line.includes(rule) && line.includes(from) && line.includes(to)),
      `${rule}: ${from} → ${to} not reported in:\n${output}`,
    );
  }
  assert.match(output, /5 dependency violations/);
});
