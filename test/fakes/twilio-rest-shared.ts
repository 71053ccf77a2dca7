// Types the Twilio REST emulator server (Node) and its test-side client (workerd) share.

/** A failure for the account's next REST request: an HTTP error answer, or a reset connection. */
export type TwilioRestFault = { kind: "status"; status: number; code?: number; message?: string } | { kind: "network" };

export interface TwilioRestLogJson {
  /** Every request to the account's API, in order, with its form (a name may repeat). */
  requests: Array<{ method: string; path: string; form: Record<string, string[]>; at: number }>;
  /** Calls by CallSid: status, numbers, the TwiML it last got, and how many TwiML updates it had. */
  calls: Record<string, { status: string; to: string; from: string; twiml: string | null; updates?: number }>;
}
