// Opens an OpenAI Realtime WebSocket from workerd. The runtime has no outbound `new WebSocket(url)`:
// a fetch to the https URL with `Upgrade: websocket` returns a Response whose `webSocket` must be
// accepted (the same pattern as openai-agents-js's Cloudflare transport). Auth travels as a header,
// which a browser socket could not do. `OpenAI-Beta: realtime=v1` selects the beta event protocol, the
// one with `transcription_session.update`.

import { ProviderError } from "../voice";
import { errorFromAnswer, raceAbort, type OpenAIHttp } from "./http";

/** Resolves with an accepted socket, or rejects with a ProviderError (refused upgrade, network, timeout). */
export async function openRealtimeSocket(http: OpenAIHttp, query: string, timeoutMs: number): Promise<WebSocket> {
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new ProviderError("openai", "stt", "timeout", `Realtime did not connect in ${timeoutMs} ms`)), timeoutMs);
  try {
    const url = http.url(`/realtime?${query}`).replace(/^ws/i, "http");
    const headers = { authorization: http.authorization, upgrade: "websocket", "openai-beta": "realtime=v1" };
    const res = await raceAbort(http.fetch(url, { method: "GET", headers, signal: ctl.signal }), ctl.signal);
    const ws = res.webSocket;
    if (!ws) throw errorFromAnswer("stt", res, await raceAbort(res.text(), ctl.signal).catch(() => ""));
    ws.accept();
    return ws;
  } catch (err) {
    if (ctl.signal.aborted) throw ctl.signal.reason;
    if (err instanceof ProviderError) throw err;
    throw new ProviderError("openai", "stt", "network", `Realtime connect failed: ${String(err)}`, {}, { cause: err });
  } finally {
    clearTimeout(timer);
  }
}
