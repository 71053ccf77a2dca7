// Faults, the fast sample (`npm run drill` runs more of each): queue messages delivered three times,
// Durable Objects aborted mid-append and mid-call, providers failing, D1 gone while projecting.
// Nothing lost or doubled, no second call or email, and a rebuild equals the live projections.
import { describe, expect, it } from "vitest";
import { faultViolations, runFaults, type FaultOptions } from "./faults/run";

const sample: FaultOptions = { emailRecords: 3, schedulingRecords: 3, appendRecords: 3, appendsPerRecord: 15, aborts: 3, abortedCalls: 1, faultyCalls: 1, d1Records: 2, lineRecords: 2, importRows: 5 };

describe("faults (sample)", () => {
  it("balance the books after every kind of fault", async () => {
    const r = await runFaults(sample);
    expect({ ledger: r.ledger, calls: r.calls, email: r.email.second_sends, rebuild: r.rebuild_equals_live }).toMatchObject({
      ledger: { lost: [], duplicated: [], gaps: [], unconverged: [] },
      calls: { not_agreed: [], second_dials: 0, not_hung_up: 0, resumed_streams: 1 },
      email: 0,
      rebuild: true,
    });
    expect(r.appends.aborts).toBe(3);
    expect(r.appends.retries).toBeGreaterThan(0); // the aborts did cut appends in flight
    expect(r.placing.calls).toBe(1); // the line did place its call, once
    expect(r.calls.hangup_requests).toBeGreaterThan(r.calls.runs); // the faulty call's hang-up was retried
    expect(r.d1.behind_during_outage).toBe(sample.d1Records); // D1 really was down for them
    expect(faultViolations(r, sample)).toEqual({ lost: 0, duplicated: 0, gaps: 0, unconverged: 0, second_emails: 0, second_calls: 0, dropped_calls: 0, unadmitted: 0, job_miscounted: 0 });
  }, 600_000);
});
