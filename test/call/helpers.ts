// Shared by the call-engine tests: the fakes wired into CallSession, records, a prepared call.
import { env } from "cloudflare:workers";
import { recordRequest } from "../../src/domain/record-input";
import type { CallSession, CallSnapshot, PrepareInput } from "../../src/objects/call-session";
import { setCallSessionHooks, type CallSessionHooks } from "../../src/objects/call-session/providers";
import { createRecord, recordIdFor, recordStub } from "../../src/objects/folio-record/client";
import { createOpenAIVoice } from "../../src/providers/openai";
import { FAKE_BASE_URL, FakeOpenAI, type FakeOpenAIOptions } from "../fakes/openai-fake";
import { TwilioRestEmulator } from "../fakes/twilio-rest";

export interface Fakes {
  openai: FakeOpenAI;
  rest: TwilioRestEmulator;
  restore: () => void;
}

/** A fake OpenAI and a Twilio REST emulator, injected into every CallSession until restore(). */
export function installFakes(options: FakeOpenAIOptions = {}, media?: CallSessionHooks["media"]): Fakes {
  const openai = new FakeOpenAI(options);
  const rest = new TwilioRestEmulator();
  const restore = setCallSessionHooks({
    voice: () => createOpenAIVoice({ apiKey: openai.apiKey, baseUrl: FAKE_BASE_URL, fetch: openai.fetch, retryBaseDelayMs: 1 }),
    twilio: () => rest.client(),
    ...(media ? { media } : {}),
  });
  return { openai, rest, restore };
}

let n = 0;
/** A new record, already `calling` on `callId` (CallInitiated, as HotelLine appends it when it dials). */
export async function callingRecord(callId: string): Promise<string> {
  n++;
  const id = await recordIdFor();
  const input = recordRequest("US").parse({
    guest_name: `Grace Hopper ${n}`,
    confirmation_number: `CALL${n}`,
    check_in: "2026-10-01",
    check_out: "2026-10-03",
    hotel: { name: "Harbor Hotel", phone: "+14155550142" },
  });
  await createRecord(env, input, { recordId: id, actor: "test", inboundDomain: "folio.test" });
  const record = recordStub(env, id);
  const state = await record.getState();
  const r = await record.append([{ event_type: "CallInitiated", data: { call_id: callId, to: "+14155550142", attempt: 1 } }], state!.sequence, { actor: "test" });
  if (!r.ok) throw new Error(`CallInitiated refused: ${r.code}`);
  return id;
}

export function callStub(callId: string): DurableObjectStub<CallSession> {
  return env.CALL_SESSION.get(env.CALL_SESSION.idFromName(callId));
}

export function newCallId(): string {
  return `call_${crypto.randomUUID().replaceAll("-", "").slice(0, 20)}`;
}

export async function prepareCall(input: PrepareInput & { records?: number } = {}): Promise<{ callId: string; recordIds: string[] }> {
  const callId = newCallId();
  const recordIds: string[] = [];
  for (let i = 0; i < (input.records ?? 1); i++) recordIds.push(await callingRecord(callId));
  await callStub(callId).prepare(callId, { ...input, record_ids: recordIds });
  return { callId, recordIds };
}

export async function snapshot(callId: string): Promise<CallSnapshot> {
  return (await callStub(callId).snapshot()) as unknown as CallSnapshot;
}

/** Polls the call's snapshot until `check` holds. */
export async function untilCall(callId: string, check: (s: CallSnapshot) => boolean, ms = 20_000, what = "call condition"): Promise<CallSnapshot> {
  const end = Date.now() + ms;
  for (;;) {
    const s = await snapshot(callId);
    if (check(s)) return s;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s.state)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function agentNodes(s: CallSnapshot) {
  return (s.transcript?.nodes ?? []).filter((n) => n.type === "system_utterance");
}

export async function recordEvents(recordId: string) {
  return recordStub(env, recordId).getEvents();
}
