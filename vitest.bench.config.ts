import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

// Benchmarks that must run inside workerd (the DO append). `npm run bench` runs this config and
// reads the JSON figures the files print; they are never part of `npm test`.
export default defineConfig(async () => ({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      miniflare: {
        bindings: {
          TEST_MIGRATIONS: await readD1Migrations(path.join(import.meta.dirname, "migrations")),
          FOLIO_ENV: "local",
          PII_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
          PII_OLD_KEYS: "",
          ADMIN_API_KEY: "",
          TWILIO_AUTH_TOKEN: "test-twilio-auth-token",
          PUBLIC_BASE_URL: "https://folio.test",
          LOG_LEVEL: "error",
        },
      },
    }),
  ],
  test: {
    include: ["bench/**/*.workerd.ts"],
    setupFiles: ["./test/setup/apply-migrations.ts"],
    testTimeout: 120_000,
  },
}));
