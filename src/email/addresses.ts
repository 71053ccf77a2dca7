// The identifiers an email request carries and a reply brings back (docs/architecture.md, "Email"): the token in the
// Reply-To address, the reference in the subject and the Message-ID. Outbound writes them, inbound
// reads them back, so both sides use these few functions and cannot drift apart.

/** The local part before `+TOKEN`; replies to `folios+TOKEN@INBOUND_DOMAIN` carry the token back. */
export const REPLY_LOCAL_PART = "folios";

/** Record tokens are 12 base32 characters; batch tokens are `b` + 12, so the two never collide. */
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

export function replyAddress(token: string, inboundDomain: string): string {
  return `${REPLY_LOCAL_PART}+${token}@${inboundDomain}`;
}

/** A fresh token for a hotel batch request; the caller stores which records it stands for. */
export function newBatchToken(): string {
  let out = "b";
  for (const byte of crypto.getRandomValues(new Uint8Array(12))) out += BASE32[byte & 31];
  return out;
}

/** `[Folio REF-<TOKEN>]`: the token upper-cased so it reads as a reference, not as a word. */
export function referenceFor(token: string): string {
  return `REF-${token.toUpperCase()}`;
}

// Mail systems may change the case of a local part, and people retype references: tokens are
// compared lower-cased everywhere (our tokens are lower-case base32).
const TOKEN_IN_ADDRESS = /(?:^|[\s<,;:"'])folios\+([a-z0-9][a-z0-9_-]{2,63})@([a-z0-9.-]+)/gi;
const REFERENCE = /\bREF-([A-Z0-9][A-Z0-9_]{2,63})\b/gi;

/** Reply tokens in any of the addresses (bare, or `Name <addr>`), lower-cased and deduplicated. */
export function tokensInAddresses(addresses: readonly string[], inboundDomain?: string): string[] {
  const found = new Set<string>();
  const domain = inboundDomain?.toLowerCase();
  for (const address of addresses) {
    for (const m of ` ${address}`.matchAll(TOKEN_IN_ADDRESS)) {
      if (domain && m[2]!.toLowerCase() !== domain) continue;
      found.add(m[1]!.toLowerCase());
    }
  }
  return [...found];
}

/** Reference tokens (`REF-XXXX` → `xxxx`) in a subject line, in order of appearance. */
export function referencesIn(subject: string): string[] {
  const found = new Set<string>();
  for (const m of subject.matchAll(REFERENCE)) found.add(m[1]!.toLowerCase());
  return [...found];
}

/** The bare address of `Name <addr>` or `addr`, lower-cased; null when there is none. */
export function bareAddress(value: string): string | null {
  const angle = /<([^<>\s]+@[^<>\s]+)>/.exec(value);
  const plain = angle ? angle[1]! : /[^\s<>"',;]+@[^\s<>"',;]+/.exec(value)?.[0];
  return plain ? plain.toLowerCase() : null;
}

/** The domain of an address, lower-cased, without a trailing dot. */
export function domainOf(address: string): string | null {
  const bare = bareAddress(address);
  const at = bare?.lastIndexOf("@") ?? -1;
  if (!bare || at < 0) return null;
  const domain = bare.slice(at + 1).replace(/\.$/, "");
  return domain.length > 0 ? domain : null;
}

/**
 * A Message-ID in its canonical `<id@host>` form. Message-IDs are compared exactly (RFC 5322 makes
 * them opaque), after trimming whitespace and restoring the angle brackets some clients drop.
 */
export function normalizeMessageId(value: string | null | undefined): string | null {
  if (!value) return null;
  const inner = value.trim().replace(/^<+/, "").replace(/>+$/, "").trim();
  if (inner.length === 0 || inner.length > 998 || /[\s<>]/.test(inner)) return null;
  return `<${inner}>`;
}

/** Every Message-ID in an In-Reply-To or References value (angle-bracketed, or bare as some send). */
export function messageIdsIn(value: string | null | undefined): string[] {
  if (!value) return [];
  const bracketed = [...value.matchAll(/<([^<>\s]+)>/g)].map((m) => `<${m[1]}>`);
  const ids =
    bracketed.length > 0
      ? bracketed
      : value
          .split(/[\s,]+/)
          .map(normalizeMessageId)
          .filter((v): v is string => v !== null);
  return [...new Set(ids)];
}
