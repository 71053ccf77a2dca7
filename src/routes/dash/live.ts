// The live parts: one Server-Sent Events stream per page (the server polls the D1 read models and
// says when they changed, the page refreshes its live parts), the watch socket for a call's live
// transcript (forwarded to its CallSession), and the recording route with Range support.
import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { RECORD_ID, recordStub } from "../../objects/folio-record/client";
import { followCalls } from "../../dash/follow";
import { fingerprint } from "../../dash/queries";
import { signLink } from "../../platform/signed-links";
import type { DashEnv } from "./context";

export const liveRoutes = new Hono<DashEnv>();

const POLL_MS = 1000;
/** A stream ends after this long; EventSource reconnects by itself (and the session is checked again). */
const STREAM_MS = 5 * 60_000;
export const CALL_ID = /^[\w.:-]{1,100}$/;

liveRoutes.get("/live", (c) =>
  streamSSE(c, async (stream) => {
    let closed = false;
    stream.onAbort(() => void (closed = true));
    const until = Date.now() + STREAM_MS;
    let last = "";
    await stream.writeSSE({ event: "ready", data: "{}", retry: 2000 });
    while (!closed && Date.now() < until) {
      const now = await fingerprint(c.env).catch(() => last);
      if (now !== last) {
        if (last !== "") await stream.writeSSE({ event: "change", data: "{}" });
        last = now;
      }
      await stream.sleep(POLL_MS);
    }
  }),
);

/** Follow live calls: whichever call starts next, then the next (src/dash/follow.ts). */
liveRoutes.get("/calls/next/watch", async (c) => {
  if ((c.req.header("upgrade") ?? "").toLowerCase() !== "websocket") return c.json({ error: { code: "upgrade_required", message: "expected a WebSocket upgrade" } }, 426);
  const origin = c.req.header("origin");
  if (origin && origin !== new URL(c.req.url).origin) return c.json({ error: { code: "forbidden", message: "cross-site socket refused" } }, 403);
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  c.executionCtx.waitUntil(followCalls(c.env, server));
  return new Response(null, { status: 101, webSocket: client });
});

/** The live transcript: the browser's socket goes to the call's CallSession, which pushes its nodes. */
liveRoutes.get("/calls/:id/watch", async (c) => {
  const callId = c.req.param("id");
  if (!CALL_ID.test(callId)) return c.json({ error: { code: "not_found", message: "call not found" } }, 404);
  if ((c.req.header("upgrade") ?? "").toLowerCase() !== "websocket") return c.json({ error: { code: "upgrade_required", message: "expected a WebSocket upgrade" } }, 426);
  // Browsers send Origin on WebSocket handshakes and do not apply CORS to them: check it here.
  const origin = c.req.header("origin");
  if (origin && origin !== new URL(c.req.url).origin) return c.json({ error: { code: "forbidden", message: "cross-site socket refused" } }, 403);
  const stub = c.env.CALL_SESSION.get(c.env.CALL_SESSION.idFromName(callId));
  return stub.fetch("https://call-session/watch", { headers: { upgrade: "websocket", "x-folio-call-id": callId } });
});

async function recordingKey(env: Env, recordId: string, callId: string): Promise<string | null> {
  const stub = recordStub(env, recordId);
  const state = await stub.getState();
  const call = state?.calls.find((k) => k.call_id === callId);
  if (!call) return null;
  if (call.recording_key) return call.recording_key;
  const ended = (await stub.getEvents()).find((e) => e.event_type === "CallEnded" && (e.data as { call_id?: string }).call_id === callId);
  return ((ended?.data as { recording_key?: string } | undefined)?.recording_key as string | undefined) ?? null;
}

liveRoutes.get("/records/:id/calls/:callId/recording", async (c) => {
  const { id, callId } = c.req.param();
  const notFound = () => c.json({ error: { code: "not_found", message: "recording not found" } }, 404);
  if (!RECORD_ID.test(id) || !CALL_ID.test(callId)) return notFound();
  // The key comes from the record's own call, so a recording is only reachable through its record.
  if (!(await recordingKey(c.env, id, callId))) return notFound();
  // The bytes are served only through a link that expires (the /files route, with Range): the audio
  // element follows this redirect, and asks again here for a fresh link once that one has run out.
  const link = await signLink(c.env, new URL(c.req.url).origin, `/files/records/${id}/calls/${callId}/recording`);
  c.header("cache-control", "no-store");
  return c.redirect(link.url, 302);
});
