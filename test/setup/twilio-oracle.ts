// Vitest globalSetup, run in Node (not workerd): reads the shared Twilio fixtures and builds random
// signature cases whose validity is decided by the official `twilio` package, then provide()s them all to
// the workerd tests (read them with inject()). Seeded, so a failure reproduces: TWILIO_ORACLE_SEED=<n>.

import { prng } from "../support/prng";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import querystring from "node:querystring";
import type { TestProject } from "vitest/node";
import { getExpectedTwilioSignature, validateRequest, validateRequestWithBody } from "twilio/lib/webhooks/webhooks.js";

export interface SignatureFixture {
  auth_token: string;
  cases: Array<{ url: string; params?: Record<string, string>; body?: string; signature: string; valid: boolean }>;
}

export interface OracleCase {
  label: string;
  authToken: string;
  signature: string;
  url: string;
  params?: Record<string, string | string[]>;
  body?: string;
  valid: boolean;
}

declare module "vitest" {
  export interface ProvidedContext {
    twilioSignatureFixture: SignatureFixture;
    twilioMediaFixture: string[];
    twilioOracle: { seed: number; cases: OracleCase[] };
  }
}

const FIXTURES = path.join(import.meta.dirname, "..", "..", "..", "shared", "fixtures", "twilio");

export default function setup(project: TestProject) {
  const seed = Number(process.env.TWILIO_ORACLE_SEED ?? 20261117);
  project.provide("twilioSignatureFixture", JSON.parse(readFileSync(path.join(FIXTURES, "signature-vectors.json"), "utf8")));
  const lines = readFileSync(path.join(FIXTURES, "media-stream-messages.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
  project.provide("twilioMediaFixture", lines);
  project.provide("twilioOracle", { seed, cases: generateCases(seed, 160, 60) });
}

// ---- random inputs --------------------------------------------------------------------------------------

export function generateCases(seed: number, formCount: number, jsonCount: number): OracleCase[] {
  const rand = prng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => rand() < p;

  const PIECES = [
    "a",
    "Z",
    "0",
    "9",
    "-",
    "_",
    ".",
    "~",
    " ",
    "'",
    "(",
    ")",
    "!",
    "*",
    "+",
    ",",
    ";",
    ":",
    "@",
    "$",
    "é",
    "ü",
    "😀",
    "漢",
    '"',
    "<",
    ">",
    "|",
    "^",
    "`",
    "{",
    "}",
    "%20",
    "%27",
    "%2B",
    "%C3%A9",
    "%FF",
    "%zz",
    "%",
    "%4",
  ];
  const text = (max: number, pieces = PIECES) => Array.from({ length: int(max + 1) }, () => pick(pieces)).join("");
  const word = () => Array.from({ length: 1 + int(8) }, () => pick("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split(""))).join("");
  const QUERY_PIECES = PIECES.concat(["=", "&", "&&", "%26", "%3D", "+"]);
  const HOSTS = ["example.com", "Folio.Example.COM", "api.folio.test", "127.0.0.1", "[::1]", "[2001:db8::1]", "user:pw@example.com", "bücher.example"];

  const randomUrl = () => {
    const scheme = pick(["https", "https", "https", "http", "wss", "HTTPS"]);
    const port = chance(0.55) ? "" : pick([":443", ":80", ":8443", ":8787", ":"]);
    const segments = Array.from({ length: int(4) }, () => (chance(0.5) ? word() : text(6)));
    let url = `${scheme}://${pick(HOSTS)}${port}/${segments.join("/")}`;
    if (chance(0.7)) {
      const pairs = Array.from({ length: 1 + int(5) }, () => {
        const key = chance(0.15) ? pick(["2", "10", "0", "01", "__proto__", ""]) : chance(0.6) ? word() : text(4, QUERY_PIECES);
        return chance(0.1) ? key : `${key}=${chance(0.5) ? word() : text(6, QUERY_PIECES)}`;
      });
      url += `?${pairs.join("&")}`;
    }
    if (chance(0.05)) url += `#${word()}`;
    return url;
  };

  const randomParams = () => {
    const params: Record<string, string | string[]> = {};
    const names = ["CallSid", "AccountSid", "From", "To", "CallStatus", "Digits", "AnsweredBy", "StatusCallbackEvent"];
    for (let i = int(7); i > 0; i--) {
      const name = chance(0.6) ? pick(names) : chance(0.5) ? word() : text(4);
      const value = () => (chance(0.5) ? word() : text(10));
      params[name] = chance(0.2) ? Array.from({ length: 2 + int(3) }, () => (chance(0.3) ? "dup" : value())) : value();
    }
    return params;
  };

  const defaultPort = (url: string) =>
    url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#]*?)(\/|\?|#|$)/i, (_, authority: string, next: string) =>
      /:\d*$/.test(authority.replace(/^.*@/, "").replace(/\[.*\]/, "")) ? authority + next : `${authority}${/^https:/i.test(url) ? ":443" : ":80"}${next}`,
    );
  const stripPort = (url: string) => url.replace(/^([a-z][a-z0-9+.-]*:\/\/(?:[^/?#]*@)?(?:\[[^\]]*\]|[^/?#:@]*)):[0-9]*/i, "$1");
  const normalize = (url: string) => {
    try {
      return new URL(url).toString();
    } catch {
      return url;
    }
  };
  const legacy = (url: string) => {
    const q = url.indexOf("?");
    return q === -1 ? url : url.slice(0, q + 1) + querystring.stringify(querystring.parse(url.slice(q + 1)));
  };
  const URL_VARIANTS: Array<[string, (u: string) => string]> = [
    ["as-is", (u) => u],
    ["as-is", (u) => u],
    ["default-port", defaultPort],
    ["no-port", stripPort],
    ["normalized", normalize],
    ["normalized+port", (u) => defaultPort(normalize(u))],
    ["legacy-query", (u) => legacy(normalize(u))],
    ["legacy-query+port", (u) => legacy(defaultPort(normalize(u)))],
    ["other-path", (u) => u.replace(/(:\/\/[^/?#]*\/)/, "$1x")],
    ["wrong-port", (u) => stripPort(u).replace(/(:\/\/[^/?#]*)/, "$1:444")],
  ];

  const cases: OracleCase[] = [];
  const tokens = ["12345", "f00dfeedf00dfeedf00dfeedf00dfeed", "tøken with spaces"];

  // Hand-picked URLs where the fallbacks matter, each signed in every variant.
  for (const url of EDGE_URLS) {
    for (const [urlLabel, variant] of URL_VARIANTS) {
      const authToken = "12345";
      const params = { CallSid: "CA123", Digits: ["2", "1", "2"] };
      const signature = getExpectedTwilioSignature(authToken, variant(url), params);
      cases.push({ label: `edge ${urlLabel} ${url}`, authToken, signature, url, params, valid: oracle(() => validateRequest(authToken, signature, url, params)) });
    }
  }

  for (let i = 0; i < formCount; i++) {
    const authToken = pick(tokens);
    const url = randomUrl();
    const params = randomParams();
    const [urlLabel, variant] = pick(URL_VARIANTS);
    let signedParams: Record<string, string | string[]> = params;
    let paramLabel = "params";
    const keys = Object.keys(params);
    const r = rand();
    if (r < 0.08 && keys.length > 0) {
      signedParams = { ...params };
      delete signedParams[pick(keys)];
      paramLabel = "param-dropped";
    } else if (r < 0.16) {
      signedParams = { ...params, [chance(0.5) ? "Extra" : pick(keys.concat("X"))]: word() };
      paramLabel = "param-changed";
    } else if (r < 0.24) {
      signedParams = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? [...v].reverse() : v]));
      paramLabel = "values-reordered";
    }
    let signature = getExpectedTwilioSignature(authToken, variant(url), signedParams);
    let sigLabel = "";
    const s = rand();
    if (s < 0.05) [signature, sigLabel] = [getExpectedTwilioSignature("wrong", url, params), "+wrong-token"];
    else if (s < 0.08) [signature, sigLabel] = ["", "+empty-signature"];
    else if (s < 0.1) [signature, sigLabel] = [`${signature} `, "+padded-signature"];
    else if (s < 0.12) [signature, sigLabel] = [signature.slice(0, -2), "+truncated-signature"];
    cases.push({ label: `form ${urlLabel} ${paramLabel}${sigLabel}`, authToken, signature, url, params, valid: oracle(() => validateRequest(authToken, signature, url, params)) });
  }

  for (let i = 0; i < jsonCount; i++) {
    const authToken = pick(tokens);
    const body = JSON.stringify({ event: word(), text: text(12), n: int(1000), nested: { ok: chance(0.5), list: [text(3), word()] } }, null, chance(0.3) ? 2 : undefined);
    const h = rand();
    const [hashLabel, hash] =
      h < 0.7 ? ["hash", sha256(body)] : h < 0.8 ? ["hash-of-other-body", sha256(`${body} `)] : h < 0.9 ? ["hash-uppercase", sha256(body).toUpperCase()] : ["hash-missing", null];
    const base = randomUrl().replace(/#.*$/, "");
    const url = hash === null ? base : `${base}${base.includes("?") ? "&" : "?"}bodySHA256=${hash}`;
    const [urlLabel, variant] = pick(URL_VARIANTS);
    let signature = getExpectedTwilioSignature(authToken, variant(url), {});
    if (chance(0.08)) signature = getExpectedTwilioSignature("wrong", url, {});
    cases.push({ label: `json ${urlLabel} ${hashLabel}`, authToken, signature, url, body, valid: oracle(() => validateRequestWithBody(authToken, signature, url, body)) });
  }
  return cases;
}

const EDGE_URLS = [
  "https://folio.example.com/twilio/voice?x='y z'&2=b&a=1&2=c",
  "https://folio.example.com/twilio/status?q=%FF%zz&r=caf%C3%A9&s=a+b&t=%E2%82",
  "https://Folio.Example.com:443/twilio/amd?AnsweredBy=machine_end_beep",
  "http://localhost:8787/twilio/voice?call_id=abc",
  "wss://folio.example.com/twilio/media",
  "https://folio.example.com/p(1)/!*'?k=(v)&&&=e&flag",
  "https://user:p%40ss@folio.example.com/x?__proto__=1&constructor=2&4294967295=a&4294967294=b",
  "https://[::1]:8443/x?a=%2B+%20",
  "https://folio.example.com/ü/😀?ü=😀&e=\u00e9",
  "https://folio.example.com",
  "https://folio.example.com/a^b/%5E/c^?d=^#^",
  "https://folio.example.com/a^b!$~*'(),;=@_-/?x=1",
];

function sha256(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex");
}

/** The official library throws on a URL `new URL()` rejects; a rejected request is what that means. */
function oracle(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
