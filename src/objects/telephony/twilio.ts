// The Twilio REST client, switched on by its secrets (TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN;
// docs/architecture.md, "Running offline"): the line creates calls with it, the session redirects and
// hangs them up.
import { TwilioRestClient } from "../../providers/twilio/rest";
import { currentHooks, withHooks } from "./provider-hooks";

export function twilioFor(base: Env): TwilioRestClient | null {
  const env = withHooks(base);
  const hooks = currentHooks();
  if (hooks.twilio) return hooks.twilio(env);
  const sid = env.TWILIO_ACCOUNT_SID?.trim();
  const token = env.TWILIO_AUTH_TOKEN?.trim();
  if (!sid || !token) return null;
  return new TwilioRestClient({
    accountSid: sid,
    authToken: token,
    baseUrl: env.TWILIO_API_BASE?.trim() || undefined,
  });
}
