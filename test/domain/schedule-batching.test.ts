import { describe, expect, it } from "vitest";
import { defaultCallWindow } from "../../src/domain/hotel";
import { defaultBatchLimits, dueAt, estimateCallSeconds, memberReadyAt, planBatch, readyMembers, recordsPerCall, type LineMember } from "../../src/domain/schedule";

const L = defaultBatchLimits;
const W = defaultCallWindow;
const NY = "America/New_York";
const t = (s: string) => new Date(s);
const iso = (d: Date | null) => d?.toISOString() ?? null;
const NOW = t("2026-06-09T15:00:00Z"); // Tue 11:00 EDT
/** `n` due records, r0 the oldest; given out of order. */
const due = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, callableAt: new Date(NOW.getTime() - (n - i) * 60_000) })).reverse();

describe("estimateCallSeconds and capacity", () => {
  it("is a base plus a per-record time, 0 for no records", () => {
    expect([0, 1, 6, 8].map((n) => estimateCallSeconds(n))).toEqual([0, 150, 450, 570]);
    expect(estimateCallSeconds(2, { ...L, baseSeconds: 30, perRecordSeconds: 60 })).toBe(150);
  });
  it("with the defaults a call holds the 8-record cap (570 s); a shorter max duration binds first", () => {
    expect(recordsPerCall()).toBe(8);
    expect(recordsPerCall({ ...L, maxCallSeconds: 400 })).toBe(5);
    expect(recordsPerCall({ ...L, maxRecordsPerCall: 20, maxCallSeconds: 3600 })).toBe(20);
    expect(recordsPerCall({ ...L, maxRecordsPerCall: 3 })).toBe(3);
    expect(recordsPerCall({ ...L, maxCallSeconds: 60 })).toBe(1); // one never fits: still a call of one
  });
});

describe("planBatch", () => {
  it("takes the oldest due records up to the duration limit; the rest overflow, oldest first", () => {
    const plan = planBatch(due(10), NOW);
    expect(plan.callNow).toEqual(["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"]);
    expect(plan.overflow).toEqual(["r8", "r9"]);
    expect(plan.estimatedSeconds).toBe(570);
    expect(plan.estimatedSeconds).toBeLessThanOrEqual(L.maxCallSeconds);
  });
  it("stops at max records per call when the duration allows more", () => {
    const plan = planBatch(due(10), NOW, { ...L, maxCallSeconds: 3600 });
    expect(plan.callNow).toHaveLength(8);
    expect(plan.overflow).toEqual(["r8", "r9"]);
    expect(plan.estimatedSeconds).toBe(570);
  });
  it("records not yet callable are neither called nor overflow; callable exactly now is due", () => {
    const plan = planBatch(
      [
        { id: "future", callableAt: new Date(NOW.getTime() + 1) },
        { id: "now", callableAt: NOW },
        { id: "bad", callableAt: new Date(Number.NaN) },
      ],
      NOW,
    );
    expect(plan).toEqual({ callNow: ["now"], overflow: [], later: ["future", "bad"], estimatedSeconds: 150 });
  });
  it("equal times are ordered by id; a record listed twice counts once", () => {
    const at = t("2026-06-08T14:00:00Z");
    const plan = planBatch(
      [
        { id: "b", callableAt: at },
        { id: "a", callableAt: at },
        { id: "b", callableAt: at },
      ],
      NOW,
    );
    expect(plan.callNow).toEqual(["a", "b"]);
    expect(plan.estimatedSeconds).toBe(210);
  });
  it("a record the hotel asked to be called back about goes first, even when newest", () => {
    const plan = planBatch([...due(8), { id: "cb", callableAt: NOW, callback: true }], NOW);
    expect(plan.callNow[0]).toBe("cb");
    expect(plan.callNow).toHaveLength(8);
    expect(plan.overflow).toEqual(["r7"]);
  });
  it("nothing due → an empty plan", () => {
    expect(planBatch([], NOW)).toEqual({ callNow: [], overflow: [], later: [], estimatedSeconds: 0 });
  });
});

