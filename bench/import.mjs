// Importing 100,000 CSV rows through the real local stack (wrangler dev: workerd, local D1, DOs,
// Queues), from the request until every record is created and projected in D1.
import { ADMIN_KEY as KEY, startDev, waitFor } from "../scripts/dev-server.mjs";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS || 100_000);
const PORT = Number(process.env.BENCH_PORT || 8791);
const STATE = process.env.BENCH_STATE_DIR || ".wrangler/bench-state";
// How long to wait for the records to be projected before reporting what was done by then.
const WAIT_S = Number(process.env.BENCH_IMPORT_WAIT_S || 300);
let base = "";

function csv(n) {
  const lines = ["external_id,guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone,hotel_email,hotel_timezone"];
  for (let i = 0; i < n; i++) {
    const h = i % 2000;
    lines.push(`bench-${i},Guest ${i},C${100000 + i},2026-10-01,2026-10-03,Hotel ${h},+1415555${String(1000 + (h % 9000)).padStart(4, "0")},desk${h}@hotel.example,America/New_York`);
  }
  return `${lines.join("\n")}\n`;
}

async function projected() {
  const text = await (await fetch(`${base}/metrics`)).text();
  return [...text.matchAll(/^folio_records\{status="[a-z_]+"\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
}

export async function benchImport() {
  // No simulated calls: the import is what is measured, not 2,000 hotels being rung.
  const dev = await startDev({ port: PORT, state: STATE, vars: ["SIMULATION:off"] });
  base = dev.base;
  try {
    const body = csv(ROWS);
    const t0 = Date.now();
    const res = await fetch(`${base}/api/records/import`, { method: "POST", headers: { authorization: `Bearer ${KEY}`, "content-type": "text/csv" }, body });
    const accepted = await res.json();
    const tAccepted = Date.now();
    if (res.status !== 202 || accepted.imported !== ROWS) throw new Error(`import refused: ${res.status} ${JSON.stringify(accepted).slice(0, 300)}`);
    const done = await waitFor(async () => ((await projected()) >= ROWS ? true : undefined), WAIT_S * 1000, 1000);
    const t1 = Date.now();
    const count = await projected();
    return {
      import_rows: ROWS,
      import_accept_ms: tAccepted - t0,
      import_total_s: Number(((t1 - t0) / 1000).toFixed(1)),
      import_wait_cap_s: WAIT_S,
      import_rows_per_s: Math.round(count / ((t1 - t0) / 1000)),
      import_projected: count,
      import_completed: Boolean(done),
      import_target_s: 60,
    };
  } finally {
    dev.stop();
  }
}
