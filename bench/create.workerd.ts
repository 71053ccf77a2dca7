import { env } from "cloudflare:workers";
import { it } from "vitest";
import { recordRequest } from "../src/domain/record-input";
import { createRecord, recordIdFor } from "../src/objects/folio-record/client";
import { mapLimit } from "../src/platform/concurrency";

it("create throughput", async () => {
  const input = recordRequest("US").parse({ guest_name: "G", confirmation_number: "B1", check_in: "2026-10-01", check_out: "2026-10-02", hotel: { name: "H", phone: "+14155550100" } });
  for (const conc of [1, 25]) {
    const N = 300;
    const t0 = performance.now();
    await mapLimit(Array.from({ length: N }), conc, async () => createRecord(env, input, { recordId: await recordIdFor(), actor: "b", inboundDomain: "x.test" }));
    const ms = performance.now() - t0;
    console.log(`BENCH ${JSON.stringify({ [`create_c${conc}_per_s`]: Math.round(N / (ms / 1000)) })}`);
  }
});
