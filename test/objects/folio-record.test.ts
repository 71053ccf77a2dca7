// The event store in the FolioRecord DO, through its real SQLite, alarms and D1.
import { env } from "cloudflare:workers";
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createRecord, recordIdFor, recordStub } from "../../src/objects/folio-record/client";
import { eventually, recordInput } from "../helpers";
import { recordRequest } from "../../src/domain/record-input";

const input = (o: Record<string, unknown> = {}) => recordRequest("US").parse(recordInput(o));

async function newRecord(o: Record<string, unknown> = {}) {
  const id = await recordIdFor();
  const data = input(o);
  await createRecord(env, data, { recordId: id, actor: "test", inboundDomain: "folio.test" });
  return { id, data, stub: recordStub(env, id) };
}

async function d1Row(id: string) {
  return env.DB.prepare("SELECT status, sequence, attempts, pii_sealed FROM records WHERE id = ?1").bind(id).first<{ status: string; sequence: number; attempts: number; pii_sealed: string }>();
}

describe("FolioRecord event store", () => {
  it("appends with gapless sequences and notes each status change", async () => {
    const { stub } = await newRecord();
    const r = await stub.append([{ event_type: "RecordQueued", data: { hotel_phone: "+14155550100" } }], 1, { actor: "test" });
    expect(r.ok).toBe(true);
    const events = await stub.getEvents();
    expect(events.map((e) => [e.sequence, e.event_type])).toEqual([
      [1, "RecordCreated"],
      [2, "RecordQueued"],
      [3, "StatusUpdated"],
    ]);
    expect(events[2]!.causation_id).toBe(events[1]!.event_id);
    expect(events[2]!.data).toEqual({ from: "pending", to: "queued", cause: "RecordQueued" });
  });

  it("rejects a stale expected sequence and writes nothing", async () => {
    const { stub } = await newRecord();
    const r = await stub.append([{ event_type: "RecordQueued", data: { hotel_phone: "+14155550100" } }], 0, { actor: "test" });
    expect(r).toMatchObject({ ok: false, code: "conflict", currentSequence: 1 });
    expect((await stub.getEvents()).length).toBe(1);
  });

  it("returns the stored result for an event id it already has", async () => {
    const { stub } = await newRecord();
    const event = { event_id: crypto.randomUUID(), event_type: "RecordQueued" as const, data: { hotel_phone: "+14155550100" } };
    const first = await stub.append([event], 1, { actor: "test" });
    const again = await stub.append([event], 1, { actor: "test" });
    const stale = await stub.append([event], 0, { actor: "test" });
    expect(first.ok && again.ok && stale.ok).toBe(true);
    if (!first.ok || !again.ok || !stale.ok) return;
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.event_id)).toEqual(first.events.map((e) => e.event_id));
    expect(stale.events.map((e) => e.sequence)).toEqual([2, 3]);
    expect((await stub.getEvents()).length).toBe(3);
  });

  it("stores an event id once wherever it stands in a later batch, and appends only what is new", async () => {
    const { stub } = await newRecord();
    const op = (note: string) => ({ event_id: crypto.randomUUID(), event_type: "OperatorAction" as const, data: { action: "note", actor: "test", note } });
    const a = op("a");
    const b = op("b");
    const c = op("c");
    expect((await stub.append([a], 1, { actor: "test" })).ok).toBe(true);
    // A new event first, a stored one after it: only the new one is appended.
    const mixed = await stub.append([b, a], 2, { actor: "test" });
    expect(mixed).toMatchObject({ ok: true, duplicate: false });
    // Stored ones around a new one, against a stale sequence: a conflict, then on retry only `c`.
    expect(await stub.append([a, c, b], 2, { actor: "test" })).toMatchObject({ ok: false, code: "conflict", currentSequence: 3 });
    expect(await stub.append([a, c, b], 3, { actor: "test" })).toMatchObject({ ok: true, duplicate: false });
    // Every one of them stored: a replay whatever the sequence says.
    const replay = await stub.append([c, b, a], 0, { actor: "test" });
    expect(replay).toMatchObject({ ok: true, duplicate: true });
    const events = await stub.getEvents();
    expect(events.map((e) => [e.sequence, (e.data as { note?: string }).note ?? e.event_type])).toEqual([
      [1, "RecordCreated"],
      [2, "a"],
      [3, "b"],
      [4, "c"],
    ]);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
  });

  it("refuses a batch that carries one event id twice", async () => {
    const { stub } = await newRecord();
    const e = { event_id: crypto.randomUUID(), event_type: "OperatorAction" as const, data: { action: "note", actor: "test" } };
    expect(await stub.append([e, e], 1, { actor: "test" })).toMatchObject({ ok: false, code: "invalid" });
    expect((await stub.getEvents()).length).toBe(1);
  });

  it("rejects data that does not match the catalog", async () => {
    const { stub } = await newRecord();
    const r = await stub.append([{ event_type: "CallbackScheduled", data: { at: "tomorrow" } } as never], 1, { actor: "test" });
    expect(r).toMatchObject({ ok: false, code: "invalid" });
    expect((await stub.getEvents()).length).toBe(1);
  });

  it("creating the same record twice is a replay", async () => {
    const id = await recordIdFor("ext:dup-create");
    const data = input({ external_id: "dup-create" });
    const a = await createRecord(env, data, { recordId: id, actor: "test", inboundDomain: "folio.test" });
    const b = await createRecord(env, { ...data, guest_name: "Someone Else" }, { recordId: id, actor: "test", inboundDomain: "folio.test" });
    expect(a.created).toBe(true);
    expect(b).toEqual({ ...a, created: false });
    expect((await recordStub(env, id).getState())!.input.guest_name).toBe(data.guest_name);
  });

  it("keeps no plaintext PII in DO storage or in D1", async () => {
    const guest = "Zebulon Quixote-Marchetti";
    const conf = "PIICONF9931";
    const { id, stub } = await newRecord({ guest_name: guest, confirmation_number: conf, notes: "VIP guest Zebulon" });
    await stub.append([{ event_type: "FolioAgreed", data: { call_id: "CA1", said: `yes for ${guest}` } }], 1, { actor: "test" });
    await eventually(async () => ((await d1Row(id))?.sequence === 3 ? true : undefined));
    const dump = await runInDurableObject(env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id)), (_i, state) => {
      const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'").toArray();
      return JSON.stringify(tables.map((t) => state.storage.sql.exec(`SELECT * FROM "${t.name}"`).toArray()));
    });
    expect(dump).toContain("FolioAgreed"); // the tables were really read
    for (const secret of [guest, "Zebulon", conf]) expect(dump).not.toContain(secret);
    const d1 = JSON.stringify([
      (await env.DB.prepare("SELECT * FROM records WHERE id = ?1").bind(id).all()).results,
      (await env.DB.prepare("SELECT * FROM events WHERE aggregate_id = ?1").bind(id).all()).results,
    ]);
    expect(d1).toContain(id);
    for (const secret of [guest, "Zebulon", conf]) expect(d1).not.toContain(secret);
    expect((await stub.getState())!.input.guest_name).toBe(guest);
  });

  it("a read of an id that names no record leaves no storage behind", async () => {
    const id = await recordIdFor();
    const stub = recordStub(env, id);
    expect(await stub.getState()).toBeNull();
    expect(await stub.getEvents()).toEqual([]);
    const tables = await runInDurableObject(env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id)), (_i, s) =>
      s.storage.sql.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%'").toArray(),
    );
    expect(tables).toEqual([]);
  });

  it("survives eviction: state and log come back from storage", async () => {
    const { id, stub, data } = await newRecord();
    await evictDurableObject(env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id)));
    const state = await stub.getState();
    expect(state).toMatchObject({ id, status: "pending", sequence: 1 });
    expect(state!.input.guest_name).toBe(data.guest_name);
  });
});

