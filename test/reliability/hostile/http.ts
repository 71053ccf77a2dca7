// Hostile HTTP requests across every route the app mounts (read from the router, so a route added
// later is attacked too), from a seeded PRNG. Every request is made so that no correct server may
// act on it: a bad or missing key, a role too low, a body that is not a valid document, a forged or
// replayed Twilio signature, a forged file link. GETs may carry a good key (they change nothing).
import { exports } from "cloudflare:workers";
import { computeTwilioSignature } from "../../../src/providers/twilio/signature";
import { prng } from "../../support/prng";

export interface Target {
  /** Values for path parameters that exist (record ids, phones, call ids, …), by parameter name. */
  known: Record<string, string[]>;
  keys: { viewer: string; operator: string; admin: string };
}

export interface HostileRequest {
  method: string;
  route: string;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array | string;
  /** What makes it one no server may act on. */
  defect: string;
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const enc = new TextEncoder();

function randomBytes(r: Rand, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(r() * 256);
  return out;
}
function randomText(r: Rand, n: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-"): string {
  let s = "";
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(r() * alphabet.length)];
  return s;
}

const garbageParams = (r: Rand): string[] => [
  "..%2F..%2Fetc%2Fpasswd",
  "%00",
  "%zz",
  "%E0%A4%A",
  "'%3B%20DROP%20TABLE%20records%3B--",
  randomText(r, 300),
  "rec_" + randomText(r, 26, "ABCDEFGHIJKLMNOP0189"),
  "rec_aaaaaaaaaaaaaaaaaaaaaaaaaa",
  "%F0%9F%92%A9",
  "call_" + randomText(r, 120),
  "+1%20(415)%20555-01",
  "%2B99999999999999999",
  "null",
  "__proto__",
  "constructor",
];

/** JSON text that is not a JSON document. */
const brokenJson = (r: Rand): (string | Uint8Array)[] => [
  '{"records": [',
  "{'a': 1}",
  '{"a": 1,}',
  "NaN",
  '{"a":1}{"b":2}',
  "\u0000\u0001\u0002",
  new Uint8Array([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]), // {"\xC3(":1} invalid UTF-8
  new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]), // UTF-16 BOM
  "[".repeat(5000),
  '{"records": [{"guest_name": "a"' + "\u2028".repeat(10),
  "1e99999x",
  randomText(r, 64),
  randomBytes(r, 256),
];

/** JSON documents that no route's schema accepts (never `{}`, which some commands take as "no options"). */
const wrongJson = (r: Rand): string[] => [
  "null",
  "[]",
  "42",
  '"x"',
  "true",
  '{"records": "x"}',
  '{"records": [null]}',
  '{"records": [{"guest_name": {"$gt": ""}}]}',
  '{"__proto__": {"role": "admin"}, "x": 1}',
  '{"constructor": {"prototype": {"admin": true}}}',
  '{"name": "x", "role": "superadmin"}',
  '{"record_id": "not-a-record"}',
  '{"reason": 5}',
  '{"action": "detonate"}',
  '{"notes": 123, "name": ["x"]}',
  '{"resource": "secrets", "call_id": "../x"}',
  '{"ttl_s": -1, "resource": "recording"}',
  '{"records": [' + Array.from({ length: 1001 }, () => "{}").join(",") + "]}",
  JSON.stringify({ records: [{ guest_name: "x".repeat(100_000) }] }),
  "[".repeat(2000) + "]".repeat(2000),
  '{"a":'.repeat(2000) + "1" + "}".repeat(2000),
  JSON.stringify({ seed: "x", records: -1, z: randomText(r, 10) }),
];

/** CSV that no import may accept: a broken header, broken encoding or no header. */
// Never an empty body: commands with optional options read an empty body as "no options".
const brokenCsv = (r: Rand): (string | Uint8Array)[] => [
  "\n",
  '"guest_name,confirmation_number\nx,y',
  "guest_name;confirmation_number;check_in\nA;B;C\n",
  "not,the,header\n1,2,3\n",
  new Uint8Array([0x67, 0x75, 0xc3, 0x28, 0x0a, 0xff, 0xfe]),
  "\u0000".repeat(100),
  Array.from({ length: 5000 }, (_, i) => `c${i}`).join(",") + "\n",
  "guest_name,guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone\n",
  randomBytes(r, 512),
];

const formBodies = (r: Rand): string[] => ["a=1&b=%zz&c", "records=1&records=2", "=&&==&" + randomText(r, 20), "CallSid=CA123&CallStatus=completed", "AnsweredBy=human&CallSid=" + randomText(r, 34)];

const multipart = (r: Rand): { type: string; body: string } => ({
  type: `multipart/form-data; boundary=${randomText(r, 12)}`,
  body: `--wrong\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n\r\n${randomText(r, 40)}\r\n--wrong--`,
});

const contentTypes = [
  "application/json",
  "application/json; charset=utf-16",
  "text/csv",
  "text/plain",
  "application/x-www-form-urlencoded",
  "application/xml",
  "",
  "application/json, text/csv",
  "*/*",
];

