// Node-side plumbing the fake provider servers share (they run in vitest's globalSetup, not in workerd):
// a Node request as a fetch Request, a fetch Response written back (streamed chunk by chunk, so pacing
// and mid-stream faults reach the client as they would from the real API), and upgrade refusals.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

export async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  const method = req.method ?? "GET";
  let body: Uint8Array | undefined;
  if (method !== "GET" && method !== "HEAD") {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    body = Buffer.concat(chunks);
  }
  return new Request(`${origin}${req.url ?? "/"}`, { method, headers, body });
}

/**
 * Writes `response` to `res`. A body that errors mid-way resets the connection (the client sees a broken
 * stream, not a clean end); a client that goes away cancels the body.
 */
export async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((v, k) => (headers[k] = v));
  res.writeHead(response.status, headers);
  if (!response.body) {
    res.end();
    return;
  }
  res.socket?.setNoDelay(true);
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on("close", () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      res.write(value);
    }
    res.end();
  } catch {
    res.socket?.destroy();
  }
}

/** Answers an upgrade request with a plain HTTP response (a refused WebSocket) and closes. */
export async function refuseUpgrade(socket: Duplex, response: Response): Promise<void> {
  const body = Buffer.from(await response.text());
  const lines = [`HTTP/1.1 ${response.status} ${STATUS_TEXT[response.status] ?? "Error"}`];
  response.headers.forEach((v, k) => lines.push(`${k}: ${v}`));
  lines.push(`content-length: ${body.length}`, "connection: close", "", "");
  socket.end(Buffer.concat([Buffer.from(lines.join("\r\n")), body]));
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  404: "Not Found",
  405: "Method Not Allowed",
  426: "Upgrade Required",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

export async function readJson<T>(req: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as T;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/**
 * Resets the connection before any answer: the "network" fault. workerd logs every subrequest that
 * fails this way as an "uncaught exception" (at the debug level the tests run at), however the worker
 * handles the rejection; the line printed here lets `npm run drill` tell these injected failures from
 * exceptions nothing accounts for.
 */
export function resetConnection(socket: Duplex, what: string, kind: "request" | "upgrade" = "request"): void {
  // Only a reset request is known to make that line; an upgrade's is marked apart and not discounted.
  console.log(kind === "request" ? `FAKE_FAULT connection reset (${what})` : `FAKE_FAULT upgrade reset (${what})`);
  socket.destroy();
}
