// The operator's review of a received folio (issue 11): the document beside the extracted fields,
// each editable, with what validation said. Saving posts to the API's own handler
// (POST /api/records/:id/folio), which records FolioCorrected and completes the record.
import { folioFieldsOf } from "../../domain/folio-correction";
import type { recordView } from "../../routes/api/record-view";
import { canAct, Csrf, type PageCtx } from "./layout";

type View = ReturnType<typeof recordView>;

const TEXT_FIELDS = [
  ["folio_number", "Folio number", "text"],
  ["guest_name", "Guest name", "text"],
  ["check_in", "Check-in", "date"],
  ["check_out", "Check-out", "date"],
  ["room_number", "Room", "text"],
  ["currency", "Currency (ISO code)", "text"],
] as const;

/** Blank charge rows offered below the ones read, for lines extraction missed. */
const EXTRA_ROWS = 3;

export function documentSource(r: View): string | null {
  const source = typeof r.folio?.source === "string" ? r.folio.source : r.folio_source;
  return source?.startsWith("attachments/") ? source : null;
}

export function FolioReview({ ctx, r }: { ctx: PageCtx; r: View }) {
  if (r.status !== "received" || !canAct(ctx)) return null;
  const f = folioFieldsOf(r.folio as Record<string, unknown> | null);
  const rows = [...f.charges, ...Array.from({ length: EXTRA_ROWS }, () => null)];
  return (
    <section class="card" aria-labelledby="review-h" data-testid="folio-review">
      <h2 id="review-h">Review the folio</h2>
      <div class="review-grid">
        {documentSource(r) ? (
          <iframe class="folio-doc" src={`/dash/records/${r.id}/folio/document`} title="The folio as the hotel sent it"></iframe>
        ) : (
          <p class="muted">No stored document to show; read the email thread.</p>
        )}
        <form method="post" action={`/dash/records/${r.id}/folio`} aria-label="Corrected folio fields">
          <Csrf token={ctx.csrf} />
          {r.folio_issues.length ? (
            <div class="notice error" role="note">
              <strong>What validation found</strong>
              <ul>
                {r.folio_issues.map((i) => (
                  <li>{i}</li>
                ))}
              </ul>
            </div>
          ) : null}
          {TEXT_FIELDS.map(([name, label, type]) => (
            <div>
              <label for={`fix-${name}`}>{label}</label>
              <input id={`fix-${name}`} name={name} type={type} value={f[name] ?? ""} maxlength={200} />
            </div>
          ))}
          <div>
            <label for="fix-total_amount">Total amount</label>
            <input id="fix-total_amount" name="total_amount" inputmode="decimal" value={f.total_amount === null ? "" : String(f.total_amount)} />
          </div>
          <table>
            <caption class="muted" style="text-align:left">
              Charges (leave a row empty to drop it)
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Description</th>
                <th scope="col">Amount</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((ch, i) => (
                <tr>
                  <td>
                    <input name="charge_date" type="date" value={ch?.date ?? ""} aria-label={`Charge ${i + 1} date`} />
                  </td>
                  <td>
                    <input name="charge_description" value={ch?.description ?? ""} maxlength={200} aria-label={`Charge ${i + 1} description`} />
                  </td>
                  <td>
                    <input name="charge_amount" inputmode="decimal" value={ch ? String(ch.amount) : ""} aria-label={`Charge ${i + 1} amount`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            <input type="checkbox" name="accept_issues" /> Save even if validation still finds issues
          </label>
          <div>
            <button type="submit">Save and complete</button>
          </div>
        </form>
      </div>
    </section>
  );
}
