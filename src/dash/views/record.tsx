// Record detail: the state, the event timeline, each call attempt with its transcript and recording,
// the email thread, the extracted folio with its validation issues, and the operator's actions.
import type { DomainEvent } from "../../domain/events";
import type { recordView } from "../../routes/api/record-view";
import { canAct, Csrf, Flash, Layout, StatusBadge, Time, type PageCtx } from "./layout";
import { describeEvent, EMAIL_EVENTS } from "./events";
import { toonNodes, TranscriptNodes } from "./transcript";
import { FolioReview } from "./folio-review";

type View = ReturnType<typeof recordView>;

export interface MailItem {
  direction: "out" | "in";
  at: string;
  subject: string;
  party: string;
  status: string;
}

function Actions({ ctx, r }: { ctx: PageCtx; r: View }) {
  if (!canAct(ctx)) return null;
  const open = r.status !== "completed" && r.status !== "cancelled";
  if (!open) return null;
  return (
    <section class="card" aria-labelledby="actions-h" data-testid="actions">
      <h2 id="actions-h">Actions</h2>
      {r.status === "escalated" ? <EscalationActions ctx={ctx} id={r.id} email={r.hotel.email ?? ""} back={`/dash/records/${r.id}`} /> : null}
      <form method="post" action={`/dash/records/${r.id}/cancel`} class="inline">
        <Csrf token={ctx.csrf} />
        <div>
          <label for="cancel-reason">Reason</label>
          <input id="cancel-reason" name="reason" maxlength={2000} />
        </div>
        <button type="submit" class="danger">
          Cancel record
        </button>
      </form>
    </section>
  );
}

export function EscalationActions({ ctx, id, email, back }: { ctx: PageCtx; id: string; email: string; back: string }) {
  const action = `/dash/escalations/${id}/actions`;
  return (
    <div class="escalation-actions">
      <form method="post" action={action} class="inline">
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="action" value="retry_call" />
        <input type="hidden" name="back" value={back} />
        <button type="submit">Retry the call</button>
      </form>
      <form method="post" action={action} class="inline">
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="action" value="email_request" />
        <input type="hidden" name="back" value={back} />
        <div>
          <label for={`email-${id}`}>Email to</label>
          <input id={`email-${id}`} name="email" type="email" value={email} />
        </div>
        <button type="submit">Request by email</button>
      </form>
      <form method="post" action={action} class="inline">
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="action" value="resolve" />
        <input type="hidden" name="back" value={back} />
        <div>
          <label for={`note-${id}`}>Resolution note</label>
          <input id={`note-${id}`} name="note" required maxlength={2000} />
        </div>
        <button type="submit">Resolve</button>
      </form>
      <form method="post" action={action} class="inline">
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="action" value="cancel" />
        <input type="hidden" name="back" value={back} />
        <button type="submit" class="danger">
          Cancel
        </button>
      </form>
    </div>
  );
}

