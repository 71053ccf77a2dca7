// Faults, full size: every queue message three times, Durable Objects aborted mid-append (five times
// over 300 appends) and mid-call, providers failing (5xx, 429, timeouts, reset connections, a
// dropped realtime socket), D1 gone while projecting. Then the books: nothing lost or doubled, no
// second call or email, projections converged, and a rebuild equal to the live state.
import { describe, expect, it } from "vitest";
import { faultViolations, runFaults, type FaultOptions } from "../test/reliability/faults/run";
import { report } from "./report";

const full: FaultOptions = {
  emailRecords: 20,
  schedulingRecords: 12,
  appendRecords: 12,
  appendsPerRecord: 25,
  aborts: 8,
  abortedCalls: 2,
  faultyCalls: 2,
  d1Records: 10,
  lineRecords: 4,
  importRows: 50,
};

describe("drill: faults", () => {
  it("balances the books after every kind of fault", async () => {
    const r = await runFaults(full);
    const violations = faultViolations(r, full);
    report("faults", {
      records: r.ledger.records,
      events_checked: r.ledger.events,
      email: r.email,
      scheduling: r.scheduling,
      placing: r.placing,
      imports: r.imports,
      appends: r.appends,
      calls: { runs: r.calls.runs, resumed_streams: r.calls.resumed_streams, hangup_requests: r.calls.hangup_requests },
      d1_outage: r.d1,
      rebuild_equals_live: r.rebuild_equals_live,
      seconds: Math.round(r.ms / 1000),
      violations,
      details: {
        lost: r.ledger.lost.slice(0, 20),
        duplicated: r.ledger.duplicated.slice(0, 20),
        gaps: r.ledger.gaps.slice(0, 20),
        unconverged: r.ledger.unconverged.slice(0, 20),
        not_agreed: r.calls.not_agreed,
      },
    });
    expect(violations).toEqual({ lost: 0, duplicated: 0, gaps: 0, unconverged: 0, second_emails: 0, second_calls: 0, dropped_calls: 0, unadmitted: 0, job_miscounted: 0 });
  });
});
