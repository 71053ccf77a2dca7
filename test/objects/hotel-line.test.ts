// HotelLine in workerd: real queues, DOs, alarms. Calls go through the simulated carrier (a simulated
// hotel always uses it), so these tests need neither Twilio nor the folio personas' details.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { ClockSpec } from "../../src/domain/clock";
import type { SchedulingMessage } from "../../src/domain/record-reactions";
import { createRecord, recordIdFor, recordStub } from "../../src/objects/folio-record/client";
import { hotelStub } from "../../src/objects/hotel-line";
import { handleScheduling } from "../../src/queues/scheduling";
import { api, eventually, phone, recordInput, sleep } from "../helpers";

const NY = "America/New_York";

/** A simulated hotel on a clock that reads Tuesday 09:59 New York now, running `scale` times fast. */
async function simulatedHotel(phoneNumber: string, persona: string, scale = 1): Promise<{ clock: ClockSpec; tag: { campaign_id: string; persona: string; clock: ClockSpec } }> {
  const clock = { origin_real_ms: Date.now(), origin_sim_ms: Date.parse("2026-06-09T13:59:00Z"), scale };
  const tag = { campaign_id: `cmp_test_${phoneNumber.slice(-4)}_${Date.now()}`, persona, clock };
  await hotelStub(env, phoneNumber).admit({ phone: phoneNumber, name: "Line Hotel", email: "desk@line.example", timezone: NY }, [], tag);
  return { clock, tag };
}

async function simulatedRecord(phoneNumber: string, tag: { campaign_id: string; persona: string; clock: ClockSpec }, n: number): Promise<string> {
  const id = await recordIdFor(`${tag.campaign_id}:${n}`);
  const input = recordInput({ check_in: "2026-06-05", check_out: "2026-06-08", hotel: { name: "Line Hotel", phone: phoneNumber, email: "desk@line.example", timezone: NY } });
  await createRecord(env, input as never, { recordId: id, actor: "test", inboundDomain: "folio.test", simulation: tag });
  return id;
}

function batchOf(messages: SchedulingMessage[]): { batch: MessageBatch<SchedulingMessage>; acked: () => number } {
  let acked = 0;
  const batch = {
    queue: "folio-scheduling",
    messages: messages.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body, ack: () => void acked++, retry: () => {} })),
    ackAll: () => {},
    retryAll: () => {},
  } as unknown as MessageBatch<SchedulingMessage>;
  return { batch, acked: () => acked };
}

const initiated = async (id: string) => (await recordStub(env, id).getEvents()).filter((e) => e.event_type === "CallInitiated");