describe("FolioRecord outbox and timers", () => {
  it("projects to D1 and sends RecordCreated to the scheduling queue (the hotel learns of it)", async () => {
    const phone = "+14155550177";
    const { id } = await newRecord({ hotel: { name: "Queue Inn", phone } });
    const row = await eventually(async () => (await d1Row(id)) ?? undefined);
    expect(row).toMatchObject({ status: "pending", sequence: 1 });
    const hotel = await eventually(async () => (await env.HOTEL_LINE.get(env.HOTEL_LINE.idFromName(phone)).getSettings()) ?? undefined);
    expect(hotel.name).toBe("Queue Inn");
  });

  it("keeps the projection when D1 fails, and catches up from the alarm", async () => {
    await env.DB.exec("ALTER TABLE records RENAME TO records_offline");
    let id = "";
    try {
      ({ id } = await newRecord());
      const stub = env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id));
      // The flush fails; the alarm (multiplexed with any timers) is armed for the retry.
      const alarm = await eventually(async () => runInDurableObject(stub, async (_i, s) => (await s.storage.getAlarm()) ?? undefined));
      expect(alarm).toBeGreaterThan(Date.now());
    } finally {
      await env.DB.exec("ALTER TABLE records_offline RENAME TO records");
    }
    expect(await d1Row(id)).toBeNull();
    const ran = await runDurableObjectAlarm(env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id)));
    expect(ran).toBe(true);
    expect(await d1Row(id)).toMatchObject({ status: "pending", sequence: 1 });
  });

  it("arms the one alarm at the earliest timer, and a due callback queues the record again", async () => {
    const { id, stub } = await newRecord();
    const at = new Date(Date.now() + 3_600_000).toISOString();
    await stub.append([{ event_type: "CallbackScheduled", data: { at } }], 1, { actor: "test" });
    const ns = env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id));
    await eventually(async () => ((await d1Row(id))?.status === "callback_scheduled" ? true : undefined));
    const alarm = await eventually(async () => {
      const a = await runInDurableObject(ns, (_i, s) => s.storage.getAlarm());
      return a === Date.parse(at) ? a : undefined;
    });
    expect(alarm).toBe(Date.parse(at));

    // A callback already due: the alarm appends RecordQueued and the status moves on.
    const due = new Date(Date.now() - 1000).toISOString();
    await stub.append([{ event_type: "CallbackScheduled", data: { at: due } }], 3, { actor: "test" });
    await runDurableObjectAlarm(ns);
    const state = await stub.getState();
    expect(state!.status).toBe("queued");
    expect((await stub.getEvents()).map((e) => e.event_type)).toContain("RecordQueued");
  });

  it("a folio wait times out into a reminder, and past the limit escalates", async () => {
    const { id, stub } = await newRecord();
    const longAgo = new Date(Date.now() - 25 * 3600_000).toISOString();
    await stub.append([{ event_type: "EmailRequested", data: { to: "frontdesk@grand.example" }, timestamp: longAgo }], 1, { actor: "test" });
    const ns = env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id));
    await runDurableObjectAlarm(ns);
    let state = await stub.getState();
    expect(state!.emails.timeouts).toBe(1);
    expect(state!.status).toBe("awaiting_folio");

    const old = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();
    await stub.append(
      [
        { event_type: "EmailTimeout", data: { waited_h: 24 }, timestamp: old(50) },
        { event_type: "EmailTimeout", data: { waited_h: 24 }, timestamp: old(26) },
      ],
      state!.sequence,
      { actor: "test" },
    );
    await runDurableObjectAlarm(ns);
    state = await stub.getState();
    expect(state!.status).toBe("escalated");
    expect(state!.escalation!.reason).toBe("no_folio_after_reminders");
  });
});
