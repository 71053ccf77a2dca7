// The contact ledger's store and its one writer's operations (docs/architecture.md, "Messaging"). One
// per deployment, keyed by a blind index of the E.164 number (an HMAC with a key the ledger keeps in its
// own storage), the number itself sealed. It remembers which of our numbers has a thread with each
// contact, so a contact's threads can be found without a table of numbers in clear.
import type { PiiCipher } from "../../platform/pii-cipher";
import { applyKeyword, emptyContact, mayContact, type Channel, type ContactDecision, type ContactEntry, type KeywordReply } from "./contact-ledger";

export type LedgerEvent = {
  kind: "opted_out" | "opted_in" | "dnd_set" | "dnd_cleared";
  detail: string | null;
  actor: string;
  at: string;
};

export interface ContactView extends ContactEntry {
  threads: string[];
  events: LedgerEvent[];
}

type ContactRow = {
  key: string;
  phone_sealed: string;
  sms_opted_out_at: string | null;
  dnd_reason: string | null;
  dnd_actor: string | null;
  dnd_at: string | null;
};

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS contacts (key TEXT PRIMARY KEY, phone_sealed TEXT NOT NULL, sms_opted_out_at TEXT, dnd_reason TEXT, dnd_actor TEXT, dnd_at TEXT, updated_at TEXT NOT NULL)",
  "CREATE TABLE IF NOT EXISTS contact_threads (key TEXT NOT NULL, ours TEXT NOT NULL, PRIMARY KEY (key, ours))",
  "CREATE TABLE IF NOT EXISTS contact_events (n INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL, kind TEXT NOT NULL, detail TEXT, actor TEXT NOT NULL, at TEXT NOT NULL)",
  "CREATE INDEX IF NOT EXISTS contact_events_by_key ON contact_events (key, n)",
  "CREATE TABLE IF NOT EXISTS keyword_messages (sid TEXT PRIMARY KEY, consumed INTEGER NOT NULL, reply TEXT)",
];

const INDEX_KEY = "ledger:index-key";

