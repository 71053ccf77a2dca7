import { defineConfig } from "vitest/config";
import { workersPlugin } from "./vitest.workers";

// Benchmarks that must run inside workerd (DO append, record creation, the email pipeline, call
// turns). `npm run bench` runs this config and reads the JSON figures the files print; they are
// never part of `npm test`.
export default defineConfig(async () => ({
  plugins: [await workersPlugin({ logLevel: "error" })],
  test: {
    include: ["bench/**/*.workerd.ts"],
    setupFiles: ["./test/setup/apply-migrations.ts"],
    globalSetup: ["./test/setup/fake-servers.ts"],
    testTimeout: 300_000,
  },
}));
