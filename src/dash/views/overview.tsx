// Overview: counts by status, campaign progress, calls in progress, recent jobs. All of it live.
import type { CallRow, CampaignProgress, JobRow } from "../queries";
import { Layout, StatusBadge, Time, type PageCtx } from "./layout";

export function CallsTable({ calls, empty }: { calls: CallRow[]; empty: string }) {
  if (calls.length === 0) return <p class="muted">{empty}</p>;
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Call</th>
            <th scope="col">Hotel</th>
            <th scope="col">Records</th>
            <th scope="col">State</th>
            <th scope="col">Started</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr>
              <td>
                <a href={`/dash/calls/${encodeURIComponent(call.id)}`}>{call.id}</a>
              </td>
              <td>{call.hotel_phone}</td>
              <td>{call.record_ids.length}</td>
              <td>
                <StatusBadge status={call.status} /> {call.outcome ?? ""}
              </td>
              <td>
                <Time at={call.started_at} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function JobsList({ jobs }: { jobs: JobRow[] }) {
  if (jobs.length === 0) return <p class="muted">No imports or rebuilds yet.</p>;
  return (
    <ul>
      {jobs.map((j) => (
        <li>
          {j.kind} <code>{j.id}</code>: <StatusBadge status={j.status} /> <progress max={Math.max(1, j.total)} value={j.done + j.failed} aria-label={`${j.kind} ${j.id} progress`}></progress> {j.done}/
          {j.total} done
          {j.failed ? `, ${j.failed} failed` : ""}
        </li>
      ))}
    </ul>
  );
}

export function OverviewPage(props: { ctx: PageCtx; counts: Record<string, number>; calls: CallRow[]; campaigns: CampaignProgress[]; jobs: JobRow[] }) {
  const total = Object.values(props.counts).reduce((a, b) => a + b, 0);
  return (
    <Layout ctx={props.ctx} title="Overview" active="/dash">
      <section aria-labelledby="counts-h" id="live-counts" data-live>
        <h2 id="counts-h">Records by status ({total})</h2>
        <div class="grid">
          {Object.entries(props.counts).map(([status, n]) => (
            <a class="stat" href={`/dash/records?status=${status}`} data-count={status}>
              <b>{n}</b>
              {status.replaceAll("_", " ")}
            </a>
          ))}
        </div>
      </section>
      <section aria-labelledby="calls-h" id="live-calls" data-live>
        <h2 id="calls-h">Calls in progress</h2>
        <CallsTable calls={props.calls} empty="No call is in progress." />
      </section>
      <section aria-labelledby="campaigns-h" id="live-campaigns" data-live>
        <h2 id="campaigns-h">Campaigns</h2>
        {props.campaigns.length === 0 ? (
          <p class="muted">No campaign has placed calls yet.</p>
        ) : (
          <ul>
            {props.campaigns.map((c) => (
              <li>
                <a href={`/dash/simulation/${encodeURIComponent(c.campaign_id)}`}>{c.campaign_id}</a>:{" "}
                <progress max={Math.max(1, c.calls)} value={c.ended} aria-label={`campaign ${c.campaign_id} calls ended`}></progress> {c.ended}/{c.calls} calls ended, {c.live} in progress
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="jobs-h" id="live-jobs" data-live>
        <h2 id="jobs-h">Imports and rebuilds</h2>
        <JobsList jobs={props.jobs} />
      </section>
    </Layout>
  );
}
