import { describe, expect, it } from "vitest";
import { PiiCipher, PiiKeyError } from "../../src/platform/pii-cipher";

const key = (fill: number) => btoa(String.fromCharCode(...new Uint8Array(32).fill(fill)));

describe("PII cipher", () => {
  it("seals with a fresh IV and the key id, and opens again", async () => {
    const c = await PiiCipher.create(key(1));
    const a = await c.seal("Ada Lovelace");
    const b = await c.seal("Ada Lovelace");
    expect(a).not.toBe(b);
    expect(a.split(".")[1]).toBe(c.keyId);
    expect(a).not.toContain("Ada");
    expect(await c.open(a)).toBe("Ada Lovelace");
  });
  it("keeps old data readable after a rotation, and refuses unknown keys", async () => {
    const old = await PiiCipher.create(key(1));
    const sealed = await old.seal("secret");
    const rotated = await PiiCipher.create(key(2), [key(1)]);
    expect(rotated.keyId).not.toBe(old.keyId);
    expect(await rotated.open(sealed)).toBe("secret");
    const other = await PiiCipher.create(key(3));
    await expect(other.open(sealed)).rejects.toBeInstanceOf(PiiKeyError);
  });
  it("detects tampering", async () => {
    const c = await PiiCipher.create(key(1));
    const [v, id, iv, ct] = (await c.seal("secret")).split(".");
    // Change the first ciphertext character (a trailing one may only carry base64 padding bits).
    const flipped = `${ct![0] === "A" ? "B" : "A"}${ct!.slice(1)}`;
    await expect(c.open([v, id, iv, flipped].join("."))).rejects.toThrow();
  });
  it("refuses keys that are not 32 bytes of base64", async () => {
    await expect(PiiCipher.create("short")).rejects.toBeInstanceOf(PiiKeyError);
    await expect(PiiCipher.create(btoa("x".repeat(16)))).rejects.toBeInstanceOf(PiiKeyError);
  });
});
