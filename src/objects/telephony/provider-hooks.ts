// The one test seam for the providers calls use (docs/architecture.md, "Running offline"): tests run in the objects' isolate and lay
// their settings and fakes over the worker's env here, so no test code lives in the objects. Shared by
// whoever reaches a provider for a call: the session (voice, media, Twilio) and the line that dials.
import type { VoiceProviders } from "../../providers/openai";
import type { TwilioRestClient } from "../../providers/twilio/rest";

export interface CallSessionHooks {
  /** Settings laid over the worker's env (a test's provider keys). */
  env?: Record<string, string>;
  /** Voice providers for a call; null means none is configured. */
  voice?: (env: Env) => VoiceProviders | null;
  /** The Twilio REST client (an emulator's); null means none. */
  twilio?: (env: Env) => TwilioRestClient | null;
  /** Outbound pacing and marks (tests may mark every frame). */
  media?: { markEveryFrames?: number; leadFrames?: number };
}

let hooks: CallSessionHooks = {};

/** Replaces the hooks; returns a function that puts the previous ones back. */
export function setCallSessionHooks(next: CallSessionHooks): () => void {
  const previous = hooks;
  hooks = next;
  return () => {
    hooks = previous;
  };
}

export function currentHooks(): CallSessionHooks {
  return hooks;
}

/** The env with the hooks' settings laid over it. */
export function withHooks(env: Env): Env {
  return hooks.env ? ({ ...env, ...hooks.env } as Env) : env;
}
