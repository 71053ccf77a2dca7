// Which sender the settings select: an HTTP provider when its key is set (real providers switch on
// per secret, in local mode too), else the local outbox in local mode (nothing leaves the machine),
// else Cloudflare's send_email binding.
import { readSettings } from "../../config";
import { CloudflareSender, HttpSender, LocalOutboxSender, type EmailSender } from "./senders";

export function senderFor(env: Env): EmailSender {
  if (env.EMAIL_HTTP_API_KEY) return new HttpSender({ baseUrl: env.EMAIL_HTTP_BASE_URL || "https://api.resend.com", apiKey: env.EMAIL_HTTP_API_KEY });
  if (readSettings(env).local) return new LocalOutboxSender(env.BLOBS, env.DB);
  return new CloudflareSender(env.EMAIL);
}
