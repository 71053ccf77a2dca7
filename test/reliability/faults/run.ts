// The fault drill: each scenario, then the books for every record it touched, then a rebuild that
// must equal the live projections.
import { agreedCall, abortMidAppend, d1Outage, emailTriple, importTriple, placedCallTriple, schedulingTriple } from "./scenarios";
import { balance, rebuildEqualsLive, type Ledger } from "./ledger";

export interface FaultOptions {
  emailRecords: number;
  schedulingRecords: number;
  appendRecords: number;
  appendsPerRecord: number;
  aborts: number;
  abortedCalls: number;
  faultyCalls: number;
  d1Records: number;
  /** Records on a hotel line that really places a call while its messages arrive three times. */
  lineRecords: number;
  /** Lines of a CSV import whose chunk message arrives three more times. */
  importRows: number;
}

export interface FaultReport {
  ledger: Ledger;
  email: { records: number; second_sends: number; acked: number; retried: number };
  scheduling: { records: number; members: number; duplicate_members: number; calls_placed: number };
  placing: { records: number; calls: number; records_initiated_not_once: number };
  imports: { rows: number; job_total: number; job_done: number; created_twice: number; missing: number };
  appends: { records: number; events: number; retries: number; aborts: number };
  calls: { runs: number; not_agreed: string[]; second_dials: number; not_hung_up: number; hangup_requests: number; resumed_streams: number };
  d1: { records: number; behind_during_outage: number };
  rebuild_equals_live: boolean;
  ms: number;
}

export async function runFaults(o: FaultOptions): Promise<FaultReport> {
  const started = Date.now();
  const intended = new Map<string, string[]>();
  const once = new Map<string, Record<string, number>>();
  const all: string[] = [];

  const email = await emailTriple(o.emailRecords);
  all.push(...email.ids);
  for (const id of email.ids) once.set(id, { EmailSent: 1, EmailComposed: 1 });

  const sched = await schedulingTriple(o.schedulingRecords);
  all.push(...sched.ids);

  const imported = await importTriple(o.importRows);
  all.push(...imported.ids);
  for (const id of imported.ids) once.set(id, { RecordCreated: 1 });

  const placed = await placedCallTriple(o.lineRecords, "+14155550197");
  all.push(...placed.ids);
  for (const id of placed.ids) once.set(id, { CallInitiated: 1, BatchCreated: 1 });

  const appends = await abortMidAppend(o.appendRecords, o.appendsPerRecord, o.aborts);
  all.push(...appends.ids);
  for (const [id, want] of appends.intended) intended.set(id, want);

  const runs = [];
  for (let i = 0; i < o.abortedCalls; i++) runs.push(await agreedCall({ abortAfterQuestion: true }));
  for (let i = 0; i < o.faultyCalls; i++) {
    runs.push(
      await agreedCall({
        faults: async (f) => {
          // Provider HTTP 5xx and 429, a reset connection, a dropped realtime socket, a timeout; and
          // the Twilio REST API failing the hang-up once with a 503 and once with a reset.
          await f.openai.fail("chat", { kind: "status", status: 500 }, { kind: "status", status: 429, retryAfterMs: 50 }, { kind: "timeout" });
          await f.openai.fail("speech", { kind: "network" }, { kind: "status", status: 503 });
          await f.openai.fail("realtime", { kind: "drop" });
          await f.rest.fail({ kind: "status", status: 503 }, { kind: "network" });
        },
      }),
    );
  }
  for (const r of runs) {
    all.push(...r.recordIds);
    for (const id of r.recordIds) once.set(id, { CallEnded: 1, FolioAgreed: 1, CallInitiated: 1 });
  }

  const d1 = await d1Outage(o.d1Records, 3);
  all.push(...d1.ids);
  for (const [id, want] of d1.intended) intended.set(id, want);

  const ledger = await balance(all, { intended, once: (id) => once.get(id) ?? {} });
  const rebuild = await rebuildEqualsLive(all);
  return {
    ledger,
    email: { records: email.ids.length, second_sends: Object.values(email.sends).filter((c) => c !== 1).length, acked: email.acked, retried: email.retried },
    scheduling: { records: sched.ids.length, members: sched.members, duplicate_members: sched.duplicateMembers, calls_placed: sched.calls },
    placing: { records: placed.ids.length, calls: placed.calls, records_initiated_not_once: Object.values(placed.initiated).filter((c) => c !== 1).length },
    imports: {
      rows: o.importRows,
      job_total: imported.job.total,
      job_done: imported.job.done,
      created_twice: imported.createdTwice,
      missing: imported.missing,
    },
    appends: { records: appends.ids.length, events: o.appendRecords * o.appendsPerRecord, retries: appends.retries, aborts: appends.aborted },
    calls: {
      runs: runs.length,
      not_agreed: runs.filter((r) => r.outcome !== "agreed").map((r) => `${r.callId}: ${r.outcome}`),
      second_dials: runs.filter((r) => r.dials > 0).length,
      // A hang-up that failed is retried (the same request, idempotent at Twilio); never none.
      not_hung_up: runs.filter((r) => r.hangups === 0).length,
      hangup_requests: runs.reduce((a, r) => a + r.hangups, 0),
      resumed_streams: runs.filter((r) => r.streams > 1).length,
    },
    d1: { records: d1.ids.length, behind_during_outage: d1.behindDuringOutage },
    rebuild_equals_live: rebuild.equal,
    ms: Date.now() - started,
  };
}

export function faultViolations(r: FaultReport, o: FaultOptions): Record<string, number> {
  return {
    lost: r.ledger.lost.length + r.imports.missing,
    duplicated: r.ledger.duplicated.length + r.scheduling.duplicate_members + r.imports.created_twice + (r.imports.job_done > r.imports.rows ? 1 : 0),
    gaps: r.ledger.gaps.length,
    unconverged: r.ledger.unconverged.length + (r.rebuild_equals_live ? 0 : 1),
    second_emails: r.email.second_sends,
    second_calls: r.calls.second_dials + r.scheduling.calls_placed + Math.max(0, r.placing.calls - 1) + r.placing.records_initiated_not_once,
    dropped_calls: r.calls.not_agreed.length + r.calls.not_hung_up,
    unadmitted: o.schedulingRecords - r.scheduling.members,
    job_miscounted: r.imports.job_total === o.importRows && r.imports.job_done === o.importRows ? 0 : 1,
  };
}
