// Folding 10,000 events with the pure reducer, as a cold DO or a rebuild does. Runs in Node: the
// reducer is pure CPU, and workerd's clock is too coarse to time it there.
import { foldEvents } from "../src/domain/record-state";
import type { DomainEvent } from "../src/domain/events";

const N = 10_000;
const meta = { actor: "bench", service: "bench", version: "1" };
let seq = 0;
const ev = (event_type: string, data: unknown): DomainEvent =>
  ({
    event_id: crypto.randomUUID(),
    event_type,
    aggregate_id: "rec_bench",
    aggregate_type: "FolioRecord",
    sequence: ++seq,
    timestamp: new Date(Date.UTC(2026, 9, 1, 0, 0, seq)).toISOString(),
    correlation_id: null,
    causation_id: null,
    data,
    metadata: meta,
  }) as DomainEvent;

const events: DomainEvent[] = [
  ev("RecordCreated", {
    input: { guest_name: "Bench", confirmation_number: "B1", check_in: "2026-10-01", check_out: "2026-10-02", hotel: { name: "H", phone: "+14155550100" } },
    reply_token: "t",
    reply_to: "folios+t@folio.test",
  }),
];
const cycle = [
  () => ev("RecordQueued", { hotel_phone: "+14155550100" }),
  () => ev("CallInitiated", { call_id: `CA${seq}`, to: "+14155550100" }),
  () => ev("IVRDetected", { call_id: `CA${seq}` }),
  () => ev("HumanDetected", { call_id: `CA${seq}` }),
  () => ev("CallEnded", { call_id: `CA${seq}`, outcome: "no_answer" }),
  () => ev("OperatorAction", { action: "note", actor: "bench" }),
];
while (events.length < N) events.push(cycle[events.length % cycle.length]!());

const runs: number[] = [];
for (let i = 0; i < 30; i++) {
  const t0 = performance.now();
  const state = foldEvents(events);
  runs.push(performance.now() - t0);
  if (state?.sequence !== N) throw new Error("fold did not reach the last event");
}
runs.sort((a, b) => a - b);
console.log(`BENCH ${JSON.stringify({ fold_10k_events_ms: { p50: Number(runs[15]!.toFixed(2)), max: Number(runs.at(-1)!.toFixed(2)), target: 100 } })}`);
