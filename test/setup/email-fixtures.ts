// Vitest globalSetup, run in Node (not workerd): reads every shared email fixture
// (../shared/fixtures/email), and THE MADISON Hamburg's real folio PDFs (../shared/fixtures/folios), and provide()s
// them base64-encoded, since the workerd tests cannot read
// files. Read them with inject("emailFixtures") and decode with atob.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** File name → raw bytes, base64. */
    emailFixtures: Record<string, string>;
    /** Real folio PDFs (../shared/fixtures/folios), file name → bytes, base64: a few of THE MADISON Hamburg's (one hotel, two layouts), the smaller ones. */
    folioFixtures: Record<string, string>;
  }
}

const FIXTURES = path.join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "email");
const FOLIOS = path.join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "folios");

export default function setup(project: TestProject) {
  const fixtures: Record<string, string> = {};
  for (const name of readdirSync(FIXTURES).sort()) {
    fixtures[name] = readFileSync(path.join(FIXTURES, name)).toString("base64");
  }
  project.provide("emailFixtures", fixtures);
  // Read at test time from the shared folder; never copied into the repository.
  const folios: Record<string, string> = {};
  for (const name of readdirSync(FOLIOS)
    .filter((n) => /^madison(_folio_g_cp_efolio\d+|-490057|-492602)\.pdf$/.test(n))
    .sort()) {
    folios[name] = readFileSync(path.join(FOLIOS, name)).toString("base64");
  }
  project.provide("folioFixtures", folios);
}
