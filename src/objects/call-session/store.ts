// CallSession's durable state, in the object's SQLite: the call row, the transcript nodes, the recording
// in one-second blocks, and an outbox of events for the call's subjects (records, for folio). Everything is written as it happens, so
// an eviction or a deploy loses at most the turn in flight and a new instance picks the call up from here.
//
// The call row (playbook params: guest names, confirmation numbers; the playbook's state), the transcript
// and the outbox's events are PII: they are sealed with the records' PiiCipher (AES-GCM, key id in each
// value), as FolioRecord seals its own. Web Crypto is asynchronous and the engine writes synchronously,
// so the store keeps the decrypted values in memory (loaded once in open(), inside the object's
// blockConcurrencyWhile) and seals every write on one ordered chain: reads never wait, writes land in
// the order they were made, a few microseconds late. `settled()` waits for the chain.

import type { Subject, SubjectEvents } from "../../engine/subjects";
import type { ToonNode } from "../../engine/transcript";
import type { VoiceSettings } from "../../engine/voice-settings";
import type { PiiCipher } from "../../platform/pii-cipher";

export interface CallConfig {
  call_id: string;
  /** The ids of the call's subjects (for folio, its records, which receive the outcome events). */
  record_ids: string[];
  /** What the call is about, by type; absent in calls stored before subjects had types (folio records). */
  subjects?: Subject[];
  /** Playbook name (see src/objects/call-session/playbooks.ts) and its settings. */
  playbook: string;
  params: Record<string, unknown>;
  /** The call's voice and models (absent: the deployment's defaults). */
  voice?: VoiceSettings;
  /** Hard limit for the conversation. Default 10 min. */
  max_duration_ms: number;
  to?: string;
  from?: string;
}

export type CallPhase = "prepared" | "live" | "ended";

export interface CallState {
  call_id: string;
  phase: CallPhase;
  config: CallConfig;
  call_sid: string | null;
  answered_by: string | null;
  twilio_status: string | null;
  /** First media or text stream start (ms since epoch). */
  started_at: number | null;
  /** Last message from the far end (ms since epoch). */
  last_seen_at: number | null;
  /** Streams accepted so far; more than one means the call was resumed. */
  streams: number;
  leg: "audio" | "text" | null;
  /** The playbook's state; undefined until the opening ran. */
  playbook_state?: unknown;
  /** The max duration was reached and the wrap-up started. */
  wrapping_up: boolean;
  outcome: string | null;
  ended_at: number | null;
  recording_key: string | null;
  /** WAV stored and CallEnded queued for every record. */
  finalized: boolean;
  /** A REST redirect to a fresh stream was asked for after the socket was lost. */
  reconnect_requested_at: number | null;
}

export const DEFAULT_MAX_DURATION_MS = 10 * 60_000;
/** Recording block: one second at 8 kHz. */
export const AUDIO_BLOCK = 8000;

export type Track = "hotel" | "agent";

export interface OutboxRow {
  id: number;
  /** The subject's type; absent (a row from before types) means a folio record. */
  subject_type?: string;
  /** The subject's id. */
  record_id: string;
  events: string;
  attempts: number;
}

export class CallStore {
  private state: CallState | null = null;
  private readonly nodeCache = new Map<number, ToonNode>();
  private readonly outbox = new Map<number, OutboxRow>();
  private nextOutboxId = 1;
  private writes: Promise<void> = Promise.resolve();
  private failed: unknown = null;
  private cipher: PiiCipher | null = null;

  /** `cipher` seals the PII (the object passes the records' one; a bare store in a test may omit it and only touch audio). */
  constructor(
    private readonly sql: SqlStorage,
    private readonly cipherFor: (() => Promise<PiiCipher>) | null = null,
  ) {}

