// Placing a call reads each record once: HotelLine reads the states to see who is still callable, and
// announcing the call (BatchCreated … CallInitiated, facts with stable ids) appends at the sequence that
// read saw and hands back the states the append returned, which the call's params are built from. The
// record RPCs are counted through the env the placing code is given (the only seam: no test hook in
// the objects).
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admitHotel } from "../../src/domain/hotel";
import type { NewEvent } from "../../src/domain/events";
import { createRecord, recordIdFor, recordStub } from "../../src/objects/folio-record/client";
import { announceCall } from "../../src/objects/hotel-line/placing";
import type { CallRow } from "../../src/engine/line/store";
import { phone, recordInput } from "../helpers";

/** The worker's env with FolioRecord RPCs counted per method. */
function countingEnv() {
  const calls: Record<string, number> = { getState: 0, sequence: 0, append: 0 };
  const real = env.FOLIO_RECORD;
  const namespace = {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = real.get(id) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      return {
        getState: () => (calls.getState!++, stub.getState!()),
        sequence: () => (calls.sequence!++, stub.sequence!()),
        append: (...args: unknown[]) => (calls.append!++, stub.append!(...args)),
      };
    },
  };
  return { env: { ...env, FOLIO_RECORD: namespace } as unknown as Env, calls };
}

async function twoRecords(hotelPhone: string): Promise<string[]> {
  return Promise.all(
    [1, 2].map(async () => {
      const id = await recordIdFor();
      await createRecord(env, recordInput({ hotel: { name: "Reads Inn", phone: hotelPhone } }) as never, { recordId: id, actor: "test", inboundDomain: "folio.test" });
      return id;
    }),
  );
}

function callFor(recordIds: string[]): CallRow {
  return { call_id: `call_reads${crypto.randomUUID().replaceAll("-", "")}`, record_ids: recordIds, status: "placing", created_at: Date.now(), ended_at: null, outcome: null, max_duration_ms: 60_000 };
}

describe("placing a call: record reads", () => {
  it("announcing at the sequences the line read appends once per record, reads no state, and returns the states for the params", async () => {
    const hotel = phone(71);
    const settings = admitHotel(null, { phone: hotel, name: "Reads Inn" }, new Date().toISOString())!;
    const ids = await twoRecords(hotel);
    const seen = new Map(await Promise.all(ids.map(async (id) => [id, (await recordStub(env, id).getState())!.sequence] as const)));
    const { env: counted, calls } = countingEnv();
    const call = callFor(ids);
    const states = await announceCall(counted, settings, call, new Map(), 60, new Date().toISOString(), seen);
    expect(calls).toEqual({ getState: 0, sequence: 0, append: 2 });
    expect(states.map((s) => s.id)).toEqual(ids);
    for (const s of states) expect(s).toEqual(await recordStub(env, s.id).getState());
    expect(states.every((s) => s.status === "calling")).toBe(true);
  });

  it("a line resuming a placement (no states read) asks only each record's sequence, and the replay adds nothing", async () => {
    const hotel = phone(72);
    const settings = admitHotel(null, { phone: hotel, name: "Reads Inn" }, new Date().toISOString())!;
    const ids = await twoRecords(hotel);
    const call = callFor(ids);
    const first = countingEnv();
    await announceCall(first.env, settings, call, new Map(), 60, new Date().toISOString());
    expect(first.calls.getState).toBe(0);
    const before = await Promise.all(ids.map((id) => recordStub(env, id).getEvents()));
    const again = countingEnv();
    const states = await announceCall(again.env, settings, call, new Map(), 60, new Date().toISOString());
    expect(again.calls).toEqual({ getState: 0, sequence: 2, append: 2 });
    expect(states.map((s) => s.id)).toEqual(ids);
    expect(await Promise.all(ids.map((id) => recordStub(env, id).getEvents()))).toEqual(before);
  });

  it("a record that moved since the line read it is still announced: the conflict names the new sequence", async () => {
    const hotel = phone(73);
    const settings = admitHotel(null, { phone: hotel, name: "Reads Inn" }, new Date().toISOString())!;
    const ids = await twoRecords(hotel);
    const seen = new Map(await Promise.all(ids.map(async (id) => [id, (await recordStub(env, id).getState())!.sequence] as const)));
    const moved: NewEvent = { event_type: "OperatorAction", data: { action: "note", actor: "test", note: "moved meanwhile" } };
    const r = await recordStub(env, ids[0]!).append([moved], seen.get(ids[0]!)!, { actor: "test" });
    expect(r.ok, JSON.stringify(r)).toBe(true);
    const { env: counted, calls } = countingEnv();
    const states = await announceCall(counted, settings, callFor(ids), new Map(), 60, new Date().toISOString(), seen);
    expect(calls.getState).toBe(0);
    expect(calls.append).toBe(3); // one conflict, then the append at the sequence it named
    expect(states.map((s) => s.status)).toEqual(["calling", "calling"]);
  });
});
