// Placing one call for a hotel line: tell the records (BatchCreated, RecordQueued, CallInitiated), set
// the CallSession up with the folio playbook, then dial once — through the simulated carrier for a
// simulated hotel, through Twilio otherwise. Every step before the dial is idempotent (stable event ids,
// prepare() keeps its first config), so a line that dies mid-way resumes it; the dial itself is marked
// before it starts and never repeated, so no failure can place a second call.
import type { ClockSpec } from "../../domain/clock";
import { callEventId } from "../../domain/call-events";
import type { EventType, NewEvent } from "../../domain/events";
import { sendDigitsFor, type HotelSettings } from "../../domain/hotel";
import type { RecordState } from "../../domain/record-state";
import { personaForPhone } from "../../domain/simulation";
import type { FolioCallParams } from "../../products/folio/playbook/contract";
import { errorFields, type Logger } from "../../platform/log";
import { appendFacts, recordStub } from "../folio-record/client";
import { twilioFor } from "../telephony/twilio";
import { streamTwiml, webhookUrl } from "../telephony/twiml";
import type { CallRow } from "../../engine/line/store";

const ACTOR = "hotel-line";

/** Statuses a record may be called in; anything else (agreed, escalated, cancelled, …) has moved on. */
export const CALLABLE_STATUSES: ReadonlySet<string> = new Set(["pending", "queued"]);

export type Carrier = { kind: "simulated"; persona: string } | { kind: "twilio" } | null;

/** How this hotel is reached: a simulated hotel always by the simulated carrier; others by Twilio, or
 *  by the simulated carrier when the whole system runs simulated. */
export function carrierFor(env: Env, settings: HotelSettings, systemSimulated: boolean): Carrier {
  if (settings.simulation) return { kind: "simulated", persona: settings.simulation.persona };
  if (twilioFor(env) && env.TWILIO_FROM_NUMBER) return { kind: "twilio" };
  if (systemSimulated) return { kind: "simulated", persona: personaForPhone(settings.phone) };
  return null;
}

/** The keys Twilio presses once the hotel answers (SendDigits): its known path; none through the simulated carrier. */
export function knownDigitsFor(settings: HotelSettings, carrier: Carrier): string | null {
  return carrier?.kind === "twilio" ? sendDigitsFor(settings.ivr_path) : null;
}

export function callParams(settings: HotelSettings, records: RecordState[], leaveVoicemail: boolean, clock: ClockSpec | null, carrier: Carrier): FolioCallParams {
  return {
    hotel: {
      phone: settings.phone,
      name: settings.name,
      timezone: settings.timezone ?? "UTC",
      ivr_path: settings.ivr_path,
      email: settings.email,
    },
    records: records.map((r) => ({
      id: r.id,
      guest_name: r.input.guest_name,
      confirmation_number: r.input.confirmation_number,
      check_in: r.input.check_in,
      check_out: r.input.check_out,
      reply_to: r.reply_to,
    })),
    leave_voicemail: leaveVoicemail,
    // The playbook must not press again in-band what Twilio pressed at creation.
    ...(knownDigitsFor(settings, carrier) !== null ? { ivr_path_sent: true } : {}),
    ...(clock ? { clock } : {}),
  };
}

/**
 * BatchCreated, RecordQueued and CallInitiated on each record, once (ids derive from the call). They
 * are appended at the sequences the line read when it chose the records (`seen`; a line resuming a
 * placement has none, and asks each record for its sequence alone), so announcing reads no record.
 * Returns the records' states after the announcement, in call order: what the call's params are made of.
 */
export async function announceCall(
  env: Env,
  settings: HotelSettings,
  call: CallRow,
  attempts: Map<string, number>,
  estimatedSeconds: number,
  scheduledFor: string,
  seen: ReadonlyMap<string, number> = new Map(),
): Promise<RecordState[]> {
  const batch = call.call_id;
  const states = await Promise.all(
    call.record_ids.map(async (recordId) => {
      const id = (type: EventType) => callEventId(call.call_id, recordId, type);
      const events: NewEvent[] = [
        { event_id: id("BatchCreated"), event_type: "BatchCreated", data: { batch_id: batch, hotel_phone: settings.phone, record_ids: call.record_ids }, correlation_id: batch },
        { event_id: id("BatchScheduled"), event_type: "BatchScheduled", data: { batch_id: batch, scheduled_for: scheduledFor, estimated_duration_s: estimatedSeconds }, correlation_id: batch },
        { event_id: id("RecordQueued"), event_type: "RecordQueued", data: { hotel_phone: settings.phone, batch_id: batch }, correlation_id: batch },
        { event_id: id("CallInitiated"), event_type: "CallInitiated", data: { call_id: call.call_id, to: settings.phone, attempt: attempts.get(recordId) ?? 1 }, correlation_id: batch },
      ];
      const r = await appendFacts(env, recordId, events, { actor: ACTOR }, seen.get(recordId));
      if (r?.ok) return r.state;
      // Refused (invalid): the record still goes on the call as it stands.
      return r ? recordStub(env, recordId).getState() : null;
    }),
  );
  return states.filter((s): s is RecordState => s !== null);
}

export interface DialResult {
  ok: boolean;
  /** Why the call could not be placed (it ends at once with this outcome). */
  failure?: string;
}

/** The one non-repeatable step: ring the hotel. */
export async function dial(env: Env, settings: HotelSettings, carrier: Exclude<Carrier, null>, call: CallRow, log: Logger): Promise<DialResult> {
  if (carrier.kind === "simulated") {
    // The carrier reports what happened (no answer, a refused connect) to the session, as Twilio would.
    const line = env.SIMULATED_CARRIER.get(env.SIMULATED_CARRIER.idFromName(`hotel:${settings.phone}`));
    try {
      await line.dial(call.call_id, carrier.persona);
      return { ok: true };
    } catch (err) {
      log.warn("the simulated carrier could not dial", { call_id: call.call_id, ...errorFields(err) });
      return { ok: false, failure: "failed" };
    }
  }
  const twilio = twilioFor(env)!;
  const sendDigits = knownDigitsFor(settings, carrier);
  try {
    const created = await twilio.createCall({
      to: settings.phone,
      from: env.TWILIO_FROM_NUMBER!,
      twiml: streamTwiml(env, call.call_id),
      statusCallback: webhookUrl(env, "status", call.call_id),
      statusCallbackEvents: ["initiated", "ringing", "answered", "completed"],
      machineDetection: "DetectMessageEnd",
      asyncAmd: true,
      asyncAmdStatusCallback: webhookUrl(env, "amd", call.call_id),
      ...(sendDigits !== null ? { sendDigits } : {}),
      timeout: 30,
      timeLimit: Math.ceil(call.max_duration_ms / 1000) + 60,
    });
    await env.CALL_SESSION.get(env.CALL_SESSION.idFromName(call.call_id)).answer(call.call_id, { callSid: created.sid });
    return { ok: true };
  } catch (err) {
    // A network failure may or may not have placed the call: it is never retried (the line waits for
    // the call's status callback, or gives it up as lost); an API refusal placed nothing.
    const refused = (err as { name?: string }).name === "TwilioApiError";
    log.warn("placing the call failed", { call_id: call.call_id, refused, ...errorFields(err) });
    return refused ? { ok: false, failure: "failed" } : { ok: true };
  }
}
