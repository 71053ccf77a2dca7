// Shared by the call-engine tests: the fakes wired into CallSession, records, a prepared call.
import { env } from "cloudflare:workers";
import { recordRequest } from "../../src/domain/record-input";
import type { CallSession, CallSnapshot, PrepareInput } from "../../src/objects/call-session";
import { setCallSessionHooks, type CallSessionHooks } from "../../src/objects/call-session/providers";
import { createRecord, recordIdFor, recordStub } from "../../src/objects/folio-record/client";
import { FakeOpenAI, type FakeOpenAIOptions } from "../fakes/openai-fake";
import { TwilioMediaEmulator, type MediaEmulatorOptions } from "../fakes/twilio-media";
import { TwilioRestEmulator } from "../fakes/twilio-rest";

export interface Fakes {
  /** This test's scenario at the fake OpenAI server. */
  openai: FakeOpenAI;
  /** This test's account at the Twilio REST emulator server. */
  rest: TwilioRestEmulator;
  /** Opens a media stream as Twilio would, on a call the REST emulator knows (its hang-up ends the stream). */
  connect(options: MediaEmulatorOptions): Promise<TwilioMediaEmulator>;
  restore: () => Promise<void>;
}

/**
 * A scenario at the fake OpenAI server and an account at the Twilio REST emulator, both local servers.
 * Every CallSession gets their keys (OPENAI_API_KEY, TWILIO_ACCOUNT_SID) until restore(); the base URLs
 * are the worker's own OPENAI_BASE_URL and TWILIO_API_BASE (see vitest.workers.ts).
 */
export async function installFakes(options: FakeOpenAIOptions = {}, media?: CallSessionHooks["media"]): Promise<Fakes> {
  const [openai, rest] = await Promise.all([FakeOpenAI.create(options), TwilioRestEmulator.create()]);
  const unhook = setCallSessionHooks({ env: { OPENAI_API_KEY: openai.apiKey, TWILIO_ACCOUNT_SID: rest.accountSid }, ...(media ? { media } : {}) });
  return {
    openai,
    rest,
    async connect(o) {
      const callSid = o.callSid ?? `CA${crypto.randomUUID().replaceAll("-", "")}`;
      const emu = await TwilioMediaEmulator.connect({ ...o, callSid });
      await rest.linkMedia(emu);
      return emu;
    },
    async restore() {
      unhook();
      await Promise.all([openai.dispose(), rest.dispose()]);
    },
  };
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