describe("HotelLine", () => {
  it("batches a hotel's due records into one call, and duplicate delivery and alarm retries place no second call", async () => {
    const hotel = phone(60);
    const { tag } = await simulatedHotel(hotel, "agrees", 60); // the window opens a simulated minute from now
    const ids = [await simulatedRecord(hotel, tag, 1), await simulatedRecord(hotel, tag, 2)];
    // The records' own RecordCreated messages arrive through the real queue; deliver them three more times.
    const states = await Promise.all(ids.map((id) => recordStub(env, id).getState()));
    const messages: SchedulingMessage[] = states.map((s) => ({ type: "record_created", record_id: s!.id, hotel: s!.input.hotel, check_out: s!.input.check_out, simulation: s!.simulation }));
    const line = env.HOTEL_LINE.get(env.HOTEL_LINE.idFromName(hotel));
    await Promise.all([
      ...[1, 2, 3].map(async () => {
        const { batch, acked } = batchOf(messages);
        await handleScheduling(env, batch);
        expect(acked()).toBe(2);
      }),
      runDurableObjectAlarm(line),
      runDurableObjectAlarm(line),
    ]);
    const calls = await eventually(async () => {
      const c = await hotelStub(env, hotel).calls();
      return c.length > 0 ? c : undefined;
    });
    expect(calls).toHaveLength(1);
    expect([...calls[0]!.record_ids].sort()).toEqual([...ids].sort());
    for (let i = 0; i < 3; i++) await runDurableObjectAlarm(line);
    await handleScheduling(env, batchOf(messages).batch);
    await sleep(300);
    expect((await hotelStub(env, hotel).calls()).length).toBe(1);
    for (const id of ids) {
      const calls = await initiated(id);
      expect(calls).toHaveLength(1);
      expect(calls[0]!.data).toMatchObject({ call_id: calls[0]!.data.call_id, to: hotel, attempt: 1 });
      const types = (await recordStub(env, id).getEvents()).map((e) => e.event_type);
      expect(types.indexOf("BatchCreated")).toBeLessThan(types.indexOf("CallInitiated"));
    }
    const row = await eventually(() =>
      env.DB.prepare("SELECT * FROM calls WHERE id = ?1")
        .bind(calls[0]!.call_id)
        .first<{ hotel_phone: string; campaign_id: string }>()
        .then((r) => r ?? undefined),
    );
    expect(row).toMatchObject({ hotel_phone: hotel, campaign_id: tag.campaign_id });
  });

  it("keeps a record that is not callable yet until its window, on the hotel's clock", async () => {
    const hotel = phone(61);
    const { tag } = await simulatedHotel(hotel, "agrees");
    const id = await recordIdFor(`${tag.campaign_id}:late`);
    // Check-out is Wednesday: callable from the first window starting after Wednesday noon, Thursday 10:00.
    const input = recordInput({ check_in: "2026-06-08", check_out: "2026-06-10", hotel: { name: "Line Hotel", phone: hotel, email: "desk@line.example", timezone: NY } });
    await createRecord(env, input as never, { recordId: id, actor: "test", inboundDomain: "folio.test", simulation: tag });
    const member = await eventually(async () => (await hotelStub(env, hotel).memberRows()).find((m) => m.record_id === id));
    expect(new Date(member.callable_at).toISOString()).toBe("2026-06-11T14:00:00.000Z");
    expect(member.state).toBe("waiting");
    await runDurableObjectAlarm(env.HOTEL_LINE.get(env.HOTEL_LINE.idFromName(hotel)));
    expect(await hotelStub(env, hotel).calls()).toEqual([]);
    expect((await recordStub(env, id).getState())!.status).toBe("pending");
  });

  it("calls now whatever the window says (202), and refuses a second call while one is in progress (409)", async () => {
    const hotel = phone(62);
    const { tag } = await simulatedHotel(hotel, "long_hold_then_agrees"); // a call that lasts a few seconds
    const id = await recordIdFor(`${tag.campaign_id}:now`);
    const input = recordInput({ check_in: "2026-06-08", check_out: "2026-06-12", hotel: { name: "Line Hotel", phone: hotel, email: "desk@line.example", timezone: NY } });
    await createRecord(env, input as never, { recordId: id, actor: "test", inboundDomain: "folio.test", simulation: tag });
    await eventually(async () => ((await hotelStub(env, hotel).members()).includes(id) ? true : undefined));
    // Two at once: placing is serialized, so exactly one call is placed.
    const [a, b] = await Promise.all([1, 2].map(() => api("POST", `/api/hotels/${encodeURIComponent(hotel)}/call`)));
    const r = a!.status === 202 ? a! : b!;
    const again = a!.status === 202 ? b! : a!;
    expect(r.status, r.text).toBe(202);
    expect(r.json.call_id).toMatch(/^call_[0-9a-f]{32}$/);
    expect(again.status, again.text).toBe(409);
    expect(again.json.error.details).toMatchObject({ reason: "call_in_progress", call_id: r.json.call_id });
    expect((await initiated(id))[0]!.data.call_id).toBe(r.json.call_id);
    expect((await api("POST", `/api/hotels/${encodeURIComponent(phone(63))}/call`)).status).toBe(404);
  });

  it("does not dial a hotel on the do-not-call list: each record asks by email, with the ledger's reason", async () => {
    const hotel = phone(66);
    expect((await api("PUT", `/api/contacts/${encodeURIComponent(hotel)}/dnd`, { json: { reason: "the hotel asked us to stop calling" } })).status).toBe(200);
    const { tag } = await simulatedHotel(hotel, "agrees");
    const id = await simulatedRecord(hotel, tag, 1);
    await eventually(async () => ((await hotelStub(env, hotel).members()).includes(id) ? true : undefined));
    const r = await api("POST", `/api/hotels/${encodeURIComponent(hotel)}/call`);
    expect(r.status, r.text).toBe(409);
    expect(r.json.error.details.reason).toBe("contact_blocked");
    const requested = await eventually(async () => (await recordStub(env, id).getEvents()).find((e) => e.event_type === "EmailRequested"));
    expect(requested.data).toMatchObject({ to: "desk@line.example", reason: "do_not_contact" });
    expect(await initiated(id)).toEqual([]);
    expect((await hotelStub(env, hotel).members()).includes(id)).toBe(false);
  });

  it("applies one report per call when the session's report and the lost-call give-up arrive together", async () => {
    const hotel = phone(65);
    const { tag } = await simulatedHotel(hotel, "long_hold_then_agrees"); // live for a few seconds
    const id = await simulatedRecord(hotel, tag, 1);
    const line = hotelStub(env, hotel);
    await eventually(async () => ((await line.members()).includes(id) ? true : undefined));
    const placed = await line.callNow();
    if (!placed.ok) throw new Error(JSON.stringify(placed));
    const report = (outcome: string, records: { id: string; outcome: string }[]) => ({ call_id: placed.call_id, outcome, ended_at: Date.now(), recording_key: null, records, summary: {} });
    // Applying a report awaits the records; the second must not read the call as still open meanwhile.
    const [first, second] = await Promise.all([line.callFinished(report("no_answer", [{ id, outcome: "no_answer" }])), line.callFinished(report("lost", []))]);
    expect([first.duplicate, second.duplicate]).toEqual([false, true]);
    expect((await line.calls()).find((c) => c.call_id === placed.call_id)).toMatchObject({ status: "ended", outcome: "no_answer" });
    const queued = (await recordStub(env, id).getEvents()).filter((e) => e.event_type === "RecordQueued" && (e.data as { callable_at?: string }).callable_at);
    expect(queued).toHaveLength(1);
  });

  it("retries a failed call 2 h later on the hotel's clock, and after the third attempt asks by email", async () => {
    const hotel = phone(64);
    const { tag } = await simulatedHotel(hotel, "no_such_persona"); // the carrier cannot dial it: every call fails
    const id = await simulatedRecord(hotel, tag, 1);
    await eventually(async () => ((await hotelStub(env, hotel).members()).includes(id) ? true : undefined));
    const line = hotelStub(env, hotel);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const r = await line.callNow();
      expect(r.ok, JSON.stringify(r)).toBe(true);
      await eventually(async () => ((await line.calls())[0]?.status === "ended" ? true : undefined));
      const m = (await line.memberRows()).find((x) => x.record_id === id)!;
      if (attempt < 3) {
        expect(m).toMatchObject({ state: "waiting", attempts: attempt });
        const queued = (await recordStub(env, id).getEvents()).filter((e) => e.event_type === "RecordQueued" && (e.data as { callable_at?: string }).callable_at);
        expect(queued).toHaveLength(attempt);
        // 2 h after the failed call, on the hotel's (here real-speed) clock; still inside Tuesday's window.
        expect(Date.parse((queued.at(-1)!.data as { callable_at: string }).callable_at) - m.retry_at!).toBe(0);
      } else {
        expect(m.state).toBe("done");
      }
    }
    const state = await eventually(async () => {
      const s = await recordStub(env, id).getState();
      return s?.status === "awaiting_folio" ? s : undefined;
    });
    expect(state.attempts).toBe(3);
    expect(state.emails.requested_to).toBe("desk@line.example");
    const requested = (await recordStub(env, id).getEvents()).filter((e) => e.event_type === "EmailRequested");
    expect(requested).toHaveLength(1);
    expect(requested[0]!.data).toMatchObject({ reason: "attempts_exhausted" });
  });
});