const authDefects = (r: Rand): { defect: string; headers: Record<string, string> }[] => [
  { defect: "no key", headers: {} },
  { defect: "unknown key", headers: { authorization: `Bearer fk_${randomText(r, 40)}` } },
  { defect: "empty bearer", headers: { authorization: "Bearer " } },
  { defect: "basic auth", headers: { authorization: "Basic dXNlcjpwYXNz" } },
  { defect: "two tokens", headers: { authorization: "Bearer a b" } },
  { defect: "huge key", headers: { authorization: `Bearer ${randomText(r, 8000)}` } },
  { defect: "cookie only", headers: { cookie: `folio_session=${randomText(r, 40)}` } },
];

const queryGarbage = (r: Rand): string[] => [
  "",
  "?limit=-1",
  "?limit=abc",
  "?limit=1e309",
  "?status=hacked",
  "?status=pending&status=queued",
  `?cursor=${randomText(r, 40)}`,
  "?cursor=%%%",
  "?unknown=1",
  "?hotel_phone=%3Cscript%3E",
  `?expires=${Math.floor(Date.now() / 1000) + 600}&sig=${randomText(r, 43)}`,
  "?expires=99999999999999&sig=AAAA",
  `?${randomText(r, 4000)}=1`,
];

/** Routes that take no body at all: a good key and any body would be a real command. */
const BODYLESS = [/^POST \/api\/admin\/rebuild$/, /^DELETE /, /\/call$/, /sign-?out|logout/];
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const takesNoBody = (route: RouteInfo) => BODYLESS.some((re) => re.test(`${route.method} ${route.path}`));

function fillPath(r: Rand, route: string, target: Target, garble: boolean): string {
  let garbled = false;
  const path = route.replace(/:([A-Za-z_]+)(\{[^}]*\})?/g, (_, name: string) => {
    const known = target.known[name] ?? [];
    if ((garble && !garbled) || known.length === 0 || r() < 0.3) {
      garbled = true;
      return pick(r, garbageParams(r));
    }
    return encodeURIComponent(pick(r, known));
  });
  return path.replace(/\*$/, randomText(r, 8));
}

function body(r: Rand, kind: "json" | "csv" | "form" | "multipart" | "binary"): { type: string; body: string | Uint8Array; defect: string } {
  switch (kind) {
    case "json":
      return r() < 0.5
        ? { type: "application/json", body: pick(r, brokenJson(r)), defect: "broken JSON" }
        : { type: "application/json", body: pick(r, wrongJson(r)), defect: "JSON against the schema" };
    case "csv":
      return { type: "text/csv", body: pick(r, brokenCsv(r)), defect: "broken CSV" };
    case "form":
      return { type: "application/x-www-form-urlencoded", body: pick(r, formBodies(r)), defect: "form body" };
    case "multipart": {
      const m = multipart(r);
      return { type: m.type, body: m.body, defect: "broken multipart" };
    }
    case "binary":
      return { type: pick(r, contentTypes), body: randomBytes(r, 1 + Math.floor(r() * 2048)), defect: "random bytes" };
  }
}

export interface RouteInfo {
  method: string;
  path: string;
}

