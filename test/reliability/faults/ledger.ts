// The books a fault drill balances: every event a record was meant to get is in its log exactly once,
// its sequence runs 1..n with no gap, the D1 audit copy holds the same events and the projection row
// the same sequence and status, and a rebuild changes none of it.
import { env } from "cloudflare:workers";
import { runDurableObjectAlarm } from "cloudflare:test";
import { callOf, ONCE_PER_CALL } from "../../../src/domain/call-events";
import { recordStub } from "../../../src/objects/folio-record/client";
import { api, eventually, sleep } from "../../helpers";

export interface Ledger {
  records: number;
  events: number;
  /** Intended events missing from a record's log. */
  lost: string[];
  /** Event ids stored twice, or the same intended effect stored under two ids. */
  duplicated: string[];
  /** Sequences that are not 1..n. */
  gaps: string[];
  /** D1 behind or different from the DO after catching up. */
  unconverged: string[];
}

/** Lets each record flush to D1: its alarm retries whatever failed. */
export async function catchUp(ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    try {
      await runDurableObjectAlarm(env.FOLIO_RECORD.get(env.FOLIO_RECORD.idFromName(id)));
    } catch {
      /* no alarm armed: nothing to retry */
    }
  }
}

async function d1Matches(id: string): Promise<string | null> {
  const events = await recordStub(env, id).getEvents();
  const state = await recordStub(env, id).getState();
  const { results } = await env.DB.prepare("SELECT event_id, sequence FROM events WHERE aggregate_id = ?1 ORDER BY sequence").bind(id).all<{ event_id: string; sequence: number }>();
  const row = await env.DB.prepare("SELECT sequence, status FROM records WHERE id = ?1").bind(id).first<{ sequence: number; status: string }>();
  const want = events.map((e) => `${e.sequence}:${e.event_id}`).join(",");
  const have = results.map((e) => `${e.sequence}:${e.event_id}`).join(",");
  if (want !== have) return `${id}: D1 events ${results.length}, DO ${events.length}`;
  if (!row || row.sequence !== state?.sequence || row.status !== state?.status) return `${id}: D1 row ${JSON.stringify(row)}, DO ${state?.sequence}/${state?.status}`;
  return null;
}

/**
 * Balances the books for `ids`. `intended` names, per record, event ids that must be there exactly
 * once; every event type a call gives a record at most once (ONCE_PER_CALL) is checked per call; `once`
 * names further event types a record may hold at most `n` times in all (its one EmailSent).
 */
export async function balance(ids: readonly string[], opts: { intended?: Map<string, string[]>; once?: (id: string) => Record<string, number> } = {}): Promise<Ledger> {
  const ledger: Ledger = { records: ids.length, events: 0, lost: [], duplicated: [], gaps: [], unconverged: [] };
  for (const id of ids) {
    const events = await recordStub(env, id).getEvents();
    ledger.events += events.length;
    const seen = new Set<string>();
    for (const e of events) {
      if (seen.has(e.event_id)) ledger.duplicated.push(`${id}: event ${e.event_id} twice`);
      seen.add(e.event_id);
    }
    events.forEach((e, i) => {
      if (e.sequence !== i + 1) ledger.gaps.push(`${id}: position ${i + 1} holds sequence ${e.sequence}`);
    });
    for (const want of opts.intended?.get(id) ?? []) if (!seen.has(want)) ledger.lost.push(`${id}: ${want}`);
    // Every event a call gives a record at most once (src/domain/call-events.ts), per call.
    const perCall = new Map<string, number>();
    for (const e of events) {
      if (!ONCE_PER_CALL.has(e.event_type)) continue;
      const key = `${e.event_type} of ${callOf(e) ?? "no call"}`;
      perCall.set(key, (perCall.get(key) ?? 0) + 1);
    }
    for (const [key, n] of perCall) if (n > 1) ledger.duplicated.push(`${id}: ${n} × ${key} (at most 1 per call)`);
    const limits = opts.once?.(id) ?? {};
    for (const [type, max] of Object.entries(limits)) {
      const n = events.filter((e) => e.event_type === type).length;
      if (n > max) ledger.duplicated.push(`${id}: ${n} × ${type} (at most ${max})`);
    }
  }
  // D1 catches up in the background, behind an alarm: give it the chance, then compare.
  await catchUp(ids);
  for (const id of ids) {
    const problem = await eventually(async () => ((await d1Matches(id)) === null ? null : undefined), 15_000).catch(async () => d1Matches(id));
    if (problem) ledger.unconverged.push(problem);
  }
  return ledger;
}

async function projection(ids: readonly string[]) {
  // D1 binds at most 100 parameters per statement: ask in chunks.
  const records: Record<string, unknown>[] = [];
  const events: Record<string, unknown>[] = [];
  const sorted = [...ids].sort();
  for (let i = 0; i < sorted.length; i += 90) {
    const part = sorted.slice(i, i + 90);
    const list = part.map((_, k) => `?${k + 1}`).join(",");
    records.push(
      ...(
        await env.DB.prepare(`SELECT * FROM records WHERE id IN (${list}) ORDER BY id`)
          .bind(...part)
          .all<Record<string, unknown>>()
      ).results,
    );
    events.push(
      ...(
        await env.DB.prepare(`SELECT event_id, aggregate_id, sequence, event_type, data_sealed, key_id FROM events WHERE aggregate_id IN (${list}) ORDER BY aggregate_id, sequence`)
          .bind(...part)
          .all<Record<string, unknown>>()
      ).results,
    );
  }
  // pii_sealed is re-sealed with a fresh IV on each write; the rest must match exactly.
  return JSON.stringify({ records: records.map(({ pii_sealed: _p, ...rest }) => rest), events });
}

/** POST /api/admin/rebuild, then: does the rebuilt projection of `ids` equal the live one? */
export async function rebuildEqualsLive(ids: readonly string[]): Promise<{ equal: boolean; job: string }> {
  const live = await projection(ids);
  const r = await api("POST", "/api/admin/rebuild");
  if (r.status !== 202) return { equal: false, job: `rebuild answered ${r.status}` };
  await eventually(async () => ((await api("GET", `/api/jobs/${r.json.job_id}`)).json?.status === "done" ? true : undefined), 120_000);
  await sleep(200);
  return { equal: (await projection(ids)) === live, job: r.json.job_id };
}
