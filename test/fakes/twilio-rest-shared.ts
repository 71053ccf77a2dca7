// Types the Twilio REST emulator server (Node) and its test-side client (workerd) share.

/** A failure for the account's next REST request: an HTTP error answer, or a reset connection. */
export type TwilioRestFault = { kind: "status"; status: number; code?: number; message?: string } | { kind: "network" };

export interface TwilioRestLogJson {
  /** Every request to the account's API, in order, with its form (a name may repeat). */
  requests: Array<{ method: string; path: string; form: Record<string, string[]>; at: number }>;
  /** Calls by CallSid: status, numbers, the TwiML it last got, and how many TwiML updates it had. */
  calls: Record<string, { status: string; to: string; from: string; twiml: string | null; updates?: number }>;
  /** Texts by MessageSid: the status its last callback said, and the error code of a failure. */
  messages: Record<string, { to: string; from: string; body: string; status: string; status_callback: string | null; error_code: number | null; num_segments: string }>;
}

/** What becomes of the account's next created text: its callbacks end delivered, undelivered or failed. */
export type MessageFate = { kind: "delivered" } | { kind: "undelivered"; errorCode: number } | { kind: "failed"; errorCode: number };

/** A webhook the emulator would post, signed as Twilio signs it; the test posts it through the worker. */
export interface SignedWebhook {
  url: string;
  headers: Record<string, string>;
  body: string;
}
