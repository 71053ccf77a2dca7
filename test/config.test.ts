import { describe, expect, it } from "vitest";
import { LOCAL_DEV_ADMIN_KEY, readSettings } from "../src/config";

const base = { FOLIO_ENV: "production", ADMIN_API_KEY: "", INBOUND_DOMAIN: "in.example", PUBLIC_BASE_URL: "https://x.example", LOG_LEVEL: "info" } as unknown as Env;

describe("settings", () => {
  it("local mode falls back to the local admin key", () => {
    expect(readSettings({ ...base, FOLIO_ENV: "local" }).adminKey).toBe(LOCAL_DEV_ADMIN_KEY);
    expect(readSettings({ ...base, FOLIO_ENV: "local", ADMIN_API_KEY: "mine" }).adminKey).toBe("mine");
  });
  it("outside local mode the default key is refused and nothing replaces it", () => {
    expect(readSettings(base).adminKey).toBeNull();
    expect(readSettings({ ...base, ADMIN_API_KEY: LOCAL_DEV_ADMIN_KEY }).adminKey).toBeNull();
    expect(readSettings({ ...base, ADMIN_API_KEY: "a-real-secret" }).adminKey).toBe("a-real-secret");
  });
  it("anything but FOLIO_ENV=local is production", () => {
    expect(readSettings({ ...base, FOLIO_ENV: "" }).local).toBe(false);
    expect(readSettings({ ...base, FOLIO_ENV: "LOCAL" }).local).toBe(false);
  });
});
