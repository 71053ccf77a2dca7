// Inbound routing (docs/architecture.md, "Inbound calls"): every number we own is in one table,
// number → product → playbook and settings. This is the pure half: what a call to a routed number is
// prepared with. Reading the table and answering Twilio are the shell's (src/routes/twilio-inbound.ts).
import { VOICE_PARAM, voiceSettings, type VoiceSettings } from "./voice-settings";

/** One row of the routing table. */
export interface NumberRoute {
  e164: string;
  product: string;
  playbook: string;
  settings: Record<string, unknown>;
  label: string | null;
  max_duration_ms: number | null;
}

/** What the call's playbook finds in `ctx.params.inbound`: who called which of our numbers. */
export interface InboundContext {
  product: string;
  /** The number dialled (ours, E.164). */
  number: string;
  /** Caller ID as the carrier gave it (E.164, or null when withheld or not a number). */
  caller: string | null;
}

/** The settings key the engine fills for an inbound call; a number's own settings may not use it. */
export const INBOUND_PARAM = "inbound";

export interface InboundCallSetup {
  playbook: string;
  params: Record<string, unknown>;
  /** The number's voice (its settings' `voice`), not a playbook param. */
  voice?: VoiceSettings;
  max_duration_ms?: number;
  /** Twilio's sense: `to` is the number dialled (ours), `from` the caller. */
  to: string;
  from?: string;
}

export function inboundCallSetup(route: NumberRoute, caller: string | null): InboundCallSetup {
  const inbound: InboundContext = { product: route.product, number: route.e164, caller };
  const { [VOICE_PARAM]: rawVoice, ...settings } = route.settings;
  const voice = voiceSettings.safeParse(rawVoice ?? {});
  return {
    playbook: route.playbook,
    params: { ...settings, [INBOUND_PARAM]: inbound },
    ...(voice.success && Object.keys(voice.data).length > 0 ? { voice: voice.data } : {}),
    ...(route.max_duration_ms ? { max_duration_ms: route.max_duration_ms } : {}),
    to: route.e164,
    ...(caller ? { from: caller } : {}),
  };
}
