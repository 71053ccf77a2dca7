// An event-sourced object's own SQLite (FolioRecord's, and every aggregate built on the same base): the
// event log (the truth), the cached state, the timers it multiplexes on its one alarm, and the outbox of
// queue messages still to send. Data and state are sealed (they hold PII).
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const events = sqliteTable("events", {
  sequence: integer("sequence").primaryKey(),
  eventId: text("event_id").notNull().unique(),
  /** The first event id of the append this event came in with: the key of an idempotent retry. */
  appendId: text("append_id").notNull(),
  eventType: text("event_type").notNull(),
  timestamp: text("timestamp").notNull(),
  correlationId: text("correlation_id"),
  causationId: text("causation_id"),
  metadata: text("metadata").notNull(),
  dataSealed: text("data_sealed").notNull(),
  keyId: text("key_id").notNull(),
});

/** One row: the folded state (sealed, it holds PII) and how far D1 has caught up. */
export const snapshot = sqliteTable("snapshot", {
  id: integer("id").primaryKey(),
  sequence: integer("sequence").notNull(),
  stateSealed: text("state_sealed").notNull(),
  auditedSequence: integer("audited_sequence").notNull(),
  projectedSequence: integer("projected_sequence").notNull(),
});

export const timers = sqliteTable("timers", {
  name: text("name").primaryKey(),
  dueAt: integer("due_at").notNull(),
});

export const outbox = sqliteTable("outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  queue: text("queue").notNull(),
  body: text("body").notNull(),
  attempts: integer("attempts").notNull().default(0),
});
