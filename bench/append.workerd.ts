// Appending one event inside the FolioRecord DO: validation, sealing, fold, one SQLite transaction.
// Timed inside the object (no RPC hop), one append after another, as a live call appends.
import { env } from "cloudflare:workers";
import { runInDurableObject } from "cloudflare:test";
import { it } from "vitest";
import { recordRequest } from "../src/domain/record-input";
import type { FolioRecord } from "../src/objects/folio-record";
import { createRecord, recordIdFor } from "../src/objects/folio-record/client";

const N = 1000;

it("append p50", async () => {
  const id = await recordIdFor();
  const input = recordRequest("US").parse({
    guest_name: "Bench Guest",
    confirmation_number: "B1",
    check_in: "2026-10-01",
    check_out: "2026-10-02",
    hotel: { name: "Bench Hotel", phone: "+14155550100" },
  });
  await createRecord(env, input, { recordId: id, actor: "bench", inboundDomain: "folio.test" });
  const stub = env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id));
  const samples = await runInDurableObject(stub, async (record: FolioRecord) => {
    const out: number[] = [];
    const start = performance.now();
    let seq = (await record.getState())!.sequence;
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const r = await record.append([{ event_type: "OperatorAction", data: { action: "note", actor: "bench" } }], seq, { actor: "bench" });
      out.push(performance.now() - t0);
      if (!r.ok) throw new Error(r.message);
      seq = r.state.sequence;
    }
    return { out, mean: (performance.now() - start) / N };
  });
  // workerd's clock has 1 ms steps, so the percentiles are coarse; the mean is exact over N.
  const sorted = samples.out.sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  console.log(`BENCH ${JSON.stringify({ append_event_ms: { p50: q(0.5), p95: q(0.95), p99: q(0.99), mean: Number(samples.mean.toFixed(3)), n: N, target_p50: 2 } })}`);
});
