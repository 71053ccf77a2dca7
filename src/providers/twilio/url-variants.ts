// The URL forms the official twilio-node validator tries, re-implemented without Node: the URL as received
// with and without its port, its WHATWG-normalized form as Node prints it, and that form with the query
// re-encoded by Node's legacy `querystring` module (parse, then stringify).

interface UrlParts {
  scheme: string; // "https://"
  userInfo: string; // "user:pw@" or ""
  host: string;
  port: string; // ":8443", ":" or ""
  rest: string; // path, query and fragment, untouched
}

/** Splits off scheme and authority without normalizing anything, so the rest keeps the bytes Twilio signed. */
function splitUrl(url: string): UrlParts | null {
  const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
  if (!match) return null;
  const scheme = match[1]!;
  const authority = match[2]!;
  const at = authority.lastIndexOf("@");
  const hostAndPort = authority.slice(at + 1);
  // In an IPv6 literal the port colon comes after the closing bracket.
  const colon = hostAndPort.indexOf(":", hostAndPort.lastIndexOf("]") + 1);
  return {
    scheme,
    userInfo: authority.slice(0, at + 1),
    host: colon === -1 ? hostAndPort : hostAndPort.slice(0, colon),
    port: colon === -1 ? "" : hostAndPort.slice(colon),
    rest: url.slice(match[0].length),
  };
}

export function withoutPort(url: string): string {
  const p = splitUrl(url);
  return p ? p.scheme + p.userInfo + p.host + p.rest : url;
}

export function withDefaultPort(url: string): string {
  const p = splitUrl(url);
  if (!p || p.port) return url;
  const port = p.scheme.toLowerCase() === "https://" ? ":443" : ":80";
  return p.scheme + p.userInfo + p.host + port + p.rest;
}

/**
 * `new URL(url).toString()` as Node prints it. The one difference found between workerd and Node (where the
 * official library runs): workerd follows the newer WHATWG rule that percent-encodes "^" in paths, Node keeps
 * it. So a "^" in the path is swapped for a character both keep raw (and absent from the path), then restored.
 */
export function nodeStyleHref(url: string): string {
  const input = /^([^?#]*?:\/\/[^/\\?#]*)([^?#]*)/.exec(url);
  const path = input?.[2] ?? "";
  const marker = [..."!$~*'(),;=@_-"].find((c) => !path.includes(c));
  if (!input || !path.includes("^") || !marker) return new URL(url).toString();
  const href = new URL(input[1] + path.replaceAll("^", marker) + url.slice(input[0].length)).toString();
  const output = /^([^?#]*?:\/\/[^/?#]*)([^?#]*)/.exec(href);
  return output ? output[1] + output[2]!.replaceAll(marker, "^") + href.slice(output[0].length) : href;
}

// ---- Node's legacy querystring round trip (parse, then stringify) ---------------------------------------

const MAX_QUERY_PAIRS = 1000; // querystring.parse's default maxKeys; empty pairs count too
const ARRAY_INDEX = /^(?:0|[1-9][0-9]*)$/;
const VALID_ESCAPE = /%[0-9a-fA-F]{2}/;

export function withLegacyQuery(url: string): string {
  const start = url.indexOf("?");
  if (start === -1 || start === url.length - 1) return url;
  return url.slice(0, start + 1) + legacyStringify(legacyParse(url.slice(start + 1)));
}

function legacyParse(query: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const pairs = query.split("&").slice(0, MAX_QUERY_PAIRS);
  for (const pair of pairs) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = legacyDecode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : legacyDecode(pair.slice(eq + 1));
    const values = out.get(key);
    if (values) values.push(value);
    else out.set(key, [value]);
  }
  return out;
}

function legacyDecode(raw: string): string {
  const s = raw.replaceAll("+", " ");
  if (!VALID_ESCAPE.test(s)) return s; // querystring only decodes what holds a valid %XX escape
  try {
    return decodeURIComponent(s);
  } catch {
    // Malformed UTF-8 or stray "%": decode the valid escapes bytewise, then UTF-8 with replacement.
    const bytes: number[] = [];
    for (let i = 0; i < s.length; i++) {
      const hex = s.slice(i + 1, i + 3);
      if (s[i] === "%" && /^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 2;
      } else {
        bytes.push(s.charCodeAt(i) & 0xff);
      }
    }
    return new TextDecoder().decode(new Uint8Array(bytes));
  }
}

/** Object key order, as querystring.stringify sees it: array indices ascending, then insertion order. */
function legacyStringify(parsed: Map<string, string[]>): string {
  const keys = [...parsed.keys()];
  const isIndex = (k: string) => ARRAY_INDEX.test(k) && Number(k) <= 4294967294;
  const ordered = [...keys.filter(isIndex).sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex(k))];
  const fields: string[] = [];
  for (const key of ordered) {
    for (const value of parsed.get(key)!) fields.push(`${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
  }
  return fields.join("&");
}