function Calls({ r, events }: { r: View; events: DomainEvent[] }) {
  if (r.calls.length === 0) return <p class="muted">No call yet.</p>;
  const ended = new Map(events.filter((e) => e.event_type === "CallEnded").map((e) => [String((e.data as { call_id?: string }).call_id), e.data as Record<string, unknown>]));
  return (
    <ol class="calls">
      {r.calls.map((call, i) => {
        const end = ended.get(call.call_id);
        const recording = call.recording_key ?? (end?.recording_key as string | undefined);
        const nodes = toonNodes(end?.transcript);
        return (
          <li class="card" data-call-id={call.call_id}>
            <h3>
              Attempt {i + 1}: <a href={`/dash/calls/${encodeURIComponent(call.call_id)}`}>{call.call_id}</a>
            </h3>
            <p>
              Started <Time at={call.started_at} />
              {call.ended_at ? (
                <>
                  , ended <Time at={call.ended_at} />
                </>
              ) : null}
              {call.outcome ? (
                <>
                  {" "}
                  · outcome <StatusBadge status={call.outcome} />
                </>
              ) : (
                <>
                  {" "}
                  · <a href={`/dash/calls/${encodeURIComponent(call.call_id)}`}>watch live</a>
                </>
              )}
            </p>
            {recording ? (
              <p>
                <audio controls preload="metadata" src={`/dash/records/${r.id}/calls/${encodeURIComponent(call.call_id)}/recording`} aria-label={`Recording of call attempt ${i + 1}`}></audio>
              </p>
            ) : (
              <p class="muted">No recording{call.outcome ? "" : " yet"}.</p>
            )}
            {nodes.length ? (
              <details>
                <summary>Transcript ({nodes.length} lines)</summary>
                <ol class="transcript">
                  <TranscriptNodes nodes={nodes} />
                </ol>
              </details>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

function FolioSection({ r }: { r: View }) {
  const folio = r.folio as Record<string, unknown> | null;
  if (!folio) return <p class="muted">No folio yet.</p>;
  const charges = Array.isArray(folio.charges) ? (folio.charges as Record<string, unknown>[]) : [];
  const plain = Object.entries(folio).filter(([k, v]) => k !== "charges" && (typeof v !== "object" || v === null));
  return (
    <>
      <dl class="kv">
        {plain.map(([k, v]) => (
          <>
            <dt>{k.replaceAll("_", " ")}</dt>
            <dd>{v === null ? "—" : String(v)}</dd>
          </>
        ))}
      </dl>
      {charges.length ? (
        <div class="table-wrap">
          <table>
            <caption class="muted" style="text-align:left">
              Charges
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Description</th>
                <th scope="col">Amount</th>
              </tr>
            </thead>
            <tbody>
              {charges.map((ch) => (
                <tr>
                  <td>{String(ch.date ?? "")}</td>
                  <td>{String(ch.description ?? "")}</td>
                  <td>{String(ch.amount ?? "")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {r.folio_issues.length ? (
        <div class="notice error" role="note">
          <strong>Validation issues</strong>
          <ul>
            {r.folio_issues.map((i) => (
              <li>{i}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="muted">The folio passed validation.</p>
      )}
      {typeof folio.source === "string" && folio.source.startsWith("attachments/") ? (
        <p>
          <a href={`/dash/records/${r.id}/folio/attachment`}>Download the attachment it was read from</a>
        </p>
      ) : null}
    </>
  );
}

export function RecordPage(props: { ctx: PageCtx; r: View; events: DomainEvent[]; mail: MailItem[]; flash: { message: string | null; error: string | null } }) {
  const { r, ctx } = props;
  const emailEvents = props.events.filter((e) => EMAIL_EVENTS.has(e.event_type));
  return (
    <Layout ctx={ctx} title={`${r.guest_name} · ${r.confirmation_number}`} active="/dash/records">
      <Flash {...props.flash} />
      <section class="card" id="live-record-state" data-live aria-labelledby="state-h">
        <h2 id="state-h">
          State: <StatusBadge status={r.status} />
        </h2>
        <dl class="kv">
          <dt>Record</dt>
          <dd>
            <code>{r.id}</code>
          </dd>
          <dt>Stay</dt>
          <dd>
            {r.check_in} → {r.check_out}
          </dd>
          <dt>Hotel</dt>
          <dd>
            {r.hotel.name} ({r.hotel.phone}){r.hotel.email ? `, ${r.hotel.email}` : ""}
          </dd>
          <dt>Reply to</dt>
          <dd>{r.reply_to}</dd>
          <dt>Call attempts</dt>
          <dd>{r.attempts}</dd>
          {r.callback_at ? (
            <>
              <dt>Callback</dt>
              <dd>
                <Time at={r.callback_at} />
              </dd>
            </>
          ) : null}
          {r.escalation ? (
            <>
              <dt>Escalation</dt>
              <dd>
                {r.escalation.reason}
                {r.escalation.details ? `: ${r.escalation.details}` : ""}
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <div id="live-record-actions" data-live>
        <Actions ctx={ctx} r={r} />
      </div>
      <section aria-labelledby="timeline-h" id="live-timeline" data-live>
        <h2 id="timeline-h">Timeline ({props.events.length} events)</h2>
        <ol class="timeline" data-testid="timeline">
          {props.events.map((e) => (
            <li data-event-type={e.event_type}>
              <Time at={e.timestamp} /> <strong>{e.event_type}</strong> <span>{describeEvent(e)}</span>
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="calls-h" id="live-record-calls" data-live>
        <h2 id="calls-h">Calls</h2>
        <Calls r={r} events={props.events} />
      </section>
      <section aria-labelledby="mail-h" id="live-record-mail" data-live>
        <h2 id="mail-h">Email thread</h2>
        {emailEvents.length === 0 && props.mail.length === 0 ? <p class="muted">No email yet.</p> : null}
        {props.mail.length ? (
          <ul>
            {props.mail.map((m) => (
              <li>
                <Time at={m.at} /> {m.direction === "out" ? "To" : "From"} {m.party}: “{m.subject}” <span class="muted">({m.status})</span>
              </li>
            ))}
          </ul>
        ) : null}
        {emailEvents.length ? (
          <ol class="timeline">
            {emailEvents.map((e) => (
              <li>
                <Time at={e.timestamp} /> {describeEvent(e)}
              </li>
            ))}
          </ol>
        ) : null}
      </section>
      <FolioReview ctx={ctx} r={r} />
      <section aria-labelledby="folio-h" id="live-record-folio" data-live class="card">
        <h2 id="folio-h">Folio</h2>
        <FolioSection r={r} />
      </section>
    </Layout>
  );
}
