// Vitest globalSetup, run in Node (not workerd): reads every shared email fixture
// (../shared/fixtures/email) and provide()s it base64-encoded, since the workerd tests cannot read
// files. Read them with inject("emailFixtures") and decode with atob.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** File name → raw bytes, base64. */
    emailFixtures: Record<string, string>;
  }
}

const FIXTURES = path.join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "email");

export default function setup(project: TestProject) {
  const fixtures: Record<string, string> = {};
  for (const name of readdirSync(FIXTURES).sort()) {
    fixtures[name] = readFileSync(path.join(FIXTURES, name)).toString("base64");
  }
  project.provide("emailFixtures", fixtures);
}