describe("dueAt: when the hotel line wakes up", () => {
  const yesterday = t("2026-06-08T14:00:00Z");
  it("no members → no alarm", () => {
    expect(dueAt([], NOW, W, NY)).toBeNull();
  });
  it("a callable member inside the window → now; outside it → the next window", () => {
    expect(iso(dueAt([{ id: "a", callableAt: yesterday }], NOW, W, NY))).toBe(iso(NOW));
    expect(iso(dueAt([{ id: "a", callableAt: yesterday }], t("2026-06-09T20:00:00Z"), W, NY))).toBe("2026-06-10T14:00:00.000Z");
    expect(iso(dueAt([{ id: "a", callableAt: yesterday }], t("2026-06-12T20:00:00Z"), W, NY))).toBe("2026-06-15T14:00:00.000Z"); // Fri → Mon
  });
  it("a member not callable yet wakes the line at its callableAt", () => {
    expect(iso(dueAt([{ id: "a", callableAt: t("2026-06-11T14:00:00Z") }], NOW, W, NY))).toBe("2026-06-11T14:00:00.000Z");
  });
  it("a retry time holds a member back; the earliest member wins", () => {
    const members: LineMember[] = [
      { id: "a", callableAt: yesterday, retryAt: t("2026-06-09T17:00:00Z") },
      { id: "b", callableAt: t("2026-06-10T14:00:00Z") },
    ];
    expect(iso(dueAt(members, NOW, W, NY))).toBe("2026-06-09T17:00:00.000Z");
    expect(iso(memberReadyAt({ id: "c", callableAt: yesterday, retryAt: t("2026-06-09T19:30:00Z") }, NOW, W, NY))).toBe("2026-06-10T14:00:00.000Z");
  });
  it("a callback is kept at the hotel's stated time, even outside the window", () => {
    const cb: LineMember = { id: "cb", callableAt: yesterday, retryAt: t("2026-06-10T14:00:00Z"), callbackAt: t("2026-06-09T21:00:00Z") }; // 17:00 EDT
    expect(iso(dueAt([cb, { id: "x", callableAt: t("2026-06-10T14:00:00Z") }], t("2026-06-09T20:00:00Z"), W, NY))).toBe("2026-06-09T21:00:00.000Z");
    expect(iso(dueAt([{ ...cb, callbackAt: t("2026-06-13T14:00:00Z") }], NOW, W, NY))).toBe("2026-06-13T14:00:00.000Z"); // a Saturday
  });
  it("a callback missed by more than the grace falls back to the window", () => {
    const cb: LineMember = { id: "cb", callableAt: yesterday, callbackAt: t("2026-06-09T21:00:00Z") };
    expect(iso(memberReadyAt(cb, t("2026-06-09T21:20:00Z"), W, NY))).toBe("2026-06-09T21:20:00.000Z");
    expect(iso(memberReadyAt(cb, t("2026-06-09T22:00:00Z"), W, NY))).toBe("2026-06-10T14:00:00.000Z");
    expect(iso(memberReadyAt(cb, t("2026-06-09T22:00:00Z"), W, NY, { callbackGraceMinutes: 90 }))).toBe("2026-06-09T22:00:00.000Z");
  });
  it("readyMembers at the due time feeds planBatch: the callback first, out-of-window members left out", () => {
    const members: LineMember[] = [
      { id: "old", callableAt: yesterday },
      { id: "cb", callableAt: t("2026-06-09T14:00:00Z"), callbackAt: t("2026-06-09T21:00:00Z") },
    ];
    const at = dueAt(members, t("2026-06-09T20:00:00Z"), W, NY)!;
    expect(planBatch(readyMembers(members, at, W, NY), at).callNow).toEqual(["cb"]);
    expect(planBatch(readyMembers(members, NOW, W, NY), NOW).callNow).toEqual(["old"]); // callback not due yet at 11:00
    const inWindow = { ...members[1]!, callbackAt: t("2026-06-09T15:00:00Z") };
    expect(planBatch(readyMembers([members[0]!, inWindow], NOW, W, NY), NOW).callNow).toEqual(["cb", "old"]);
  });
});
