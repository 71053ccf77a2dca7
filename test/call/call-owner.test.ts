// A call reports its end to whoever placed it (CallSession.prepare's owner), found by type in the
// registry the shell fills (src/objects/call-owners.ts). Here the owner is a type only this test
// registers: the session knows nothing of it but its name. Delivery is at least once (a failed report is
// retried by the alarm), and an owner ignores a report it already has, as HotelLine does.
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CallOwners } from "../../src/engine/call-owner";
import type { CallReport } from "../../src/engine/call-report";
import { callOwners } from "../../src/objects/call-owners";
import { ownerRefOf } from "../../src/objects/call-session/owner-report";
import { callStub, prepareCall, recordEvents, untilCall } from "./helpers";

/** Owners of the test's type, by id: the reports each took (a redelivery is ignored) and how often it was asked. */
const owners = new Map<string, { reports: CallReport[]; asked: number; failNext: boolean }>();
const ownerOf = (id: string) => owners.get(id) ?? owners.set(id, { reports: [], asked: 0, failNext: false }).get(id)!;

callOwners.register("test-owner", () => (id) => ({
  async callFinished(report) {
    const o = ownerOf(id);
    o.asked++;
    if (o.failNext) {
      o.failNext = false;
      throw new Error("the owner is not there right now");
    }
    if (!o.reports.some((r) => r.call_id === report.call_id)) o.reports.push(report);
  },
}));

describe("a call's owner", () => {
  it("gets the call's report once every record has its CallEnded, at least once, and takes it once", async () => {
    const ownerId = `owner_${crypto.randomUUID()}`;
    ownerOf(ownerId).failNext = true; // the first delivery fails: the alarm delivers it again
    const { callId, recordIds } = await prepareCall({ records: 2, owner: { type: "test-owner", id: ownerId } });
    await callStub(callId).twilioStatus(callId, { status: "no-answer" });
    await untilCall(callId, (s) => s.state?.finalized === true && s.outbox_pending === 0, 20_000, "the end");
    expect(ownerOf(ownerId)).toMatchObject({ asked: 1, reports: [] });
    await runDurableObjectAlarm(callStub(callId));
    const o = ownerOf(ownerId);
    expect(o.reports).toHaveLength(1);
    expect(o.reports[0]).toMatchObject({ call_id: callId, outcome: "no_answer", records: recordIds.map((id) => ({ id, outcome: "no_answer" })) });
    for (const id of recordIds) expect((await recordEvents(id)).filter((e) => e.event_type === "CallEnded")).toHaveLength(1);
    // Reported: the session asks no more, whatever wakes it.
    await runDurableObjectAlarm(callStub(callId));
    await callStub(callId).twilioStatus(callId, { status: "completed" });
    expect(ownerOf(ownerId).asked).toBe(2);
  });

  it("keeps the first owner named when a call is prepared again", async () => {
    const first = `owner_${crypto.randomUUID()}`;
    const { callId, recordIds } = await prepareCall({ owner: { type: "test-owner", id: first } });
    await callStub(callId).prepare(callId, { record_ids: recordIds, owner: { type: "test-owner", id: "someone_else" } });
    await callStub(callId).twilioStatus(callId, { status: "busy" });
    await untilCall(callId, (s) => s.state?.finalized === true && s.outbox_pending === 0, 20_000, "the end");
    expect(ownerOf(first).reports.map((r) => r.call_id)).toEqual([callId]);
    expect(owners.has("someone_else")).toBe(false);
  });

  it("a call nobody owns (inbound) ends without a report and without retrying one", async () => {
    const { callId } = await prepareCall();
    await callStub(callId).twilioStatus(callId, { status: "no-answer" });
    await untilCall(callId, (s) => s.state?.finalized === true && s.outbox_pending === 0, 20_000, "the end");
    await runInDurableObject(callStub(callId), (_o, state) => state.storage.setAlarm(Date.now() + 60_000));
    expect(await runDurableObjectAlarm(callStub(callId))).toBe(true);
    // Finalized, delivered, nobody to tell: the alarm is not armed again for a report.
    await runInDurableObject(callStub(callId), async (_o, state) => {
      expect(state.storage.kv.get("reported")).toBeUndefined();
      expect(await state.storage.getAlarm()).toBeNull();
    });
  });

  it("a hotel phone stored before owners had types still names that hotel's line", () => {
    expect(ownerRefOf("+14155550142")).toEqual({ type: "hotel-line", id: "+14155550142" });
    expect(ownerRefOf({ type: "test-owner", id: "x" })).toEqual({ type: "test-owner", id: "x" });
    expect(ownerRefOf(undefined)).toBeNull();
    expect(ownerRefOf({ type: "", id: "x" })).toBeNull();
  });

  it("the registry refuses two owner types under one name", () => {
    const registry = new CallOwners();
    const factory = () => () => ({ callFinished: async () => {} });
    registry.register("line", factory);
    registry.register("line", factory);
    expect(() => registry.register("line", () => () => ({ callFinished: async () => {} }))).toThrow(/two call owners/);
    expect(registry.resolve(env, { type: "unknown", id: "x" })).toBeNull();
  });
});