/** The app's routes (method and pattern), as Hono lists them. */
export async function mountedRoutes(): Promise<RouteInfo[]> {
  const { app } = await import("../../../src/worker");
  const seen = new Set<string>();
  const out: RouteInfo[] = [];
  for (const r of app.routes as RouteInfo[]) {
    if (r.method === "ALL") continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}

/** Routes under /api take a bearer key; the rest are public, signed (/twilio, /files) or the dashboard's. */
function needsKey(route: RouteInfo): boolean {
  return route.path.startsWith("/api/");
}

async function twilioRequest(r: Rand, route: RouteInfo, target: Target): Promise<HostileRequest> {
  const path = fillPath(r, route.path, target, false);
  const url = `https://folio.test${path}`;
  // A text's webhooks carry a text's fields (a STOP, a delivery report); a call's, a call's. The value a
  // replay changes is the first one.
  const params: Record<string, string> = route.path.startsWith("/twilio/sms")
    ? { Body: pick(r, ["STOP", "YES", randomText(r, 40)]), MessageSid: `SM${randomText(r, 32)}`, MessageStatus: pick(r, ["delivered", "failed", "x"]), From: "+14155550123", To: "+14155550100" }
    : { CallStatus: pick(r, ["completed", "busy", "in-progress", "hacked"]), CallSid: `CA${randomText(r, 32)}`, AnsweredBy: pick(r, ["human", "machine_start", "x"]) };
  const changed = Object.keys(params)[0]!;
  const kind = Math.floor(r() * 6);
  const headers: Record<string, string> = {};
  let defect: string;
  if (route.method === "GET") {
    headers.upgrade = r() < 0.7 ? "websocket" : "h2c";
    if (kind < 2) defect = "media upgrade without a signature";
    else {
      // A signature Twilio made for another call's stream, replayed here.
      headers["x-twilio-signature"] = await computeTwilioSignature({ authToken: "test-twilio-auth-token", url: `wss://folio.test/twilio/media/call_${randomText(r, 10)}` });
      defect = "media upgrade with another call's signature";
    }
    return { method: "GET", route: `GET ${route.path}`, path, headers, defect };
  }
  headers["content-type"] = "application/x-www-form-urlencoded";
  if (kind === 0) defect = "no signature";
  else if (kind === 1) {
    headers["x-twilio-signature"] = randomText(r, 28) + "=";
    defect = "forged signature";
  } else if (kind === 2) {
    // Signed with the wrong token.
    headers["x-twilio-signature"] = await computeTwilioSignature({ authToken: "not-the-token", url, params });
    defect = "signature under another auth token";
  } else if (kind === 3) {
    // A real signature for these params, replayed with one value changed.
    headers["x-twilio-signature"] = await computeTwilioSignature({ authToken: "test-twilio-auth-token", url, params });
    params[changed] = `${params[changed]}-${randomText(r, 3)}`;
    defect = "replayed signature, params changed";
  } else if (kind === 4) {
    // A real signature for another URL, replayed here.
    headers["x-twilio-signature"] = await computeTwilioSignature({ authToken: "test-twilio-auth-token", url: `${url}x`, params });
    defect = "replayed signature, other URL";
  } else {
    headers["content-type"] = pick(r, ["application/json", "text/plain", "multipart/form-data; boundary=x"]);
    headers["x-twilio-signature"] = randomText(r, 28);
    return { method: "POST", route: `POST ${route.path}`, path, headers, body: pick(r, [...brokenJson(r), ...formBodies(r)]), defect: "forged signature, wrong body type" };
  }
  return { method: "POST", route: `POST ${route.path}`, path, headers, body: new URLSearchParams(params).toString(), defect };
}

/** One hostile request for a route. */
export async function hostileRequest(r: Rand, route: RouteInfo, target: Target): Promise<HostileRequest> {
  if (route.path.startsWith("/twilio")) return twilioRequest(r, route, target);
  const name = `${route.method} ${route.path}`;
  const mutating = MUTATING.has(route.method);
  const bodyless = BODYLESS.some((re) => re.test(name));
  const headers: Record<string, string> = {};
  const roll = r();
  let defect = "";
  let principal: "viewer" | "operator" | "admin" | null = null;
  if (needsKey(route) && (roll < 0.3 || (mutating && bodyless && roll < 0.6))) {
    const a = pick(r, authDefects(r));
    Object.assign(headers, a.headers);
    defect = a.defect;
  } else if (needsKey(route)) {
    principal = pick(r, ["viewer", "operator", "admin", "admin"] as const);
    headers.authorization = `Bearer ${target.keys[principal]}`;
  } else if (r() < 0.3) {
    Object.assign(headers, pick(r, authDefects(r)).headers);
  }
  // Any good key is taken as allowed (the roles matrix checks the roles): a command a key could run
  // must carry a defect of its own, a bad body or a target that is not there.
  const mustDefect = mutating && (principal !== null || !needsKey(route));
  const garble = mustDefect && bodyless;
  if (mustDefect && bodyless && !route.path.includes(":") && needsKey(route)) {
    // No body to spoil and no id to garble: only a principal that may not run it.
    headers.authorization = `Bearer ${target.keys.viewer}`;
    defect = "role too low";
  }
  let path = fillPath(r, route.path, target, garble);
  if (garble) defect ||= "target that does not exist";
  if (route.method === "GET" || route.method === "HEAD") path += pick(r, queryGarbage(r));
  let payload: string | Uint8Array | undefined;
  if (mutating || r() < 0.2) {
    const kind = pick(r, ["json", "json", "json", "csv", "form", "multipart", "binary"] as const);
    const b = body(r, kind);
    payload = b.body;
    headers["content-type"] = r() < 0.8 ? b.type : pick(r, contentTypes);
    if (!headers["content-type"]) delete headers["content-type"];
    if (!defect || mustDefect) defect = defect ? `${defect}; ${b.defect}` : b.defect;
    if (r() < 0.03) {
      headers["content-length"] = String(200 * 1024 * 1024); // a declared body far over any limit
      defect += "; declared oversize";
    }
  }
  if (!defect) defect = "query garbage";
  return { method: route.method, route: name, path, headers, body: payload, defect };
}

/** An actually oversize body (6 MiB, over the 5 MiB JSON limit) for a JSON route. */
export function oversizeRequest(route: RouteInfo, target: Target, path: string): HostileRequest {
  const big = enc.encode(`{"records":[{"guest_name":"${"x".repeat(6 * 1024 * 1024)}"}]}`);
  return {
    method: route.method,
    route: `${route.method} ${route.path}`,
    path,
    headers: { authorization: `Bearer ${target.keys.admin}`, "content-type": "application/json" },
    body: big,
    defect: "6 MiB body",
  };
}

export async function send(req: HostileRequest): Promise<Response> {
  const init: RequestInit = { method: req.method, headers: req.headers, redirect: "manual" };
  if (req.body !== undefined && req.method !== "GET" && req.method !== "HEAD") init.body = req.body;
  return (exports as unknown as { default: Fetcher }).default.fetch(`https://folio.test${req.path}`, init);
}

export { prng, pick };