export class ContactLedgerBook {
  private readonly sql: SqlStorage;
  private indexKey: Promise<CryptoKey> | null = null;

  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly cipher: () => Promise<PiiCipher>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.sql = storage.sql;
    for (const s of SCHEMA) this.sql.exec(s);
  }

  async mayContact(phone: string, channel: Channel, ours: string | null): Promise<ContactDecision> {
    const key = await this.keyOf(phone);
    if (ours) this.sql.exec("INSERT OR IGNORE INTO contact_threads (key, ours) VALUES (?, ?)", key, ours);
    return mayContact(this.entryOf(key, phone), channel);
  }

  /** A text from the contact: its keyword's effect, decided once per provider message id. */
  async inbound(phone: string, ours: string, body: string, sid: string): Promise<{ consumed: boolean; reply: KeywordReply | null }> {
    const key = await this.keyOf(phone);
    const sealed = await (await this.cipher()).seal(phone);
    const seen = this.sql.exec<{ consumed: number; reply: string | null }>("SELECT consumed, reply FROM keyword_messages WHERE sid = ?", sid).toArray()[0];
    // Seen: the same answer. The thread sends the confirmation under an id derived from the text's, so a
    // second ask (the thread died before sending it) sends it once, and a redelivery sends nothing more.
    if (seen) return { consumed: seen.consumed === 1, reply: seen.reply as KeywordReply | null };
    this.sql.exec("INSERT OR IGNORE INTO contact_threads (key, ours) VALUES (?, ?)", key, ours);
    const at = this.now().toISOString();
    const before = this.entryOf(key, phone);
    const outcome = applyKeyword(before, body, at);
    if (outcome.entry.sms_opted_out_at !== before.sms_opted_out_at) {
      this.write(key, sealed, outcome.entry);
      this.event(key, outcome.entry.sms_opted_out_at ? "opted_out" : "opted_in", null, "contact", at);
    }
    this.sql.exec("INSERT INTO keyword_messages (sid, consumed, reply) VALUES (?, ?, ?)", sid, outcome.consumed ? 1 : 0, outcome.reply);
    return { consumed: outcome.consumed, reply: outcome.reply };
  }

  async setDoNotContact(phone: string, reason: string, actor: string): Promise<ContactEntry> {
    const key = await this.keyOf(phone);
    const sealed = await (await this.cipher()).seal(phone);
    const at = this.now().toISOString();
    const entry: ContactEntry = { ...this.entryOf(key, phone), do_not_contact: { reason, actor, at } };
    this.write(key, sealed, entry);
    this.event(key, "dnd_set", reason, actor, at);
    return entry;
  }

  /** Many numbers at once (a CSV import): keyed and sealed first, then written in one transaction. */
  async importDoNotContact(rows: ReadonlyArray<{ phone: string; reason: string }>, actor: string): Promise<number> {
    const cipher = await this.cipher();
    const prepared = await Promise.all(rows.map(async (r) => ({ ...r, key: await this.keyOf(r.phone), sealed: await cipher.seal(r.phone) })));
    const at = this.now().toISOString();
    this.storage.transactionSync(() => {
      for (const r of prepared) {
        this.write(r.key, r.sealed, { ...this.entryOf(r.key, r.phone), do_not_contact: { reason: r.reason, actor, at } });
        this.event(r.key, "dnd_set", r.reason, actor, at);
      }
    });
    return prepared.length;
  }

  /** Null when the number was not on the list. */
  async clearDoNotContact(phone: string, actor: string): Promise<ContactEntry | null> {
    const key = await this.keyOf(phone);
    const before = this.entryOf(key, phone);
    if (!before.do_not_contact) return null;
    const at = this.now().toISOString();
    const entry: ContactEntry = { ...before, do_not_contact: null };
    this.write(key, await (await this.cipher()).seal(phone), entry);
    this.event(key, "dnd_cleared", null, actor, at);
    return entry;
  }

  async contact(phone: string): Promise<ContactView> {
    const key = await this.keyOf(phone);
    const threads = this.sql.exec<{ ours: string }>("SELECT ours FROM contact_threads WHERE key = ? ORDER BY ours", key).toArray();
    const events = this.sql.exec<LedgerEvent>("SELECT kind, detail, actor, at FROM contact_events WHERE key = ? ORDER BY n", key).toArray();
    return { ...this.entryOf(key, phone), threads: threads.map((t) => t.ours), events };
  }

  /** Contacts with an opt-out or on the do-not-call list, newest change first. */
  async blocked(limit: number): Promise<ContactEntry[]> {
    const rows = this.sql.exec<ContactRow>("SELECT * FROM contacts WHERE sms_opted_out_at IS NOT NULL OR dnd_reason IS NOT NULL ORDER BY updated_at DESC LIMIT ?", limit).toArray();
    const cipher = await this.cipher();
    return Promise.all(rows.map(async (r) => entryFrom(r, await cipher.open(r.phone_sealed))));
  }

  private entryOf(key: string, phone: string): ContactEntry {
    const row = this.sql.exec<ContactRow>("SELECT * FROM contacts WHERE key = ?", key).toArray()[0];
    return row ? entryFrom(row, phone) : emptyContact(phone);
  }

  private write(key: string, phoneSealed: string, e: ContactEntry): void {
    const d = e.do_not_contact;
    this.sql.exec(
      `INSERT INTO contacts (key, phone_sealed, sms_opted_out_at, dnd_reason, dnd_actor, dnd_at, updated_at) VALUES (?,?,?,?,?,?,?)
       ON CONFLICT (key) DO UPDATE SET sms_opted_out_at = excluded.sms_opted_out_at, dnd_reason = excluded.dnd_reason,
         dnd_actor = excluded.dnd_actor, dnd_at = excluded.dnd_at, updated_at = excluded.updated_at`,
      key,
      phoneSealed,
      e.sms_opted_out_at,
      d?.reason ?? null,
      d?.actor ?? null,
      d?.at ?? null,
      this.now().toISOString(),
    );
  }

  private event(key: string, kind: LedgerEvent["kind"], detail: string | null, actor: string, at: string): void {
    this.sql.exec("INSERT INTO contact_events (key, kind, detail, actor, at) VALUES (?,?,?,?,?)", key, kind, detail, actor, at);
  }

  private async keyOf(phone: string): Promise<string> {
    this.indexKey ??= this.loadIndexKey();
    const mac = await crypto.subtle.sign("HMAC", await this.indexKey, new TextEncoder().encode(phone));
    return Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
  }

  private async loadIndexKey(): Promise<CryptoKey> {
    let raw = this.storage.kv.get<ArrayBuffer>(INDEX_KEY);
    if (!raw) {
      raw = crypto.getRandomValues(new Uint8Array(32)).buffer as ArrayBuffer;
      this.storage.kv.put(INDEX_KEY, raw);
    }
    return crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  }
}

function entryFrom(r: ContactRow, phone: string): ContactEntry {
  return {
    phone,
    sms_opted_out_at: r.sms_opted_out_at,
    do_not_contact: r.dnd_reason !== null ? { reason: r.dnd_reason, actor: r.dnd_actor ?? "unknown", at: r.dnd_at ?? "" } : null,
  };
}