  /** Creates the tables and loads (decrypts) the call, its transcript and its pending outbox. */
  async open(): Promise<void> {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS call (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS nodes (node_id INTEGER PRIMARY KEY, node TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS audio (track TEXT NOT NULL, block INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (track, block))`);
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, events TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, error TEXT, subject_type TEXT)`,
    );
    // An outbox made before subjects had types: its rows are records (a NULL type reads as one).
    const columns = this.sql.exec<{ name: string }>("SELECT name FROM pragma_table_info('outbox')").toArray();
    if (!columns.some((c) => c.name === "subject_type")) this.sql.exec("ALTER TABLE outbox ADD COLUMN subject_type TEXT");
    if (!this.cipherFor) return;
    const cipher = (this.cipher = await this.cipherFor());
    // A value written before the store sealed anything is plain JSON; it is read as is (and sealed on its next write).
    const open = (v: string) => (v.startsWith("{") || v.startsWith("[") ? Promise.resolve(v) : cipher.open(v));
    const row = this.sql.exec<{ state: string }>("SELECT state FROM call WHERE id = 1").toArray()[0];
    this.state = row ? (JSON.parse(await open(row.state)) as CallState) : null;
    for (const r of this.sql.exec<{ node: string }>("SELECT node FROM nodes ORDER BY node_id").toArray()) {
      const node = JSON.parse(await open(r.node)) as ToonNode;
      this.nodeCache.set(node.node_id, node);
    }
    const rows = this.sql
      .exec<{ id: number; subject_type: string | null; record_id: string; events: string; attempts: number }>(
        "SELECT id, subject_type, record_id, events, attempts FROM outbox WHERE status = 'pending' ORDER BY id",
      )
      .toArray();
    for (const { subject_type, ...r } of rows) this.outbox.set(r.id, { ...r, ...(subject_type ? { subject_type } : {}), events: await open(r.events) });
    const max = this.sql.exec<{ id: number | null }>("SELECT MAX(id) AS id FROM outbox").toArray()[0]?.id ?? 0;
    this.nextOutboxId = max + 1;
  }

  load(): CallState | null {
    return this.state === null ? null : structuredClone(this.state);
  }

  save(state: CallState): void {
    const json = JSON.stringify(state);
    this.state = JSON.parse(json) as CallState;
    this.sealed(json, (v) => this.sql.exec("INSERT INTO call (id, state) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state", v));
  }

  nodes(): ToonNode[] {
    return [...this.nodeCache.values()].sort((a, b) => a.node_id - b.node_id).map((n) => structuredClone(n));
  }

  putNode(node: ToonNode): void {
    const json = JSON.stringify(node);
    this.nodeCache.set(node.node_id, JSON.parse(json) as ToonNode);
    this.sealed(json, (v) => this.sql.exec("INSERT INTO nodes (node_id, node) VALUES (?, ?) ON CONFLICT(node_id) DO UPDATE SET node = excluded.node", node.node_id, v));
  }

  writeBlock(track: Track, block: number, bytes: Uint8Array): void {
    this.sql.exec(
      "INSERT INTO audio (track, block, bytes) VALUES (?, ?, ?) ON CONFLICT(track, block) DO UPDATE SET bytes = excluded.bytes",
      track,
      block,
      bytes.buffer.byteLength === bytes.byteLength ? bytes.buffer : bytes.slice().buffer,
    );
  }

  deleteBlocksFrom(track: Track, block: number): void {
    this.sql.exec("DELETE FROM audio WHERE track = ? AND block >= ?", track, block);
  }

  readTrack(track: Track): Uint8Array {
    const rows = this.sql.exec<{ bytes: ArrayBuffer }>("SELECT bytes FROM audio WHERE track = ? ORDER BY block", track).toArray();
    const total = rows.reduce((n, r) => n + r.bytes.byteLength, 0);
    const out = new Uint8Array(total);
    let offset = 0;
    for (const r of rows) {
      out.set(new Uint8Array(r.bytes), offset);
      offset += r.bytes.byteLength;
    }
    return out;
  }

  enqueue(batches: readonly SubjectEvents[]): void {
    for (const b of batches) {
      if (b.events.length === 0) continue;
      const row: OutboxRow = { id: this.nextOutboxId++, subject_type: b.subject.type, record_id: b.subject.id, events: JSON.stringify(b.events), attempts: 0 };
      this.outbox.set(row.id, row);
      this.sealed(row.events, (v) => this.sql.exec("INSERT INTO outbox (id, subject_type, record_id, events) VALUES (?, ?, ?, ?)", row.id, row.subject_type!, row.record_id, v));
    }
  }

  pending(): OutboxRow[] {
    return [...this.outbox.values()].sort((a, b) => a.id - b.id).map((r) => ({ ...r }));
  }

  settle(id: number, status: "sent" | "failed", error: string | null = null): void {
    this.outbox.delete(id);
    this.chain(() => void this.sql.exec("UPDATE outbox SET status = ?, error = ?, attempts = attempts + 1 WHERE id = ?", status, error, id));
  }

  retryLater(id: number, error: string): void {
    const row = this.outbox.get(id);
    if (row) row.attempts++;
    this.chain(() => void this.sql.exec("UPDATE outbox SET attempts = attempts + 1, error = ? WHERE id = ?", error, id));
  }

  /** Resolves once every write made so far is in SQLite; rejects if one of them failed. */
  async settled(): Promise<void> {
    await this.writes;
    if (this.failed) throw this.failed;
  }

  /** Seals `plaintext`, then writes it, after every earlier write. */
  private sealed(plaintext: string, write: (sealed: string) => void): void {
    const cipher = this.cipher;
    if (!cipher) throw new Error("CallStore: PII written before open() loaded the cipher");
    const sealing = cipher.seal(plaintext); // starts at once; the chain only orders the writes
    this.chain(async () => write(await sealing));
  }

  private chain(step: () => void | Promise<void>): void {
    this.writes = this.writes.then(step).catch((err: unknown) => {
      this.failed ??= err; // kept for settled(); later writes still go through
    });
  }
}
