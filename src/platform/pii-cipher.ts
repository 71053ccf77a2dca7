// AES-256-GCM for PII at rest (docs/architecture.md, "Events"). The key comes from the secret PII_KEY; every ciphertext
// carries the id of the key that sealed it, so PII_OLD_KEYS can keep old data readable after a
// rotation while new data is sealed with the current key.
const VERSION = "v1";

function fromBase64(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBase64(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

async function keyIdOf(raw: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  return Array.from(digest.subarray(0, 4), (b) => b.toString(16).padStart(2, "0")).join("");
}

export class PiiKeyError extends Error {}

export class PiiCipher {
  private constructor(
    readonly keyId: string,
    private readonly current: CryptoKey,
    private readonly byId: Map<string, CryptoKey>,
  ) {}

  static async create(currentB64: string, oldB64s: readonly string[] = []): Promise<PiiCipher> {
    const byId = new Map<string, CryptoKey>();
    let current: { id: string; key: CryptoKey } | null = null;
    for (const [i, b64] of [currentB64, ...oldB64s].entries()) {
      let raw: Uint8Array;
      try {
        raw = fromBase64(b64.trim());
      } catch {
        throw new PiiKeyError("PII key is not base64");
      }
      if (raw.length !== 32) throw new PiiKeyError("PII key must be 32 bytes (base64)");
      const key = await crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
      const id = await keyIdOf(raw);
      byId.set(id, key);
      if (i === 0) current = { id, key };
    }
    return new PiiCipher(current!.id, current!.key, byId);
  }

  /** `v1.<key id>.<iv>.<ciphertext>`, all base64. The key id is authenticated as associated data. */
  async seal(plaintext: string): Promise<string> {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv, additionalData: new TextEncoder().encode(this.keyId) }, this.current, new TextEncoder().encode(plaintext));
    return `${VERSION}.${this.keyId}.${toBase64(iv)}.${toBase64(new Uint8Array(ct))}`;
  }

  async open(sealed: string): Promise<string> {
    const [version, keyId, iv, ct] = sealed.split(".");
    if (version !== VERSION || !keyId || !iv || !ct) throw new PiiKeyError("not a sealed value");
    const key = this.byId.get(keyId);
    if (!key) throw new PiiKeyError(`no key with id ${keyId}; add it to PII_OLD_KEYS`);
    const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: fromBase64(iv), additionalData: new TextEncoder().encode(keyId) }, key, fromBase64(ct));
    return new TextDecoder().decode(pt);
  }

  async sealJson(value: unknown): Promise<string> {
    return this.seal(JSON.stringify(value));
  }

  async openJson<T>(sealed: string): Promise<T> {
    return JSON.parse(await this.open(sealed)) as T;
  }
}

const cache = new Map<string, Promise<PiiCipher>>();

/** One cipher per key set per isolate: key import is cheap but not free, and appends are hot. */
export function piiCipher(env: { PII_KEY?: string; PII_OLD_KEYS?: string }): Promise<PiiCipher> {
  const current = env.PII_KEY?.trim();
  if (!current) return Promise.reject(new PiiKeyError("PII_KEY is not set"));
  const old = (env.PII_OLD_KEYS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const cacheKey = `${current}|${old.join(",")}`;
  let cipher = cache.get(cacheKey);
  if (!cipher) {
    cipher = PiiCipher.create(current, old);
    cache.set(cacheKey, cipher);
    cipher.catch(() => cache.delete(cacheKey));
  }
  return cipher;
}
