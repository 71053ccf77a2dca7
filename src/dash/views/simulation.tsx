// Simulation (local, docs/architecture.md, "Running offline"): start a campaign of simulated hotels and watch its records move.
import type { CallRow } from "../queries";
import { canAct, Csrf, Flash, Layout, StatusBadge, type PageCtx } from "./layout";
import { CallsTable } from "./overview";

export interface Campaign {
  campaign_id: string;
  records: { id: string; persona: string; expected_status: string; status: string }[];
  done: boolean;
}

export function SimulationPage(props: { ctx: PageCtx; campaigns: { campaign_id: string; calls: number; ended: number }[]; flash: { message: string | null; error: string | null } }) {
  return (
    <Layout ctx={props.ctx} title="Simulation" active="/dash/simulation">
      <Flash {...props.flash} />
      <p class="muted">Simulated hotels answer over a text call leg and by email; a clock scale makes hours pass in seconds.</p>
      {canAct(props.ctx) ? (
        <form method="post" action="/dash/simulation" class="card filters" aria-label="Start a campaign">
          <Csrf token={props.ctx.csrf} />
          <div>
            <label for="sim-records">Records</label>
            <input id="sim-records" name="records" type="number" min={1} max={200} value="11" />
          </div>
          <div>
            <label for="sim-seed">Seed (optional)</label>
            <input id="sim-seed" name="seed" type="number" min={0} />
          </div>
          <button type="submit">Start a campaign</button>
        </form>
      ) : null}
      <section id="live-sim-campaigns" data-live aria-labelledby="camps-h">
        <h2 id="camps-h">Campaigns</h2>
        {props.campaigns.length === 0 ? (
          <p class="muted">None yet.</p>
        ) : (
          <ul>
            {props.campaigns.map((c) => (
              <li>
                <a href={`/dash/simulation/${encodeURIComponent(c.campaign_id)}`}>{c.campaign_id}</a>: {c.ended}/{c.calls} calls ended
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

export function CampaignPage(props: { ctx: PageCtx; campaign: Campaign; calls: CallRow[] }) {
  const c = props.campaign;
  const settled = c.records.filter((r) => r.status === r.expected_status).length;
  return (
    <Layout ctx={props.ctx} title={`Campaign ${c.campaign_id}`} active="/dash/simulation">
      <section id="live-campaign" data-live aria-labelledby="camp-h" data-done={c.done ? "true" : "false"}>
        <h2 id="camp-h">
          {c.done ? "Done" : "Running"}: {settled}/{c.records.length} records reached their expected status
        </h2>
        <progress max={Math.max(1, c.records.length)} value={settled} aria-label="records at their expected status"></progress>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Record</th>
                <th scope="col">Persona</th>
                <th scope="col">Status</th>
                <th scope="col">Expected</th>
              </tr>
            </thead>
            <tbody>
              {c.records.map((r) => (
                <tr data-record-id={r.id} data-status={r.status}>
                  <td>
                    <a href={`/dash/records/${r.id}`}>{r.id.slice(0, 12)}…</a>
                  </td>
                  <td>{r.persona}</td>
                  <td>
                    <StatusBadge status={r.status} />
                  </td>
                  <td>
                    <StatusBadge status={r.expected_status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section id="live-campaign-calls" data-live aria-labelledby="ccalls-h">
        <h2 id="ccalls-h">Calls</h2>
        <CallsTable calls={props.calls} empty="No call placed yet." />
      </section>
    </Layout>
  );
}
