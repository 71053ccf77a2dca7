// The engine's shared line, reused by a product that is not Folio: the refill product's reminder line
// (reminder-line.ts) is the engine's dialler with the product's plan. It places two calls at once, the
// next when one ends, skips a prescription with no refills left, gives a silent call up as lost and
// ends a refused dial at once, and each call's end becomes the product's own event.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { StoredEvent } from "../../../src/engine/aggregate/definition";
import { deskStub } from "./refill-desk";
import { ledgerStub } from "../../../src/engine/messaging/stubs";
import { remindersStub } from "./reminder-line";

async function file(id: string, refills: number): Promise<void> {
  const r = await deskStub(env, id).append([{ event_type: "PrescriptionFiled", data: { medication: "metformin", refills_left: refills } }], 0, { actor: "test", id });
  expect(r.ok).toBe(true);
}

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ended = async (id: string) => ((await deskStub(env, id).getEvents()) as unknown as StoredEvent[]).filter((e) => e.event_type === "RefillCallEnded").map((e) => e.data);
const report = (call_id: string, outcome: string) => ({ call_id, outcome, ended_at: Date.now(), recording_key: null, records: [], summary: {} });

describe("a product's line on the engine's dialler", () => {
  it("calls two patients at once, the next when a call ends, and skips one with no refills left", async () => {
    for (const id of ["rx_a1", "rx_a2", "rx_a3"]) await file(id, 1);
    await file("rx_a4", 0);
    const line = remindersStub(env, "pharmacy-a");
    await line.setUp({ concurrency: 2, lostAfterMs: 60_000, maxCallSeconds: 600 });
    await line.admit(["rx_a1", "rx_a2", "rx_a3", "rx_a4"]);

    // The alarm places as many calls as the line may have at once, one patient each, oldest first.
    let journal = await until(
      () => line.journal(),
      (j) => j.dialled.length >= 2,
      "two calls",
    );
    expect(journal.dialled.map((d) => d.members)).toEqual([["rx_a1"], ["rx_a2"]]);
    const [first, second] = journal.dialled.map((d) => d.call_id) as [string, string];
    expect(journal.prepared).toEqual([first, second]);
    expect(await line.callNow()).toEqual({ ok: false, code: "call_in_progress", call_id: first });

    // One call ends: the patient is settled, the call's end is the prescription's event, the next is dialled.
    expect(await line.callFinished(report(first, "agreed"))).toEqual({ ok: true, duplicate: false });
    expect(await line.callFinished(report(first, "agreed"))).toEqual({ ok: true, duplicate: true });
    expect(await ended("rx_a1")).toEqual([{ call_id: first, outcome: "agreed" }]);
    journal = await until(
      () => line.journal(),
      (j) => j.dialled.length >= 3,
      "the third call",
    );
    expect(journal.dialled[2]!.members).toEqual(["rx_a3"]);
    expect((await line.calls()).filter((c) => c.status !== "ended")).toHaveLength(2);

    // Both end; the last patient has no refill left, so the line lets them go without a call.
    await line.callFinished(report(second, "agreed"));
    await line.callFinished(report(journal.dialled[2]!.call_id, "agreed"));
    const members = await until(
      () => line.members(),
      (ms) => ms.every((m) => m.state === "done"),
      "every patient done",
    );
    expect(members.find((m) => m.record_id === "rx_a4")!.attempts).toBe(0);
    expect((await line.journal()).dialled).toHaveLength(3);
    expect(await line.callNow()).toEqual({ ok: false, code: "nothing_to_call" });
    expect((await line.journal()).changes.filter((c) => c.startsWith(first))).toEqual([`${first}:dialing`, `${first}:live`, `${first}:ended`]);
  });

  it("gives a call that never reports up as lost, and keeps its patient for a later call", async () => {
    await file("rx_b1", 2);
    const line = remindersStub(env, "pharmacy-b");
    await line.setUp({ concurrency: 1, lostAfterMs: 0, maxCallSeconds: 1 });
    await line.admit(["rx_b1"]);
    const { dialled } = await until(
      () => line.journal(),
      (j) => j.dialled.length === 1,
      "the call",
    );
    const calls = await until(
      () => line.calls(),
      (cs) => cs[0]?.status === "ended",
      "the lost-call watch",
    );
    expect(calls[0]).toMatchObject({ call_id: dialled[0]!.call_id, outcome: "lost" });
    const [member] = await line.members();
    expect(member).toMatchObject({ record_id: "rx_b1", state: "waiting", attempts: 1 });
    expect(member!.retry_at).toBeGreaterThan(Date.now());
    expect(await ended("rx_b1")).toEqual([{ call_id: dialled[0]!.call_id, outcome: "lost" }]);
    // The session's own report arriving after the give-up changes nothing.
    expect(await line.callFinished(report(dialled[0]!.call_id, "agreed"))).toEqual({ ok: true, duplicate: true });
  });

  it("ends a refused dial at once, and 'call now' places the patient's next call whatever its retry time", async () => {
    await file("rx_c1", 1);
    const line = remindersStub(env, "pharmacy-c");
    await line.setUp({ concurrency: 1, lostAfterMs: 60_000, maxCallSeconds: 600 });
    await line.refuseDialling("rx_c1");
    await line.admit(["rx_c1"]);
    const calls = await until(
      () => line.calls(),
      (cs) => cs[0]?.status === "ended",
      "the refused call",
    );
    expect(calls[0]!.outcome).toBe("failed");
    expect(await ended("rx_c1")).toEqual([{ call_id: calls[0]!.call_id, outcome: "failed" }]);
    const [member] = await line.members();
    expect(member).toMatchObject({ state: "waiting", attempts: 1 });
    expect(member!.retry_at).toBeGreaterThan(Date.now());

    const forced = await line.callNow();
    expect(forced.ok).toBe(true);
    expect((await line.members())[0]!.attempts).toBe(2);
  });

  it("asks the contact ledger before dialling: a patient on the do-not-call list is not called, and the product is told why", async () => {
    for (const id of ["rx_d1", "rx_d2"]) await file(id, 1);
    await ledgerStub(env).setDoNotContact("+14155550161", "the patient asked not to be called", "test");
    const line = remindersStub(env, "pharmacy-d");
    await line.setUp({ concurrency: 1, lostAfterMs: 60_000, maxCallSeconds: 600 });
    await line.admit(["rx_d1"], { rx_d1: "+14155550161" });
    const journal = await until(
      () => line.journal(),
      (j) => j.blocked.length > 0,
      "the blocked member",
    );
    expect(journal.blocked).toEqual(["rx_d1:do_not_contact"]);
    expect(journal.dialled).toEqual([]);
    expect((await line.members())[0]).toMatchObject({ record_id: "rx_d1", state: "done" });

    // Another patient, not on the list, is called as usual.
    await line.admit(["rx_d2"], { rx_d2: "+14155550162" });
    await until(
      () => line.journal(),
      (j) => j.dialled.length === 1,
      "the call to the other patient",
    );
  });
});
