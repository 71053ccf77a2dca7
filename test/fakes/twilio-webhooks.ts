// Twilio's webhook requests, signed as Twilio signs them, sent through the worker.
import { exports } from "cloudflare:workers";
import { computeTwilioSignature } from "../../src/providers/twilio/signature";
import { TEST_AUTH_TOKEN, TEST_BASE } from "./twilio-media";

export async function twilioWebhook(path: string, params: Record<string, string>, options: { signature?: string | null; authToken?: string } = {}): Promise<Response> {
  const signature = options.signature === undefined ? await computeTwilioSignature({ authToken: options.authToken ?? TEST_AUTH_TOKEN, url: `${TEST_BASE}${path}`, params }) : options.signature;
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (signature !== null) headers["x-twilio-signature"] = signature;
  return (exports as unknown as { default: Fetcher }).default.fetch(`${TEST_BASE}${path}`, { method: "POST", headers, body: new URLSearchParams(params).toString() });
}
