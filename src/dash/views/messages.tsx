// Texts: the threads with each text's delivery status, the triage list (replies no product took), and
// the contact ledger (opt-outs, the do-not-call list with reasons), where an operator adds or removes a
// number. Live like the other pages: the threads, triage and ledger refresh when the read model moves.
import { canAct, Csrf, Flash, Layout, StatusBadge, Time, type PageCtx } from "./layout";

type Flashes = { message: string | null; error: string | null };

export interface TextRow {
  message_id: string;
  ours: string;
  theirs: string;
  direction: "out" | "in";
  status: string;
  error_code: number | null;
  body: string;
  segments: number;
  routed: string | null;
  late: boolean;
  created_at: string;
}

export interface LedgerRow {
  phone: string;
  sms_opted_out_at: string | null;
  do_not_contact: { reason: string; actor: string; at: string } | null;
}

/** Texts grouped by thread (our number, their number), the most recently active thread first. */
function threadsOf(texts: readonly TextRow[]): Array<{ ours: string; theirs: string; texts: TextRow[] }> {
  const byPair = new Map<string, { ours: string; theirs: string; texts: TextRow[] }>();
  for (const t of texts) {
    const key = `${t.ours}|${t.theirs}`;
    if (!byPair.has(key)) byPair.set(key, { ours: t.ours, theirs: t.theirs, texts: [] });
    byPair.get(key)!.texts.push(t);
  }
  for (const thread of byPair.values()) thread.texts.reverse(); // oldest first within a thread
  return [...byPair.values()];
}

function Text({ t }: { t: TextRow }) {
  return (
    <li class={t.direction === "in" ? "text-in" : "text-out"} data-message-id={t.message_id}>
      <span class="muted">{t.direction === "in" ? "←" : "→"}</span> {t.body} <StatusBadge status={t.status} />
      {t.error_code !== null ? <span class="muted"> error {t.error_code}</span> : null}
      {t.routed ? <span class="muted"> · {t.routed}</span> : null}
      {t.late ? <span class="status">late</span> : null} · <Time at={t.created_at} />
    </li>
  );
}

export function MessagesPage(props: { ctx: PageCtx; texts: TextRow[]; triage: TextRow[]; ledger: LedgerRow[]; flash: Flashes }) {
  const threads = threadsOf(props.texts);
  return (
    <Layout ctx={props.ctx} title="Texts" active="/dash/messages">
      <Flash {...props.flash} />
      <div id="live-texts" data-live>
        <section aria-labelledby="threads-h">
          <h2 id="threads-h">Threads</h2>
          {threads.length === 0 ? <p class="muted">No texts yet.</p> : null}
          {threads.map((th) => (
            <article class="card" data-thread={`${th.ours}|${th.theirs}`}>
              <h3>
                {th.theirs} <span class="muted">with {th.ours}</span>
              </h3>
              <ul>
                {th.texts.map((t) => (
                  <Text t={t} />
                ))}
              </ul>
            </article>
          ))}
        </section>
        <section aria-labelledby="triage-h">
          <h2 id="triage-h">Triage</h2>
          {props.triage.length === 0 ? (
            <p class="muted">Every reply went to a product.</p>
          ) : (
            <ul>
              {props.triage.map((t) => (
                <li data-triage={t.message_id}>
                  {t.theirs} → {t.ours}: {t.body} · <Time at={t.created_at} />
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="ledger-h">
          <h2 id="ledger-h">Contact ledger</h2>
          {props.ledger.length === 0 ? (
            <p class="muted">No opt-outs and nobody on the do-not-call list.</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th scope="col">Number</th>
                  <th scope="col">Texts</th>
                  <th scope="col">Do not call or text</th>
                  {canAct(props.ctx) ? <th scope="col">Action</th> : null}
                </tr>
              </thead>
              <tbody>
                {props.ledger.map((e) => (
                  <tr data-contact={e.phone}>
                    <td>{e.phone}</td>
                    <td>
                      {e.sms_opted_out_at ? (
                        <>
                          opted out <Time at={e.sms_opted_out_at} />
                        </>
                      ) : (
                        "allowed"
                      )}
                    </td>
                    <td>{e.do_not_contact ? `${e.do_not_contact.reason} (${e.do_not_contact.actor})` : "—"}</td>
                    {canAct(props.ctx) ? (
                      <td>
                        {e.do_not_contact ? (
                          <form method="post" action={`/dash/contacts/${encodeURIComponent(e.phone)}/dnd/remove`} class="inline">
                            <Csrf token={props.ctx.csrf} />
                            <button type="submit">Take off the list</button>
                          </form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </div>
      {canAct(props.ctx) ? (
        <form method="post" action="/dash/messages" aria-labelledby="send-h" class="card">
          <h2 id="send-h">Send a text</h2>
          <Csrf token={props.ctx.csrf} />
          <label>
            To (E.164) <input name="to" required placeholder="+14155550100" />
          </label>
          <label>
            Text <textarea name="body" required maxlength={1600} />
          </label>
          <button type="submit">Send</button>
        </form>
      ) : null}
      {canAct(props.ctx) ? (
        <form method="post" action="/dash/contacts/dnd" aria-labelledby="dnd-h" class="card">
          <h2 id="dnd-h">Add to the do-not-call list</h2>
          <Csrf token={props.ctx.csrf} />
          <label>
            Number (E.164) <input name="phone" required placeholder="+14155550100" />
          </label>
          <label>
            Reason <input name="reason" required maxlength={500} />
          </label>
          <button type="submit">Add</button>
        </form>
      ) : null}
    </Layout>
  );
}