describe("the cron sweep", () => {
  it("re-admits a record whose line lost it, and pokes lines with calls gone quiet", async () => {
    const { runInDurableObject } = await import("cloudflare:test");
    const { sweep } = await import("../../src/queues/sweep");
    const hotel = phone(65);
    const created = await api("POST", "/api/records", { json: { records: [recordInput({ hotel: { name: "Sweep Inn", phone: hotel } })] } });
    expect(created.status, created.text).toBe(201);
    const id = created.json.records[0].id as string;
    await eventually(async () => ((await hotelStub(env, hotel).members()).includes(id) ? true : undefined));
    await eventually(() =>
      env.DB.prepare("SELECT id FROM records WHERE id = ?1")
        .bind(id)
        .first()
        .then((r) => r ?? undefined),
    );
    // An incident: the line lost the record, and nothing has moved for a day.
    await runInDurableObject(env.HOTEL_LINE.get(env.HOTEL_LINE.idFromName(hotel)), (_o, state) => {
      state.storage.sql.exec("DELETE FROM line_members WHERE record_id = ?", id);
    });
    expect(await hotelStub(env, hotel).members()).not.toContain(id);
    const tomorrow = new Date(Date.now() + 24 * 3600_000);
    tomorrow.setUTCMinutes(1); // the hourly part of the sweep
    const r = await sweep(env, tomorrow.getTime());
    expect(r.readmitted).toBeGreaterThanOrEqual(1);
    expect(await hotelStub(env, hotel).members()).toContain(id);
    // Idempotent: a second sweep admits nobody twice.
    await sweep(env, tomorrow.getTime());
    expect((await hotelStub(env, hotel).members()).filter((m) => m === id)).toHaveLength(1);
    // Later in the hour the sweep only looks at overdue callbacks.
    tomorrow.setUTCMinutes(30);
    expect(await sweep(env, tomorrow.getTime())).toMatchObject({ readmitted: 0, lines: 0 });
  });
});
