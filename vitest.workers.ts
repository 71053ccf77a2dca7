import path from "node:path";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";

// The workerd project both vitest configs run in: the real D1, Durable Objects, Queues and R2 from
// wrangler.toml. A fixed test PII key and local mode are the only differences from `npm start`, and the
// paid providers' base URLs, which point at the local fake servers test/setup/fake-servers.ts started.
export async function workersPlugin(opts: { logLevel: string; main?: string; durableObjects?: Record<string, { className: string; useSQLite: boolean }> }) {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return cloudflareTest(({ inject }) => {
    // Set by test/setup/fake-servers.ts; a config without that global setup keeps wrangler.toml's URLs.
    const openai = inject("fakeOpenAIUrl") as string | undefined;
    const twilio = inject("fakeTwilioUrl") as string | undefined;
    return {
      wrangler: { configPath: "./wrangler.toml" },
      ...(opts.main ? { main: opts.main } : {}),
      miniflare: {
        ...(opts.durableObjects ? { durableObjects: opts.durableObjects } : {}),
        bindings: {
          TEST_MIGRATIONS: migrations,
          FOLIO_ENV: "local",
          PII_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
          PII_OLD_KEYS: "",
          ADMIN_API_KEY: "",
          // The call engine's tests sign Twilio requests with this token, for this public URL.
          TWILIO_AUTH_TOKEN: "test-twilio-auth-token",
          PUBLIC_BASE_URL: "https://folio.test",
          INBOUND_DOMAIN: "folio.test",
          // Simulated hotels would answer every test's email request; tests that want one say so.
          SIMULATION: "off",
          LOG_LEVEL: opts.logLevel,
          // Only the URLs: each test brings its own keys (its scenario at the fake), see test/call/helpers.ts.
          ...(openai ? { OPENAI_BASE_URL: `${openai}/v1` } : {}),
          ...(twilio ? { TWILIO_API_BASE: twilio } : {}),
        },
      },
    };
  });
}
