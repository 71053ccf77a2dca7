// One hotel's page: its settings as its HotelLine keeps them, and the folio layout it has learned
// (where this hotel prints each field), so an operator can see why its folios are read as they are.
import type { HotelSettings } from "../../domain/hotel";
import { Flash, Layout, Time, type PageCtx } from "./layout";

const WHERE = { before: "label before the value", after: "label after the value", line: "whole line" } as const;

export function HotelPage(props: { ctx: PageCtx; hotel: HotelSettings; flash: { message: string | null; error: string | null } }) {
  const h = props.hotel;
  const hints = h.folio_hints ?? [];
  return (
    <Layout ctx={props.ctx} title={h.name} active="/dash/hotels">
      <Flash {...props.flash} />
      <section class="card" aria-labelledby="hotel-h">
        <h2 id="hotel-h">
          {h.name} <span class="muted">{h.phone}</span>
        </h2>
        <p>
          Calls {h.call_window.days.join(", ")} {h.call_window.start}–{h.call_window.end} {h.timezone ?? "(hotel timezone unknown)"} · email {h.email ?? "—"} · IVR path {h.ivr_path ?? "—"} ·{" "}
          <a href={`/dash/records?hotel=${encodeURIComponent(h.phone)}`}>records</a> · updated <Time at={h.updated_at} />
        </p>
      </section>
      <section class="card" aria-labelledby="hints-h" data-testid="folio-hints">
        <h2 id="hints-h">Folio layout hints</h2>
        {hints.length === 0 ? (
          <p class="muted">None yet: a corrected folio, or one the LLM read and validation passed, teaches where this hotel prints each field.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Read at</th>
                <th scope="col">Where</th>
                <th scope="col">Dates</th>
              </tr>
            </thead>
            <tbody>
              {hints.map((hint) => (
                <tr>
                  <td>{hint.field.replaceAll("_", " ")}</td>
                  <td>{hint.side === "line" ? `line ${(hint.line ?? 0) + 1}` : `“${hint.label}”`}</td>
                  <td>{WHERE[hint.side]}</td>
                  <td>{hint.date_order ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}
