// "Follow live calls": one socket that streams whichever call starts next, then the one after, so an
// operator (or a test) can be watching before a call is placed. The Worker polls the calls read model
// for a call it has not seen, connects to that call's CallSession watch socket as soon as the call is
// prepared, and relays its messages, announcing each call first: {type:"call", call_id}.
import { WATCH_PATH } from "../objects/call-session/watchers";

const POLL_MS = 100;
/** How long a watch waits for its CallSession to be prepared after the call appears. */
const PREPARE_WAIT_MS = 15_000;
const FOLLOW_MS = 10 * 60_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function callEnded(env: Env, callId: string): Promise<boolean> {
  try {
    const row = await env.DB.prepare("SELECT status FROM calls WHERE id = ?1").bind(callId).first<{ status: string }>();
    return row?.status === "ended";
  } catch {
    return false;
  }
}

async function callIds(env: Env, inProgressOnly: boolean): Promise<string[]> {
  try {
    const where = inProgressOnly ? "WHERE status IN ('placing', 'dialing', 'live')" : "";
    const { results } = await env.DB.prepare(`SELECT id FROM calls ${where} ORDER BY started_at LIMIT 500`).all<{ id: string }>();
    return results.map((r) => r.id);
  } catch {
    return [];
  }
}

/** Connects to a call's watch socket, retrying while the call is still being set up. */
async function watchSocket(env: Env, callId: string, open: () => boolean): Promise<WebSocket | null> {
  const stub = env.CALL_SESSION.get(env.CALL_SESSION.idFromName(callId));
  const until = Date.now() + PREPARE_WAIT_MS;
  while (open() && Date.now() < until && !(await callEnded(env, callId))) {
    const res = await stub.fetch(`https://call-session${WATCH_PATH}`, { headers: { upgrade: "websocket", "x-folio-call-id": callId } });
    if (res.status === 101 && res.webSocket) return res.webSocket;
    await sleep(POLL_MS);
  }
  return null;
}

export async function followCalls(env: Env, browser: WebSocket): Promise<void> {
  let open = true;
  browser.addEventListener("close", () => void (open = false));
  browser.addEventListener("error", () => void (open = false));
  const send = (m: unknown) => {
    try {
      browser.send(JSON.stringify(m));
    } catch {
      open = false;
    }
  };
  const seen = new Set(await callIds(env, false));
  send({ type: "state", phase: "waiting", outcome: null });
  const until = Date.now() + FOLLOW_MS;
  while (open && Date.now() < until) {
    const next = (await callIds(env, true)).find((id) => !seen.has(id));
    if (!next) {
      await sleep(POLL_MS);
      continue;
    }
    seen.add(next);
    send({ type: "call", call_id: next });
    const upstream = await watchSocket(env, next, () => open);
    if (!upstream) continue;
    // A call can end without its session saying so (placing failed, no answer before any stream):
    // the read model is watched too, and the follow moves on when the call's row has ended.
    let following = true;
    let done = () => {};
    const watchRow = (async () => {
      while (following && open) {
        await sleep(500);
        if (following && (await callEnded(env, next))) {
          await sleep(1000);
          try {
            upstream.close(1000, "the call has ended");
          } catch {
            /* already closed */
          }
          done();
          return;
        }
      }
    })();
    await new Promise<void>((resolve) => {
      done = resolve;
      upstream.accept();
      upstream.addEventListener("message", (e) => {
        if (open) browser.send(typeof e.data === "string" ? e.data : "");
      });
      upstream.addEventListener("close", () => resolve());
      upstream.addEventListener("error", () => resolve());
      browser.addEventListener("close", () => {
        try {
          upstream.close(1000, "the watcher left");
        } catch {
          /* already closed */
        }
        resolve();
      });
    });
    following = false;
    await watchRow;
  }
  try {
    browser.close(1000, "no longer following");
  } catch {
    /* already closed */
  }
}
