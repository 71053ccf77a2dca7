// A fingerprint of the data a request could change: every D1 table (row count and a hash of its
// rows), the R2 object count, and the chosen records' event logs in their Durable Objects.
import { env } from "cloudflare:workers";
import { ledgerStub } from "../../src/engine/messaging/stubs";
import { recordStub } from "../../src/objects/folio-record/client";

export interface DataSnapshot {
  tables: Record<string, { rows: number; hash: string; sample?: string[] }>;
  blobs: number;
  records: Record<string, { sequence: number; events: number; status: string }>;
  /** The contact ledger's blocked numbers (opt-outs, do-not-call), which live in its object, not D1. */
  ledger: string;
}

async function sha(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(d.subarray(0, 12), (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function userTables(): Promise<string[]> {
  const { results } = await env.DB.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'd1_%' ORDER BY name").all<{
    name: string;
  }>();
  return results.map((r) => r.name);
}

export async function snapshotData(recordIds: readonly string[], opts: { skipTables?: readonly string[] } = {}): Promise<DataSnapshot> {
  const tables: DataSnapshot["tables"] = {};
  for (const name of await userTables()) {
    if (opts.skipTables?.includes(name)) continue;
    const { results } = await env.DB.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all();
    // Small tables keep their rows, so a difference can be shown, not just detected.
    tables[name] = { rows: results.length, hash: await sha(JSON.stringify(results)), ...(results.length <= 300 ? { sample: results.map((x) => JSON.stringify(x)) } : {}) };
  }
  let blobs = 0;
  let cursor: string | undefined;
  do {
    const page = await env.BLOBS.list({ cursor, limit: 1000 });
    blobs += page.objects.length;
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
  const records: DataSnapshot["records"] = {};
  for (const id of recordIds) {
    const stub = recordStub(env, id);
    const [state, events] = await Promise.all([stub.getState(), stub.getEvents()]);
    records[id] = { sequence: state?.sequence ?? 0, events: events.length, status: state?.status ?? "none" };
  }
  return { tables, blobs, records, ledger: JSON.stringify(await ledgerStub(env).blocked(10_000)) };
}

/** What differs between two snapshots, as readable lines (empty: nothing changed). */
export function snapshotDiff(before: DataSnapshot, after: DataSnapshot): string[] {
  const out: string[] = [];
  for (const t of new Set([...Object.keys(before.tables), ...Object.keys(after.tables)])) {
    const a = before.tables[t];
    const b = after.tables[t];
    if (!a || !b || a.hash !== b.hash) {
      let detail = "";
      if (a?.sample && b?.sample) {
        const was = new Set(a.sample);
        const now = new Set(b.sample);
        const added = b.sample.filter((x) => !was.has(x)).map((x) => x.slice(0, 300));
        const removed = a.sample.filter((x) => !now.has(x)).map((x) => x.slice(0, 300));
        detail = ` added ${JSON.stringify(added)} removed ${JSON.stringify(removed)}`;
      }
      out.push(`table ${t}: ${a?.rows ?? "absent"} → ${b?.rows ?? "absent"} rows${detail}`);
    }
  }
  if (before.blobs !== after.blobs) out.push(`R2 objects: ${before.blobs} → ${after.blobs}`);
  if (before.ledger !== after.ledger) out.push(`contact ledger: ${before.ledger.slice(0, 300)} → ${after.ledger.slice(0, 300)}`);
  for (const id of Object.keys(before.records)) {
    const a = before.records[id]!;
    const b = after.records[id];
    if (!b || JSON.stringify(a) !== JSON.stringify(b)) out.push(`record ${id}: ${JSON.stringify(a)} → ${JSON.stringify(b)}`);
  }
  return out;
}
