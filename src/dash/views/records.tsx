// Records: filters (status, hotel, free text), paging, and the CSV upload with its per-line errors.
import { statuses } from "../../domain/record-state";
import { canAct, Csrf, Flash, Layout, StatusBadge, Time, type PageCtx } from "./layout";
import type { JobRow } from "../queries";
import { JobsList } from "./overview";

export interface RecordRow {
  id: string;
  external_id: string | null;
  status: string;
  guest_name: string;
  confirmation_number: string;
  check_in: string;
  check_out: string;
  hotel: { name: string; phone: string };
  attempts: number;
  updated_at: string;
}

export interface RecordFilters {
  status?: string | undefined;
  hotel?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
}

function query(f: RecordFilters, cursor?: string | null): string {
  const p = new URLSearchParams();
  if (f.status) p.set("status", f.status);
  if (f.hotel) p.set("hotel", f.hotel);
  if (f.q) p.set("q", f.q);
  if (cursor) p.set("cursor", cursor);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function RecordsTable({ records, id }: { records: RecordRow[]; id: string }) {
  return (
    <div class="table-wrap" id={id} data-live>
      {records.length === 0 ? (
        <p class="muted">No records match.</p>
      ) : (
        <table>
          <caption class="muted" style="text-align:left">
            {records.length} shown
          </caption>
          <thead>
            <tr>
              <th scope="col">Guest</th>
              <th scope="col">Status</th>
              <th scope="col">Hotel</th>
              <th scope="col" class="hide-narrow">
                Stay
              </th>
              <th scope="col" class="hide-narrow">
                Attempts
              </th>
              <th scope="col" class="hide-narrow">
                Updated
              </th>
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr data-record-id={r.id}>
                <td>
                  <a href={`/dash/records/${r.id}`}>{r.guest_name}</a>
                  <div class="muted">{r.confirmation_number}</div>
                </td>
                <td data-record-status={r.status}>
                  <StatusBadge status={r.status} />
                </td>
                <td>{r.hotel.name}</td>
                <td class="hide-narrow">
                  {r.check_in} → {r.check_out}
                </td>
                <td class="hide-narrow">{r.attempts}</td>
                <td class="hide-narrow">
                  <Time at={r.updated_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function ImportForm({ ctx }: { ctx: PageCtx }) {
  if (!canAct(ctx)) return null;
  return (
    <section class="card" aria-labelledby="import-h">
      <h2 id="import-h">Import a CSV</h2>
      <form method="post" action="/dash/records/import" enctype="multipart/form-data" class="inline">
        <Csrf token={ctx.csrf} />
        <div>
          <label for="csv-file">CSV file (header: guest_name, confirmation_number, check_in, check_out, hotel_name, hotel_phone, …)</label>
          <input id="csv-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit">Upload</button>
      </form>
    </section>
  );
}

export function RecordsPage(props: {
  ctx: PageCtx;
  records: RecordRow[];
  next: string | null;
  filters: RecordFilters;
  hotels: { phone: string; name: string }[];
  flash: { message: string | null; error: string | null };
}) {
  const f = props.filters;
  return (
    <Layout ctx={props.ctx} title="Records" active="/dash/records">
      <Flash {...props.flash} />
      <ImportForm ctx={props.ctx} />
      <form method="get" action="/dash/records" class="filters card" role="search" aria-label="Filter records">
        <div>
          <label for="f-status">Status</label>
          <select id="f-status" name="status">
            <option value="">any</option>
            {statuses.map((s) => (
              <option value={s} selected={f.status === s}>
                {s.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-hotel">Hotel</label>
          <select id="f-hotel" name="hotel">
            <option value="">any</option>
            {props.hotels.map((h) => (
              <option value={h.phone} selected={f.hotel === h.phone}>
                {h.name} ({h.phone})
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-q">Search</label>
          <input id="f-q" name="q" type="search" value={f.q ?? ""} placeholder="guest, confirmation, id" />
        </div>
        <button type="submit">Filter</button>
      </form>
      <RecordsTable records={props.records} id="live-records" />
      <nav class="pager" aria-label="Pages">
        {f.cursor ? <a href={`/dash/records${query({ ...f, cursor: undefined })}`}>First page</a> : null}
        {props.next ? <a href={`/dash/records${query(f, props.next)}`}>Next page</a> : null}
      </nav>
    </Layout>
  );
}

export function ImportResultPage(props: {
  ctx: PageCtx;
  result: { imported: number; rejected: { line: number; errors: Record<string, string> }[]; job_id: string } | null;
  error: string | null;
  job: JobRow | null;
}) {
  const r = props.result;
  return (
    <Layout ctx={props.ctx} title="CSV import" active="/dash/records" liveUrl={r ? `/dash/records/import?job=${encodeURIComponent(r.job_id)}` : undefined}>
      {props.error ? (
        <p class="notice error" role="alert">
          The file was not imported: {props.error}
        </p>
      ) : null}
      {r ? (
        <>
          <p class="notice" role="status" data-testid="import-summary">
            {r.imported} {r.imported === 1 ? "line" : "lines"} accepted, {r.rejected.length} rejected.
          </p>
          {r.rejected.length ? (
            <section aria-labelledby="rej-h">
              <h2 id="rej-h">Rejected lines</h2>
              <div class="table-wrap">
                <table data-testid="rejected">
                  <thead>
                    <tr>
                      <th scope="col">Line</th>
                      <th scope="col">Column</th>
                      <th scope="col">Problem</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.rejected.flatMap((rej) =>
                      Object.entries(rej.errors).map(([col, msg]) => (
                        <tr data-line={rej.line}>
                          <td>{rej.line}</td>
                          <td>{col}</td>
                          <td>{msg}</td>
                        </tr>
                      )),
                    )}
                  </tbody>
                </table>
              </div>
            </section>
          ) : null}
          <section id="live-import-job" data-live aria-labelledby="job-h">
            <h2 id="job-h">Progress</h2>
            {props.job ? <JobsList jobs={[props.job]} /> : <p class="muted">Nothing to import in the background.</p>}
          </section>
        </>
      ) : null}
      <ImportForm ctx={props.ctx} />
      <p>
        <a href="/dash/records">Back to records</a>
      </p>
    </Layout>
  );
}
