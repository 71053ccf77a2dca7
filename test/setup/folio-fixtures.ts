// Vitest globalSetup, run in Node (not workerd): reads the shared real folios (../shared/fixtures/
// folios/*.pdf) and provide()s them base64-encoded, as email-fixtures.ts does for mail: the workerd
// tests cannot read files. Read them with inject("folioFixtures") and decode with atob. Nothing of
// them is copied into the repository.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** PDF file name → raw bytes, base64. Empty when the shared folder is absent. */
    folioFixtures: Record<string, string>;
  }
}

export const FOLIO_FIXTURES = path.join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "folios");

export default function setup(project: TestProject) {
  const fixtures: Record<string, string> = {};
  if (existsSync(FOLIO_FIXTURES)) {
    for (const name of readdirSync(FOLIO_FIXTURES).sort()) {
      if (name.endsWith(".pdf")) fixtures[name] = readFileSync(path.join(FOLIO_FIXTURES, name)).toString("base64");
    }
  }
  project.provide("folioFixtures", fixtures);
}
