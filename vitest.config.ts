import { defineConfig } from "vitest/config";
import { workersPlugin } from "./vitest.workers";

// `npm test`: every test runs inside workerd (see vitest.workers.ts).
export default defineConfig(async () => ({
  plugins: [await workersPlugin({ logLevel: "warn" })],
  test: {
    setupFiles: ["./test/setup/apply-migrations.ts"],
    globalSetup: ["./test/setup/twilio-oracle.ts", "./test/setup/email-fixtures.ts", "./test/setup/folio-fixtures.ts", "./test/setup/fake-servers.ts", "./test/setup/real-speech.ts"],
    testTimeout: 30_000,
    // The test product runs in a worker of its own (vitest.products.config.ts), after these.
    exclude: ["**/node_modules/**", "test/products/refill/**"],
  },
}));
