// Escalations with their actions, inbox triage, the local outbox, and hotel settings.
import { weekdays } from "../../domain/hotel";
import { canAct, Csrf, Flash, Layout, StatusBadge, Time, type PageCtx } from "./layout";
import { EscalationActions } from "./record";

type Flashes = { message: string | null; error: string | null };

export function EscalationsPage(props: { ctx: PageCtx; escalations: any[]; flash: Flashes }) {
  return (
    <Layout ctx={props.ctx} title="Escalations" active="/dash/escalations">
      <Flash {...props.flash} />
      <div id="live-escalations" data-live>
        {props.escalations.length === 0 ? <p class="muted">Nothing needs a person right now.</p> : null}
        {props.escalations.map((r) => (
          <article class="card" data-record-id={r.id} aria-labelledby={`esc-${r.id}`}>
            <h2 id={`esc-${r.id}`}>
              <a href={`/dash/records/${r.id}`}>{r.guest_name}</a> <span class="muted">at {r.hotel.name}</span>
            </h2>
            <p>
              <StatusBadge status={r.status} /> {r.escalation_reason ?? ""} · updated <Time at={r.updated_at} />
            </p>
            {canAct(props.ctx) ? <EscalationActions ctx={props.ctx} id={r.id} email="" back="/dash/escalations" /> : null}
          </article>
        ))}
      </div>
    </Layout>
  );
}

export function InboxPage(props: { ctx: PageCtx; messages: any[]; status: string; flash: Flashes }) {
  const tabs = ["unmatched", "auto_reply", "matched", "bounce", "failed"];
  return (
    <Layout ctx={props.ctx} title="Inbox triage" active="/dash/inbox">
      <Flash {...props.flash} />
      <nav aria-label="Inbox status">
        {tabs.map((t) => (
          <>
            <a href={`/dash/inbox?status=${t}`} aria-current={t === props.status ? "page" : undefined}>
              {t.replaceAll("_", " ")}
            </a>{" "}
          </>
        ))}
      </nav>
      <div id="live-inbox" data-live class="table-wrap">
        {props.messages.length === 0 ? (
          <p class="muted">No {props.status.replaceAll("_", " ")} mail.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">From</th>
                <th scope="col">Subject</th>
                <th scope="col">Status</th>
                {canAct(props.ctx) ? <th scope="col">Assign to a record</th> : null}
              </tr>
            </thead>
            <tbody>
              {props.messages.map((m) => (
                <tr>
                  <td>
                    <Time at={m.received_at} />
                  </td>
                  <td>{m.from}</td>
                  <td>{m.subject}</td>
                  <td>
                    <StatusBadge status={m.status} />
                  </td>
                  {canAct(props.ctx) ? (
                    <td>
                      {["unmatched", "auto_reply"].includes(m.status) ? (
                        <form method="post" action={`/dash/inbox/${encodeURIComponent(m.id)}/assign`} class="inline">
                          <Csrf token={props.ctx.csrf} />
                          <div>
                            <label for={`assign-${m.id}`}>Record id</label>
                            <input id={`assign-${m.id}`} name="record_id" required pattern="[A-Za-z0-9_-]+" />
                          </div>
                          <button type="submit">Assign</button>
                        </form>
                      ) : null}
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Layout>
  );
}

export function OutboxPage(props: { ctx: PageCtx; messages: any[] }) {
  return (
    <Layout ctx={props.ctx} title="Outbox (local mode)" active="/dash/outbox">
      <p class="muted">Mail Folio would have sent. Locally nothing leaves the machine; simulated hotels answer from here.</p>
      <div id="live-outbox" data-live class="table-wrap">
        {props.messages.length === 0 ? (
          <p class="muted">Nothing sent yet.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Sent</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Records</th>
              </tr>
            </thead>
            <tbody>
              {props.messages.map((m) => (
                <tr>
                  <td>
                    <Time at={m.created_at} />
                  </td>
                  <td>{m.to_address}</td>
                  <td>
                    {m.subject}
                    {m.reminder ? <span class="muted"> (reminder {m.reminder})</span> : null}
                  </td>
                  <td>
                    {(m.record_ids as string[]).map((id) => (
                      <>
                        <a href={`/dash/records/${id}`}>{id.slice(0, 10)}…</a>{" "}
                      </>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </Layout>
  );
}

function HotelForm({ ctx, h }: { ctx: PageCtx; h: any }) {
  const id = h.phone.replace(/\W/g, "");
  return (
    <form method="post" action={`/dash/hotels/${encodeURIComponent(h.phone)}`} class="filters" aria-label={`Settings for ${h.name}`}>
      <Csrf token={ctx.csrf} />
      <fieldset>
        <legend>Call window</legend>
        {weekdays.map((d) => (
          <label style="display:inline-block;margin-right:6px">
            <input type="checkbox" name="days" value={d} checked={h.call_window.days.includes(d)} /> {d}
          </label>
        ))}
        <div class="filters">
          <div>
            <label for={`start-${id}`}>From</label>
            <input id={`start-${id}`} name="start" type="time" value={h.call_window.start} required />
          </div>
          <div>
            <label for={`end-${id}`}>To</label>
            <input id={`end-${id}`} name="end" type="time" value={h.call_window.end} required />
          </div>
        </div>
      </fieldset>
      <div>
        <label for={`tz-${id}`}>Timezone</label>
        <input id={`tz-${id}`} name="timezone" value={h.timezone ?? ""} placeholder="America/New_York" />
      </div>
      <div>
        <label for={`email-${id}`}>Email</label>
        <input id={`email-${id}`} name="email" type="email" value={h.email ?? ""} />
      </div>
      <div>
        <label for={`ivr-${id}`}>IVR path</label>
        <input id={`ivr-${id}`} name="ivr_path" value={h.ivr_path ?? ""} pattern="[0-9*#w]{0,32}" placeholder="e.g. 2w1" />
      </div>
      <button type="submit">Save</button>
    </form>
  );
}

export function HotelsPage(props: { ctx: PageCtx; hotels: any[]; flash: Flashes }) {
  return (
    <Layout ctx={props.ctx} title="Hotels" active="/dash/hotels">
      <Flash {...props.flash} />
      {props.hotels.length === 0 ? <p class="muted">No hotel yet: hotels are learned from records.</p> : null}
      {props.hotels.map((h) => (
        <article class="card" aria-labelledby={`hotel-${h.phone.replace(/\W/g, "")}`}>
          <h2 id={`hotel-${h.phone.replace(/\W/g, "")}`}>
            {h.name} <span class="muted">{h.phone}</span>
          </h2>
          <p>
            Calls {h.call_window.days.join(", ")} {h.call_window.start}–{h.call_window.end} {h.timezone ?? "(hotel timezone unknown)"} · email {h.email ?? "—"} · IVR path {h.ivr_path ?? "—"} ·{" "}
            <a href={`/dash/records?hotel=${encodeURIComponent(h.phone)}`}>records</a> · <a href={`/dash/hotels/${encodeURIComponent(h.phone)}`}>folio layout hints</a>
          </p>
          {canAct(props.ctx) ? <HotelForm ctx={props.ctx} h={h} /> : null}
        </article>
      ))}
    </Layout>
  );
}
