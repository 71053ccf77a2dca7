// Synchronous reads and writes of an event-sourced object's SQLite, through drizzle (every aggregate
// keeps the same four tables, schema.ts). Everything an append changes is written by `commit` inside
// one `transactionSync`, so the event log, the cached state, the timers and the outbox can never
// disagree.
import { asc, eq, gt, inArray } from "drizzle-orm";
import { drizzle, type DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import type { AggregateEffect, AggregateTimer } from "./definition";
import migrations from "./migrations/migrations.js";
import * as schema from "./schema";

export type EventRow = typeof schema.events.$inferSelect;
export type SnapshotRow = typeof schema.snapshot.$inferSelect;
export type OutboxRow = typeof schema.outbox.$inferSelect;

export interface Commit {
  events: (typeof schema.events.$inferInsert)[];
  snapshot: { sequence: number; stateSealed: string };
  timers: AggregateTimer[];
  effects: AggregateEffect[];
}

export class AggregateStore {
  private readonly db: DrizzleSqliteDODatabase<typeof schema>;

  constructor(private readonly storage: DurableObjectStorage) {
    this.db = drizzle(storage, { schema });
  }

  private ready = false;

  /**
   * Migrates a store that already exists; a fresh one stays untouched until its first write, so a
   * read of an id that names nothing (a typo, a probe) leaves no storage behind.
   */
  open(): void {
    const exists = this.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snapshot'").toArray().length > 0;
    if (exists) this.ensureSchema();
  }

  ensureSchema(): void {
    if (this.ready) return;
    migrate(this.db, migrations);
    this.ready = true;
  }

  snapshot(): SnapshotRow | undefined {
    if (!this.ready) return undefined;
    return this.db.select().from(schema.snapshot).where(eq(schema.snapshot.id, 1)).get();
  }

  /** The log's sequence alone: the snapshot row's number, without its sealed state. */
  sequence(): number | null {
    if (!this.ready) return null;
    return this.db.select({ sequence: schema.snapshot.sequence }).from(schema.snapshot).where(eq(schema.snapshot.id, 1)).get()?.sequence ?? null;
  }

  /** The stored events among `eventIds`: what an append carrying them already wrote. */
  storedEvents(eventIds: readonly string[]): EventRow[] {
    if (!this.ready || eventIds.length === 0) return [];
    const rows: EventRow[] = [];
    // SQLite binds at most 100 parameters a statement; a batch is rarely that long, but ask in chunks.
    for (let i = 0; i < eventIds.length; i += 90) {
      rows.push(
        ...this.db
          .select()
          .from(schema.events)
          .where(inArray(schema.events.eventId, eventIds.slice(i, i + 90)))
          .all(),
      );
    }
    return rows.sort((a, b) => a.sequence - b.sequence);
  }

  /** Every event of the appends that wrote `rows` (their StatusUpdated notes too), in order. */
  appendsOf(rows: readonly EventRow[]): EventRow[] {
    const appendIds = [...new Set(rows.map((r) => r.appendId))];
    if (!this.ready || appendIds.length === 0) return [];
    return this.db.select().from(schema.events).where(inArray(schema.events.appendId, appendIds)).orderBy(asc(schema.events.sequence)).all();
  }

  eventsAfter(sequence: number, limit = 10_000): EventRow[] {
    if (!this.ready) return [];
    return this.db.select().from(schema.events).where(gt(schema.events.sequence, sequence)).orderBy(asc(schema.events.sequence)).limit(limit).all();
  }

  timers(): AggregateTimer[] {
    if (!this.ready) return [];
    return this.db
      .select()
      .from(schema.timers)
      .all()
      .map((t) => ({ name: t.name, due_at: t.dueAt }));
  }

  outbox(limit = 100): OutboxRow[] {
    if (!this.ready) return [];
    return this.db.select().from(schema.outbox).orderBy(asc(schema.outbox.id)).limit(limit).all();
  }

  commit(c: Commit): void {
    this.ensureSchema();
    this.db.transaction((tx) => {
      for (const e of c.events) tx.insert(schema.events).values(e).run();
      const current = tx.select().from(schema.snapshot).where(eq(schema.snapshot.id, 1)).get();
      if (current) {
        tx.update(schema.snapshot).set(c.snapshot).where(eq(schema.snapshot.id, 1)).run();
      } else {
        tx.insert(schema.snapshot)
          .values({ id: 1, ...c.snapshot, auditedSequence: 0, projectedSequence: 0 })
          .run();
      }
      tx.delete(schema.timers).run();
      for (const t of c.timers) tx.insert(schema.timers).values({ name: t.name, dueAt: t.due_at }).run();
      for (const effect of c.effects)
        tx.insert(schema.outbox)
          .values({ queue: effect.queue, body: JSON.stringify(effect.body) })
          .run();
    });
  }

  markProjected(audited: number, projected: number): void {
    this.db.update(schema.snapshot).set({ auditedSequence: audited, projectedSequence: projected }).where(eq(schema.snapshot.id, 1)).run();
  }

  resetWatermarks(): void {
    this.markProjected(0, 0);
  }

  removeOutbox(ids: number[]): void {
    if (ids.length) this.db.delete(schema.outbox).where(inArray(schema.outbox.id, ids)).run();
  }
}
