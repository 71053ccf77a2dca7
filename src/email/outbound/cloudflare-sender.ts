// Sends through Cloudflare's send_email binding (Email Routing / Email Service) as raw MIME, so the
// Message-ID we stored is the one the hotel's reply threads on (the builder API would mint its own).
import { EmailMessage } from "cloudflare:email";
import { bareAddress } from "../addresses";
import type { ComposedEmail } from "./compose";
import { toMime } from "./mime";
import { EmailSendError, type EmailSender, type SendResult } from "./send-error";

/** Builds the binding's message; injectable so tests can watch what the binding receives. */
export type EmailMessageFactory = (from: string, to: string, raw: string) => EmailMessage;

const defaultFactory: EmailMessageFactory = (from, to, raw) => new EmailMessage(from, to, raw);

// The binding throws plain Errors. Retrying cannot fix an address or a sender Cloudflare refuses;
// it can fix throttling and outages, and an unknown failure gets the queue's bounded retries.
const RETRYABLE = /rate|quota|throttl|timeout|timed out|temporar|unavailable|internal|overloaded|try again/i;
const PERMANENT = /not verified|unverified|not allowed|not permitted|invalid|malformed|too large|rejected|no such|does not exist/i;

export class CloudflareSender implements EmailSender {
  readonly provider = "cloudflare";

  constructor(
    private readonly binding: SendEmail,
    private readonly createMessage: EmailMessageFactory = defaultFactory,
  ) {}

  async send(message: ComposedEmail): Promise<SendResult> {
    const from = bareAddress(message.from);
    const to = bareAddress(message.to);
    if (!from || !to) throw new EmailSendError("from or to is not an email address", this.provider, true);
    const raw = toMime(message);
    let result: EmailSendResult | undefined;
    try {
      result = await this.binding.send(this.createMessage(from, to, raw));
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      const permanent = !RETRYABLE.test(text) && PERMANENT.test(text);
      throw new EmailSendError(`send_email failed: ${text.slice(0, 300)}`, this.provider, permanent);
    }
    return result?.messageId ? { provider: this.provider, providerMessageId: result.messageId } : { provider: this.provider };
  }
}
