// A simulated campaign through the real local stack (issue 4): POST /api/dev/simulate, then wait until
// every record is where its persona should leave it. Reports the wall time, the end states, and the
// LLM calls per completed folio (each call's CallEnded.llm_calls, counted once per call).
import { ADMIN_KEY, startDev, waitFor } from "../scripts/dev-server.mjs";

const RECORDS = Number(process.env.BENCH_CAMPAIGN_RECORDS || 40);
const PORT = Number(process.env.BENCH_CAMPAIGN_PORT || 8792);
const STATE = process.env.BENCH_CAMPAIGN_STATE_DIR || ".wrangler/bench-campaign-state";
const WAIT_S = Number(process.env.BENCH_CAMPAIGN_WAIT_S || 300);

async function get(base, path) {
  const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${ADMIN_KEY}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return res.json();
}

/** Each call's LLM decisions, keyed by call (a call about three records is counted once). */
function llmCalls(events, perCall) {
  for (const e of events) if (e.event_type === "CallEnded") perCall.set(e.data.call_id, e.data.llm_calls ?? 0);
}

export async function benchCampaign() {
  const dev = await startDev({ port: PORT, state: STATE, vars: ["SIMULATION:on"], log: ".wrangler/bench-campaign.log" });
  try {
    const t0 = Date.now();
    const res = await fetch(`${dev.base}/api/dev/simulate`, {
      method: "POST",
      headers: { authorization: `Bearer ${ADMIN_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ records: RECORDS, seed: 40 }),
    });
    const campaign = await res.json();
    if (res.status !== 202) throw new Error(`simulate refused: ${res.status} ${JSON.stringify(campaign)}`);
    let last = null;
    const done = await waitFor(
      async () => {
        last = await get(dev.base, `/api/dev/campaigns/${campaign.campaign_id}`);
        return last.done ? last : undefined;
      },
      WAIT_S * 1000,
      1000,
    );
    const wall = (Date.now() - t0) / 1000;
    const records = last?.records ?? [];
    const completed = records.filter((r) => r.status === "completed");
    const perCall = new Map();
    for (const r of records) llmCalls(await get(dev.base, `/api/records/${r.id}/events`).then((b) => b.events), perCall);
    const llm = [...perCall.values()].reduce((a, b) => a + b, 0);
    const off = records.filter((r) => r.status !== r.expected_status).map((r) => `${r.persona}:${r.status}`);
    return {
      campaign_records: RECORDS,
      campaign_wall_s: Number(wall.toFixed(1)),
      campaign_reached_expected: Boolean(done),
      campaign_off_expected: off,
      campaign_target_s: 120,
      campaign_calls: perCall.size,
      llm_calls_per_completed_folio: completed.length ? Number((llm / completed.length).toFixed(2)) : null,
    };
  } finally {
    dev.stop();
  }
}
