// Settings read from bindings and secrets, checked once per request. Local mode is explicit
// (FOLIO_ENV=local) so a deployed worker can never fall into it by a missing variable.
import type { CountryCode } from "libphonenumber-js";

export const LOCAL_DEV_ADMIN_KEY = "local-dev-admin-key";

export interface Settings {
  local: boolean;
  /** The bootstrap admin key, or null when none is usable. */
  adminKey: string | null;
  inboundDomain: string;
  publicBaseUrl: string;
  defaultCountry: CountryCode;
  logLevel: string;
  /**
   * The offline twins (docs/architecture.md, "Running offline"): on by default while Twilio is not configured, `SIMULATION=off`
   * or `on` to choose. Simulated hotels only ever answer mail that stayed in the local outbox.
   */
  simulation: boolean;
}

function simulationOn(env: Env): boolean {
  const chosen = (env as { SIMULATION?: string }).SIMULATION?.trim().toLowerCase();
  if (chosen === "on" || chosen === "off") return chosen === "on";
  return !(env.TWILIO_ACCOUNT_SID && env.TWILIO_AUTH_TOKEN && env.TWILIO_FROM_NUMBER);
}

export function readSettings(env: Env): Settings {
  const local = env.FOLIO_ENV === "local";
  const configured = env.ADMIN_API_KEY?.trim() || "";
  let adminKey: string | null;
  if (local) adminKey = configured || LOCAL_DEV_ADMIN_KEY;
  else adminKey = configured && configured !== LOCAL_DEV_ADMIN_KEY ? configured : null; // the default is refused outside local mode
  return {
    local,
    adminKey,
    inboundDomain: env.INBOUND_DOMAIN || "folio.localhost",
    publicBaseUrl: env.PUBLIC_BASE_URL || "http://127.0.0.1:8787",
    defaultCountry: ((env as { DEFAULT_PHONE_COUNTRY?: string }).DEFAULT_PHONE_COUNTRY || "US") as CountryCode,
    logLevel: env.LOG_LEVEL || "info",
    simulation: simulationOn(env),
  };
}
