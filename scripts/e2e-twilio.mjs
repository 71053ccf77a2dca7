// A stand-in for Twilio for the browser tests (scripts/e2e.mjs): the REST calls the worker makes
// (create a call with inline TWIML, update or hang it up) and the phone side of the call, so a call
// takes the real media path: the worker places it, this "hotel" answers, opens the Media Stream the
// TwiML names (signed like Twilio: HMAC-SHA1 of the wss/ws URL with the auth token), sends `connected`,
// `start` and 20 ms μ-law frames in real time, acknowledges the agent's marks, and hangs up (`stop`)
// after a few seconds. The CallSession records both tracks and stores the stereo WAV in R2.
import { createHmac, randomBytes } from "node:crypto";
import { createServer } from "node:http";

const FRAME = 160; // 20 ms of μ-law at 8 kHz

/** μ-law of a quiet 400 Hz tone: audio with a shape, so the recording is not flat silence. */
function toneFrames(seconds) {
  const out = [];
  for (let f = 0; f < seconds * 50; f++) {
    const frame = new Uint8Array(FRAME);
    for (let i = 0; i < FRAME; i++) {
      const n = f * FRAME + i;
      const s = Math.round(600 * Math.sin((2 * Math.PI * 400 * n) / 8000));
      frame[i] = linearToMulaw(s);
    }
    out.push(frame);
  }
  return out;
}

function linearToMulaw(sample) {
  const BIAS = 0x84;
  let sign = 0;
  let s = sample;
  if (s < 0) {
    s = -s;
    sign = 0x80;
  }
  s = Math.min(s + BIAS, 32635);
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; exponent--, mask >>= 1);
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

const attr = (xml, tag, name) => new RegExp(`<${tag}[^>]*\\s${name}="([^"]*)"`).exec(xml)?.[1]?.replaceAll("&amp;", "&") ?? null;

function answer({ twiml, callSid, authToken, accountSid, seconds, log }) {
  const url = attr(twiml, "Stream", "url");
  if (!url) return log(`no <Stream> in the TwiML: ${twiml.slice(0, 200)}`);
  const params = Object.fromEntries([...twiml.matchAll(/<Parameter\s+name="([^"]+)"\s+value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  const signature = createHmac("sha1", authToken).update(url).digest("base64");
  const ws = new WebSocket(url, { headers: { "x-twilio-signature": signature } });
  const streamSid = `MZ${randomBytes(16).toString("hex")}`;
  let seq = 0;
  let timer = null;
  const send = (m) => ws.readyState === WebSocket.OPEN && ws.send(JSON.stringify({ ...m, sequenceNumber: String(++seq), streamSid }));
  ws.addEventListener("open", () => {
    ws.send(JSON.stringify({ event: "connected", protocol: "Call", version: "1.0.0" }));
    send({
      event: "start",
      start: { accountSid, streamSid, callSid, tracks: ["inbound"], customParameters: params, mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 } },
    });
    const frames = toneFrames(seconds);
    const t0 = Date.now();
    let sent = 0;
    const tick = () => {
      const due = Math.min(frames.length, Math.floor((Date.now() - t0) / 20));
      while (sent < due) {
        const payload = Buffer.from(frames[sent]).toString("base64");
        send({ event: "media", media: { track: "inbound", chunk: String(sent + 1), timestamp: String(sent * 20), payload } });
        sent++;
      }
      if (sent >= frames.length) {
        send({ event: "stop", stop: { accountSid, callSid } });
        ws.close(1000, "stop");
        return;
      }
      timer = setTimeout(tick, 20);
    };
    tick();
  });
  ws.addEventListener("message", (e) => {
    let m;
    try {
      m = JSON.parse(String(e.data));
    } catch {
      return;
    }
    // What the agent plays is "heard" at once: every mark is acknowledged.
    if (m.event === "mark") send({ event: "mark", mark: { name: m.mark.name } });
  });
  ws.addEventListener("close", () => clearTimeout(timer));
  ws.addEventListener("error", (e) => log(`media socket error: ${e.message ?? e}`));
}

/** Starts the REST side on 127.0.0.1; answers every call it creates. */
export async function startTwilio({ accountSid, authToken, seconds = 3, log = () => {} }) {
  const calls = [];
  const server = createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const form = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
    const auth = Buffer.from(`${accountSid}:${authToken}`).toString("base64");
    const json = (status, body) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Basic ${auth}`) return json(401, { code: 20003, message: "Authenticate", status: 401 });
    const path = (req.url ?? "").split("?")[0];
    const base = `/2010-04-01/Accounts/${accountSid}/Calls`;
    if (req.method === "POST" && path === `${base}.json`) {
      const sid = `CA${randomBytes(16).toString("hex")}`;
      const call = { sid, account_sid: accountSid, to: form.get("To"), from: form.get("From"), status: "queued", direction: "outbound-api" };
      calls.push(call);
      json(201, call);
      setTimeout(() => answer({ twiml: form.get("Twiml") ?? "", callSid: sid, authToken, accountSid, seconds, log }), 200);
      return;
    }
    const m = path.match(new RegExp(`^${base}/(CA[0-9a-zA-Z]{32})\\.json$`));
    if (req.method === "POST" && m) {
      const call = calls.find((c) => c.sid === m[1]);
      if (!call) return json(404, { code: 20404, message: "not found", status: 404 });
      if (form.get("Status")) call.status = form.get("Status");
      return json(200, call);
    }
    json(404, { code: 20404, message: `The requested resource ${path} was not found`, status: 404 });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, calls, close: () => new Promise((r) => server.close(r)) };
}
