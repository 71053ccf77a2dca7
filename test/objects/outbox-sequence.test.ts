// The call's outbox delivers events to records under optimistic concurrency: it needs each record's
// sequence, not its state. FolioRecord.sequence() reads that from the snapshot row without opening the
// sealed state, and the outbox asks only for it; a log that moves in between is still a conflict retried.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { NewEvent } from "../../src/domain/events";
import type { AppendResult } from "../../src/objects/folio-record/append-result";
import { createRecord, recordIdFor, recordStub } from "../../src/objects/folio-record/client";
import { deliverOutbox } from "../../src/objects/call-session/outbox";
import type { CallStore, OutboxRow } from "../../src/objects/call-session/store";
import { createLogger } from "../../src/platform/log";
import { recordInput } from "../helpers";

/** A record that counts what it is asked; its log moves once, just before the first append lands. */
function fakeRecord(start: number | null) {
  const asked = { getState: 0, sequence: 0, appends: [] as number[] };
  let at = start;
  let movedOnce = false;
  const record = {
    async getState() {
      asked.getState++;
      return at === null ? null : { sequence: at };
    },
    async sequence() {
      asked.sequence++;
      return at;
    },
    async append(events: NewEvent[], expected: number): Promise<AppendResult> {
      asked.appends.push(expected);
      if (!movedOnce) {
        movedOnce = true;
        at = (at ?? 0) + 1; // something else appended meanwhile
        return { ok: false, code: "conflict", message: "moved", currentSequence: at };
      }
      if (expected !== at) return { ok: false, code: "conflict", message: "stale", currentSequence: at! };
      at += events.length;
      return { ok: true, duplicate: false, events: [], state: {} as never };
    },
  };
  const namespace = { idFromName: (name: string) => name, get: () => record };
  return { env: { FOLIO_RECORD: namespace } as unknown as Env, asked };
}

function fakeStore(rows: OutboxRow[]) {
  const settled: Array<{ id: number; status: string; error: string | null }> = [];
  const store = {
    settled: async () => {},
    pending: () => rows.filter((r) => !settled.some((s) => s.id === r.id)),
    settle: (id: number, status: string, error: string | null = null) => void settled.push({ id, status, error }),
    retryLater: () => {},
  };
  return { store: store as unknown as CallStore, settled };
}

const row = (id: number, recordId: string): OutboxRow =>
  ({ id, record_id: recordId, events: JSON.stringify([{ event_id: crypto.randomUUID(), event_type: "CallEnded", data: {} }]), attempts: 0 }) as OutboxRow;

const log = createLogger("error", { service: "test" });

describe("the call outbox and the record's sequence", () => {
  it("asks for the sequence only (never the decrypted state), and retries a conflict at the new sequence", async () => {
    const { env: fakeEnv, asked } = fakeRecord(3);
    const { store, settled } = fakeStore([row(1, "rec_a")]);
    expect(await deliverOutbox(fakeEnv, store, log)).toBe(true);
    expect(asked.getState).toBe(0);
    expect(asked.appends).toEqual([3, 4]);
    expect(settled).toEqual([{ id: 1, status: "sent", error: null }]);
  });

  it("drops events for a record that does not exist, without opening anything", async () => {
    const { env: fakeEnv, asked } = fakeRecord(null);
    const { store, settled } = fakeStore([row(7, "rec_gone")]);
    expect(await deliverOutbox(fakeEnv, store, log)).toBe(true);
    expect(asked.getState).toBe(0);
    expect(asked.appends).toEqual([]);
    expect(settled).toEqual([{ id: 7, status: "failed", error: "no such record" }]);
  });

  it("FolioRecord.sequence() is the log's sequence, and null for no record", async () => {
    const id = await recordIdFor();
    await createRecord(env, recordInput() as never, { recordId: id, actor: "test", inboundDomain: "folio.test" });
    const stub = recordStub(env, id);
    expect(await stub.sequence()).toBe((await stub.getState())!.sequence);
    const r = await stub.append([{ event_type: "RecordQueued", data: { hotel_phone: "+14155550100", batch_id: "b1" } }], (await stub.sequence())!, { actor: "test" });
    expect(r.ok).toBe(true);
    expect(await stub.sequence()).toBe((await stub.getState())!.sequence);
    expect(await recordStub(env, await recordIdFor()).sequence()).toBeNull();
  });
});
