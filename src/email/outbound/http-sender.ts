// A Resend-style HTTP provider: POST {baseUrl}/emails with a Bearer key and a JSON body. The base URL
// is configurable, so any API of that shape (or a local twin) works.
import type { ComposedEmail } from "./compose";
import { formatAddress } from "./encoding";
import { EmailSendError, type EmailSender, type SendResult } from "./send-error";

export interface HttpSenderOptions {
  baseUrl: string;
  apiKey: string;
  /** Injectable for tests and for a service binding's fetch. */
  fetch?: typeof fetch;
  /** Per-request time limit; a timeout is retryable. */
  timeoutMs?: number;
  provider?: string;
}

// 4xx means the request itself is wrong (bad address, bad key, rejected content): retrying sends the
// same request and fails the same way. Except these, which say "not now" rather than "never".
const RETRYABLE_4XX = new Set([408, 409, 425, 429]);

export class HttpSender implements EmailSender {
  readonly provider: string;
  private readonly url: string;
  private readonly fetchFn: typeof fetch;

  constructor(private readonly opts: HttpSenderOptions) {
    this.provider = opts.provider ?? "http";
    this.url = `${opts.baseUrl.replace(/\/+$/, "")}/emails`;
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init));
  }

  async send(message: ComposedEmail): Promise<SendResult> {
    const body = {
      from: formatAddress(message.from, message.fromName),
      to: [message.to],
      subject: message.subject,
      text: message.text,
      html: message.html,
      reply_to: message.replyTo,
      // Our Message-ID rides along so replies thread on the id we stored.
      headers: { ...message.headers, "Message-ID": message.messageId },
    };
    let res: Response;
    try {
      res = await this.fetchFn(this.url, {
        method: "POST",
        headers: {
          authorization: `Bearer ${this.opts.apiKey}`,
          "content-type": "application/json",
          // A queue retry after a lost response must not send the request twice.
          "idempotency-key": message.messageId,
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 15_000),
      });
    } catch (err) {
      const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      throw new EmailSendError(`${this.provider} request failed: ${text.slice(0, 300)}`, this.provider, false);
    }
    const text = await res.text().catch(() => "");
    if (!res.ok) {
      const permanent = res.status >= 400 && res.status < 500 && !RETRYABLE_4XX.has(res.status);
      throw new EmailSendError(`${this.provider} answered ${res.status}: ${errorMessage(text)}`, this.provider, permanent, res.status);
    }
    const id = parseId(text);
    return id ? { provider: this.provider, providerMessageId: id } : { provider: this.provider };
  }
}

function parseId(text: string): string | null {
  try {
    const json: unknown = JSON.parse(text);
    const id = (json as { id?: unknown } | null)?.id;
    return typeof id === "string" && id.length > 0 ? id : null;
  } catch {
    return null;
  }
}

/** The provider's own error message when it sent JSON (`{message}` or `{error}`), else the start of the body. */
function errorMessage(text: string): string {
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown };
    const m = json.message ?? json.error;
    if (typeof m === "string") return m.slice(0, 300);
  } catch {
    /* not JSON */
  }
  return text.slice(0, 300);
}
