// Watchers of a live call (the dashboard's live transcript): a WebSocket that gets the call's state
// and every transcript node so far, then each node as it is added or changed (speech, DTMF sent and
// pressed, and the call events that say how it was answered: IVR, voicemail, a person). Watchers only
// listen: anything they send is ignored. The socket closes a moment after the call ends.
import type { TranscriptListener, ToonNode } from "../../engine/transcript";
import type { CallSnapshot } from "./state";

export const WATCH_PATH = "/watch";
const MAX_WATCHERS = 16;

export interface Watchable {
  snapshot(): CallSnapshot;
  onTranscriptNode(listener: TranscriptListener): () => void;
}

/** Open watcher sockets per call object. */
const watching = new WeakMap<Watchable, number>();

type WatchMessage =
  { type: "state"; phase: string; outcome: string | null } | { type: "node"; change: "added" | "updated"; node: ToonNode; /** Sent from the transcript so far, on connecting. */ replay?: true };

/** Accepts a watcher's socket (the route checked who may watch). */
export function acceptWatcher(session: Watchable): Response {
  const snap = session.snapshot();
  if (!snap.state) return new Response("no such call", { status: 404 });
  if ((watching.get(session) ?? 0) >= MAX_WATCHERS) return new Response("too many watchers", { status: 429 });
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  watching.set(session, (watching.get(session) ?? 0) + 1);
  const send = (m: WatchMessage) => {
    try {
      server.send(JSON.stringify(m));
    } catch {
      stop();
    }
  };
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    watching.set(session, (watching.get(session) ?? 1) - 1);
    unsubscribe?.();
  };
  send({ type: "state", phase: snap.state.phase, outcome: snap.state.outcome });
  for (const node of snap.transcript?.nodes ?? []) send({ type: "node", change: "added", node, replay: true });
  if (snap.state.phase === "ended") {
    stop();
    server.close(1000, "the call has ended");
    return new Response(null, { status: 101, webSocket: client });
  }
  unsubscribe = session.onTranscriptNode((node, change) => {
    send({ type: "node", change, node });
    if (node.type !== "call_event") return;
    if (node.content === "stream started" || node.content === "stream resumed") send({ type: "state", phase: "live", outcome: null });
    if (node.content === "call ended") {
      send({ type: "state", phase: "ended", outcome: typeof node.data?.outcome === "string" ? node.data.outcome : null });
      stop();
      setTimeout(() => server.close(1000, "the call has ended"), 250);
    }
  });
  server.addEventListener("close", stop);
  server.addEventListener("error", stop);
  return new Response(null, { status: 101, webSocket: client });
}
