// The contract every sender implements; kept apart from senders.ts so implementations can import it
// without an import cycle.
import type { ComposedEmail } from "./compose";

export interface SendResult {
  provider: string;
  providerMessageId?: string;
}

export interface EmailSender {
  readonly provider: string;
  send(message: ComposedEmail): Promise<SendResult>;
}

/**
 * A send that did not go out. `permanent`: the same message will fail again (bad address, rejected
 * by the provider), so record EmailSendFailed{permanent: true} and escalate or call; otherwise let
 * the queue retry.
 */
export class EmailSendError extends Error {
  override readonly name = "EmailSendError";
  constructor(
    message: string,
    readonly provider: string,
    readonly permanent: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}
