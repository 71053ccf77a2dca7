// How the rest of the worker talks to FolioRecord: stable ids, and creation that is idempotent on
// the record id (so on external_id, and on an import's job and line).
import type { DomainEvent, NewEvent, SimulationTag } from "../../domain/events";
import type { QueueEffect } from "../../domain/record-reactions";
import type { RecordInput } from "../../domain/record-input";
import type { RecordState, RecordStatus } from "../../domain/record-state";
import type { AppendOptions } from "../folio-record";
import type { AppendResult } from "./append-result";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
export const RECORD_ID = /^rec_[a-z2-7]{26}$/;

function base32(bytes: Uint8Array, length: number): string {
  let out = "";
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Deterministic from a stable key (external_id, or an import's job and line); random otherwise. */
export async function recordIdFor(stableKey?: string): Promise<string> {
  const bytes = stableKey ? await digest(`record:${stableKey}`) : crypto.getRandomValues(new Uint8Array(17));
  return `rec_${base32(bytes, 26)}`;
}

/**
 * A uuid derived from a seed: the event id of a command that may be delivered more than once, so
 * its second delivery is a replay of the first (the store returns the stored result).
 */
export async function stableUuid(seed: string): Promise<string> {
  const h = Array.from((await digest(seed)).subarray(0, 16), (b) => b.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The RecordCreated event id, derived from the record id so a retried create is a replay. */
export function createdEventId(recordId: string): Promise<string> {
  return stableUuid(`created:${recordId}`);
}

export function newReplyToken(): string {
  return base32(crypto.getRandomValues(new Uint8Array(8)), 12);
}

/**
 * FolioRecord's RPC surface as its callers see it. Declared here because the generated stub type
 * cannot express `unknown` payloads (event data, folio fields) and collapses them to `never`.
 */
export interface RecordApi {
  append(incoming: NewEvent[], expectedSequence: number, opts: AppendOptions): Promise<AppendResult>;
  getState(): Promise<RecordState | null>;
  /** The log's sequence (null: no such record), read without opening the sealed state. */
  sequence(): Promise<number | null>;
  getEvents(): Promise<DomainEvent[]>;
  reproject(): Promise<{ ok: boolean; sequence: number }>;
  poke(): Promise<void>;
}

export function recordStub(env: Env, id: string): RecordApi {
  return env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id)) as unknown as RecordApi;
}

export interface CreatedRecord {
  id: string;
  status: RecordStatus;
  reply_to: string;
  created: boolean;
}

export async function createRecord(
  env: Env,
  input: RecordInput,
  opts: { recordId: string; actor: string; inboundDomain: string; correlationId?: string; simulation?: SimulationTag },
): Promise<CreatedRecord> {
  const token = newReplyToken();
  const result: AppendResult = await recordStub(env, opts.recordId).append(
    [
      {
        event_id: await createdEventId(opts.recordId),
        event_type: "RecordCreated",
        data: { input, reply_token: token, reply_to: `folios+${token}@${opts.inboundDomain}`, ...(opts.simulation ? { simulation: opts.simulation } : {}) },
        correlation_id: opts.correlationId ?? null,
      },
    ],
    0,
    { actor: opts.actor, recordId: opts.recordId },
  );
  if (!result.ok) {
    throw new Error(`record ${opts.recordId} could not be created: ${result.code} ${result.message}`);
  }
  return { id: result.state.id, status: result.state.status, reply_to: result.state.reply_to, created: !result.duplicate };
}

/**
 * Appends facts that do not depend on the record's state (stable ids make a repeat a replay) without
 * reading that state: at `sequence` when the caller knows where the log stood, else where the record
 * says it stands; a conflict names the sequence to try next. Null: no such record.
 */
export async function appendFacts(env: Env, recordId: string, events: NewEvent[], opts: { actor: string }, sequence?: number): Promise<AppendResult | null> {
  const stub = recordStub(env, recordId);
  let at = sequence ?? (await stub.sequence());
  for (let attempt = 0; attempt < 5; attempt++) {
    if (at === null) return null;
    const result = await stub.append(events, at, opts);
    if (result.ok || result.code !== "conflict") return result;
    at = result.currentSequence;
  }
  throw new Error(`record ${recordId} kept changing; append abandoned for a retry`);
}

/** What a command makes of a record's state: events, with any messages they send. */
export type Decision = NewEvent[] | { events: NewEvent[]; effects: QueueEffect[] } | null;

/**
 * Appends what `decide` makes of the record's current state, retrying when the log moved between
 * the read and the append. `decide` returns null when there is nothing to do (a stale command).
 */
export async function appendToRecord(env: Env, recordId: string, decide: (state: RecordState) => Decision | Promise<Decision>, opts: { actor: string }): Promise<AppendResult | null> {
  const stub = recordStub(env, recordId);
  for (let attempt = 0; attempt < 5; attempt++) {
    const state = await stub.getState();
    if (!state) return null;
    const decision = await decide(state);
    if (!decision) return null;
    const { events, effects } = Array.isArray(decision) ? { events: decision, effects: [] } : decision;
    if (events.length === 0) return null;
    const result = await stub.append(events, state.sequence, { ...opts, effects });
    if (result.ok || result.code !== "conflict") return result;
  }
  throw new Error(`record ${recordId} kept changing; append abandoned for a retry`);
}
