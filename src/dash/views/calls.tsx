// A call, live: its transcript streams in over the watch socket while it runs (speech, the IVR,
// voicemail or human classification, each DTMF sent); the call's row updates with the page.
import type { CallRow } from "../queries";
import { Layout, StatusBadge, Time, type PageCtx } from "./layout";
import { CallsTable } from "./overview";

export function CallPage(props: { ctx: PageCtx; callId: string; call: CallRow | null }) {
  const { call } = props;
  if (props.callId === "next") return <FollowPage ctx={props.ctx} />;
  return (
    <Layout ctx={props.ctx} title={`Call ${props.callId}`} active="/dash/calls">
      <section class="card" id="live-call" data-live aria-labelledby="call-h">
        <h2 id="call-h">
          Call {call ? <StatusBadge status={call.status} /> : null} {call?.outcome ? <StatusBadge status={call.outcome} /> : null}
        </h2>
        {call ? (
          <dl class="kv">
            <dt>Hotel</dt>
            <dd>{call.hotel_phone}</dd>
            <dt>Started</dt>
            <dd>
              <Time at={call.started_at} />
            </dd>
            <dt>Ended</dt>
            <dd>
              <Time at={call.ended_at} />
            </dd>
            <dt>Records</dt>
            <dd>
              {call.record_ids.map((id) => (
                <>
                  <a href={`/dash/records/${id}`}>{id}</a>{" "}
                </>
              ))}
            </dd>
          </dl>
        ) : (
          <p class="muted">This call is not in the read model (yet).</p>
        )}
      </section>
      <LiveTranscript watch={`/dash/calls/${encodeURIComponent(props.callId)}/watch`} />
    </Layout>
  );
}

/** The transcript section the client script fills from a watch socket (one call, or whichever comes next). */
function LiveTranscript({ watch, following = false }: { watch: string; following?: boolean }) {
  return (
    <section class="card" aria-labelledby="tr-h" data-watch={watch} data-testid="live-transcript">
      <h2 id="tr-h">
        Transcript
        {following ? (
          <>
            {" "}
            <span data-watch-call></span>
          </>
        ) : null}
      </h2>
      <p data-watch-state role="status" aria-live="polite" class="muted">
        connecting…
      </p>
      <ol class="transcript" aria-live="polite" aria-relevant="additions"></ol>
    </section>
  );
}

/** Follows whichever call starts next: watching can begin before a call is placed. */
function FollowPage({ ctx }: { ctx: PageCtx }) {
  return (
    <Layout ctx={ctx} title="Following live calls" active="/dash/calls">
      <p class="muted">Each call that starts from now on is shown here as it happens, one after the other.</p>
      <LiveTranscript watch="/dash/calls/next/watch" following />
    </Layout>
  );
}

export function CallsPage(props: { ctx: PageCtx; live: CallRow[]; recent: CallRow[] }) {
  return (
    <Layout ctx={props.ctx} title="Calls" active="/dash/calls">
      <p>
        <a href="/dash/calls/next">Follow live calls as they start</a>
      </p>
      <section id="live-calls-live" data-live aria-labelledby="live-h">
        <h2 id="live-h">In progress</h2>
        <CallsTable calls={props.live} empty="No call is in progress." />
      </section>
      <section id="live-calls-recent" data-live aria-labelledby="recent-h">
        <h2 id="recent-h">Recent</h2>
        <CallsTable calls={props.recent} empty="No call yet." />
      </section>
    </Layout>
  );
}
