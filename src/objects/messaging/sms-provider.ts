// The SMS provider a thread sends through (docs/architecture.md, "Running offline"): Twilio's Messages
// API when its secrets are set (tests lay an emulator account over them, src/objects/telephony/
// provider-hooks.ts); in simulation, the simulated carrier's parties (src/simulation/sms-parties.ts);
// else none. Each text names its status callback, signed by Twilio like every
// webhook, with our message id in the path so a report that beats the API's answer still finds it.
import { readSettings } from "../../config";
import type { SmsProvider, SmsSendResult } from "../../engine/messaging/ports";
import { TwilioApiError, TwilioNetworkError } from "../../providers/twilio/rest";
import { publicBase } from "../telephony/twiml";
import { twilioFor } from "../telephony/twilio";

/** Twilio when configured; else, in simulation, the simulated carrier's parties; else none. */
export function smsProviderFor(env: Env): SmsProvider | null {
  return twilioSmsProvider(env) ?? (readSettings(env).simulation ? simulatedSmsProvider(env) : null);
}

function simulatedSmsProvider(env: Env): SmsProvider {
  return {
    async send({ message_id, from, to, body }) {
      const carrier = env.SIMULATED_CARRIER.get(env.SIMULATED_CARRIER.idFromName(`sms:${to}`));
      const r = await carrier.text({ ours: from, theirs: to, message_id, body });
      return { ok: true, provider_sid: r.provider_sid, status: r.status };
    },
  };
}

function twilioSmsProvider(env: Env): SmsProvider | null {
  const client = twilioFor(env);
  if (!client) return null;
  return {
    async send({ message_id, from, to, body }): Promise<SmsSendResult> {
      try {
        const m = await client.createMessage({ to, from, body, statusCallback: `${publicBase(env)}/twilio/sms-status/${message_id}` });
        return { ok: true, provider_sid: m.sid, status: m.status };
      } catch (err) {
        if (err instanceof TwilioApiError) {
          if (err.status === 429) return { ok: false, kind: "busy", retry_after_ms: err.retryAfterMs };
          // A 5xx may or may not have created the message: like a lost answer, never sent again.
          if (err.status >= 500) return { ok: false, kind: "unknown", message: `Twilio answered HTTP ${err.status}` };
          return { ok: false, kind: "refused", error_code: err.code, message: err.message };
        }
        if (err instanceof TwilioNetworkError) return { ok: false, kind: "unknown", message: err.message };
        throw err;
      }
    },
  };
}
