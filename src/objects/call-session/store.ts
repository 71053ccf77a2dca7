// CallSession's durable state, in the object's SQLite: the call row, the transcript nodes, the recording
// in one-second blocks, and an outbox of events for the records. Everything is written as it happens
// (synchronous SQL, committed with the object's next output), so an eviction or a deploy loses at most
// the turn in flight and a new instance picks the call up from here.

import type { RecordEvents } from "../../engine/playbook";
import type { ToonNode } from "../../engine/transcript";

export interface CallConfig {
  call_id: string;
  /** The records this call is about (their FolioRecord objects receive the outcome events). */
  record_ids: string[];
  /** Playbook name (see src/engine/playbooks) and its settings. */
  playbook: string;
  params: Record<string, unknown>;
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
  record_id: string;
  events: string;
  attempts: number;
}

export class CallStore {
  constructor(private readonly sql: SqlStorage) {}

  open(): void {
    this.sql.exec(`CREATE TABLE IF NOT EXISTS call (id INTEGER PRIMARY KEY CHECK (id = 1), state TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS nodes (node_id INTEGER PRIMARY KEY, node TEXT NOT NULL)`);
    this.sql.exec(`CREATE TABLE IF NOT EXISTS audio (track TEXT NOT NULL, block INTEGER NOT NULL, bytes BLOB NOT NULL, PRIMARY KEY (track, block))`);
    this.sql.exec(
      `CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, record_id TEXT NOT NULL, events TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0, error TEXT)`,
    );
  }

  load(): CallState | null {
    const row = this.sql.exec<{ state: string }>("SELECT state FROM call WHERE id = 1").toArray()[0];
    return row ? (JSON.parse(row.state) as CallState) : null;
  }

  save(state: CallState): void {
    this.sql.exec("INSERT INTO call (id, state) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state", JSON.stringify(state));
  }

  nodes(): ToonNode[] {
    return this.sql.exec<{ node: string }>("SELECT node FROM nodes ORDER BY node_id").toArray().map((r) => JSON.parse(r.node) as ToonNode);
  }

  putNode(node: ToonNode): void {
    this.sql.exec("INSERT INTO nodes (node_id, node) VALUES (?, ?) ON CONFLICT(node_id) DO UPDATE SET node = excluded.node", node.node_id, JSON.stringify(node));
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

  enqueue(batches: readonly RecordEvents[]): void {
    for (const b of batches) {
      if (b.events.length > 0) this.sql.exec("INSERT INTO outbox (record_id, events) VALUES (?, ?)", b.recordId, JSON.stringify(b.events));
    }
  }

  pending(): OutboxRow[] {
    return this.sql.exec<{ id: number; record_id: string; events: string; attempts: number }>(
      "SELECT id, record_id, events, attempts FROM outbox WHERE status = 'pending' ORDER BY id",
    ).toArray();
  }

  settle(id: number, status: "sent" | "failed", error: string | null = null): void {
    this.sql.exec("UPDATE outbox SET status = ?, error = ?, attempts = attempts + 1 WHERE id = ?", status, error, id);
  }

  retryLater(id: number, error: string): void {
    this.sql.exec("UPDATE outbox SET attempts = attempts + 1, error = ? WHERE id = ?", error, id);
  }
}
