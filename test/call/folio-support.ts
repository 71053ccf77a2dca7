// For the folio persona tests: real FolioRecord records (created, then CallInitiated as HotelLine appends
// it), a CallSession prepared with the folio playbook, and a call placed through the SimulatedCarrier
// keyed per hotel, as the simulation keys it.
import { env } from "cloudflare:workers";
import { recordRequest } from "../../src/domain/record-input";
import type { FolioCallParams } from "../../src/products/folio/playbook/contract";
import type { FolioState } from "../../src/products/folio/playbook/state";
import type { CallSnapshot } from "../../src/objects/call-session";
import { createRecord, recordIdFor, recordStub } from "../../src/objects/folio-record/client";
import type { DialResult, SimulatedCarrier } from "../../src/objects/simulated-carrier";
import { callStub, newCallId, untilCall } from "./helpers";

const GUESTS = ["Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson"];

export interface Hotel {
  phone: string;
  name: string;
  email: string | null;
  records: Array<{ id: string; reply_to: string; guest_name: string; confirmation_number: string }>;
}

let seq = 0;
// A fresh block of numbers per run, so each hotel (and its carrier) is new.
const BASE = 2000 + Math.floor(Math.random() * 7000);
/** A hotel of its own (a fresh number, so a fresh carrier) with `n` records. */
export async function hotelWith(n: number, name = "Harbor Hotel"): Promise<Hotel> {
  seq++;
  const phone = `+1415555${BASE + seq}`;
  const hotel: Hotel = { phone, name, email: "frontdesk@harbor.example", records: [] };
  for (let i = 0; i < n; i++) {
    const id = await recordIdFor();
    const guest_name = GUESTS[i % GUESTS.length]!;
    const confirmation_number = `HX${400 + seq * 10 + i}`;
    const input = recordRequest("US").parse({
      guest_name,
      confirmation_number,
      check_in: "2026-10-01",
      check_out: "2026-10-03",
      hotel: { name, phone, email: hotel.email, timezone: "America/Los_Angeles" },
    });
    const created = await createRecord(env, input, { recordId: id, actor: "test", inboundDomain: "folio.test" });
    hotel.records.push({ id, reply_to: created.reply_to, guest_name, confirmation_number });
  }
  return hotel;
}

export function carrierFor(hotel: Hotel): DurableObjectStub<SimulatedCarrier> {
  return env.SIMULATED_CARRIER.get(env.SIMULATED_CARRIER.idFromName(`hotel:${hotel.phone}`));
}

export interface PlacedCall {
  callId: string;
  dial: DialResult;
  snapshot: CallSnapshot;
  state: FolioState;
}

/** Prepares a folio call for the hotel's records, dials `persona`, and waits until the call is over and delivered. */
export async function folioCall(
  hotel: Hotel,
  persona: string,
  opts: { ivr_path?: string | null; leave_voicemail?: boolean; max_duration_ms?: number; records?: Hotel["records"] } = {},
): Promise<PlacedCall> {
  const callId = newCallId();
  const records = opts.records ?? hotel.records;
  for (const r of records) {
    const stub = recordStub(env, r.id);
    const s = await stub.getState();
    const res = await stub.append([{ event_type: "CallInitiated", data: { call_id: callId, to: hotel.phone, attempt: (s!.attempts ?? 0) + 1 } }], s!.sequence, { actor: "test" });
    if (!res.ok) throw new Error(`CallInitiated refused: ${res.code}`);
  }
  const params: FolioCallParams = {
    hotel: { phone: hotel.phone, name: hotel.name, timezone: "America/Los_Angeles", ivr_path: opts.ivr_path ?? null, email: hotel.email },
    records: records.map((r) => ({ id: r.id, guest_name: r.guest_name, confirmation_number: r.confirmation_number, check_in: "2026-10-01", check_out: "2026-10-03", reply_to: r.reply_to })),
    leave_voicemail: opts.leave_voicemail ?? true,
  };
  await callStub(callId).prepare(callId, {
    playbook: "folio",
    record_ids: records.map((r) => r.id),
    params: params as unknown as Record<string, unknown>,
    ...(opts.max_duration_ms ? { max_duration_ms: opts.max_duration_ms } : {}),
  });
  const dial = await carrierFor(hotel).dial(callId, persona);
  const snapshot = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 25_000, `the ${persona} call to end`);
  return { callId, dial, snapshot, state: snapshot.state?.playbook_state as FolioState };
}

export async function eventsOf(recordId: string): Promise<Array<{ type: string; data: any; correlation_id: string | null }>> {
  const events = await recordStub(env, recordId).getEvents();
  return events.map((e) => ({ type: e.event_type, data: e.data as any, correlation_id: e.correlation_id }));
}

/** The record's events from one call (by correlation), StatusUpdated left out. */
export async function callEvents(recordId: string, callId: string): Promise<Array<{ type: string; data: any }>> {
  return (await eventsOf(recordId)).filter((e) => e.correlation_id === callId && e.type !== "StatusUpdated");
}

export async function statusOf(recordId: string): Promise<string | undefined> {
  return (await recordStub(env, recordId).getState())?.status;
}

export function said(s: CallSnapshot, type: "system_utterance" | "hotel_response" | "dtmf_sent"): string[] {
  return (s.transcript?.nodes ?? []).filter((n) => n.type === type).map((n) => n.content);
}
