// D1 read models (docs/architecture.md, "A record, end to end"): projections of the record DOs, an audit
// copy of their events, and the tables that are not event-sourced (API keys, jobs, dead letters). Nothing
// here decides a record's next step; it is what the API lists and searches.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const records = sqliteTable(
  "records",
  {
    id: text("id").primaryKey(),
    externalId: text("external_id"),
    status: text("status").notNull(),
    hotelPhone: text("hotel_phone").notNull(),
    hotelName: text("hotel_name").notNull(),
    checkIn: text("check_in").notNull(),
    checkOut: text("check_out").notNull(),
    attempts: integer("attempts").notNull().default(0),
    replyTo: text("reply_to").notNull(),
    replyToken: text("reply_token").notNull(),
    /** Sealed JSON of the record's PII (guest name, confirmation number, emails, notes). */
    piiSealed: text("pii_sealed").notNull(),
    callbackAt: text("callback_at"),
    escalationReason: text("escalation_reason"),
    sequence: integer("sequence").notNull(),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("records_external_id").on(t.externalId),
    uniqueIndex("records_reply_token").on(t.replyToken),
    index("records_status_created").on(t.status, t.createdAt, t.id),
    index("records_hotel_created").on(t.hotelPhone, t.createdAt, t.id),
    index("records_created").on(t.createdAt, t.id),
  ],
);

export const events = sqliteTable(
  "events",
  {
    eventId: text("event_id").primaryKey(),
    aggregateId: text("aggregate_id").notNull(),
    aggregateType: text("aggregate_type").notNull(),
    sequence: integer("sequence").notNull(),
    eventType: text("event_type").notNull(),
    timestamp: text("timestamp").notNull(),
    correlationId: text("correlation_id"),
    causationId: text("causation_id"),
    dataSealed: text("data_sealed").notNull(),
    keyId: text("key_id").notNull(),
    metadata: text("metadata").notNull(),
  },
  (t) => [uniqueIndex("events_aggregate_sequence").on(t.aggregateId, t.sequence), index("events_type").on(t.eventType)],
);

export const hotels = sqliteTable("hotels", {
  phone: text("phone").primaryKey(),
  name: text("name").notNull(),
  email: text("email"),
  timezone: text("timezone"),
  country: text("country"),
  callWindow: text("call_window").notNull(),
  ivrPath: text("ivr_path"),
  notes: text("notes"),
  version: integer("version").notNull(),
  updatedAt: text("updated_at").notNull(),
});

export const apiKeys = sqliteTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    keyHash: text("key_hash").notNull(),
    prefix: text("prefix").notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by").notNull(),
    revokedAt: text("revoked_at"),
  },
  (t) => [uniqueIndex("api_keys_hash").on(t.keyHash)],
);

/** Long work (imports, rebuilds) with its progress, so a client can watch it finish. */
export const jobs = sqliteTable("jobs", {
  id: text("id").primaryKey(),
  kind: text("kind").notNull(),
  status: text("status").notNull(),
  total: integer("total").notNull(),
  done: integer("done").notNull().default(0),
  failed: integer("failed").notNull().default(0),
  createdAt: text("created_at").notNull(),
  updatedAt: text("updated_at").notNull(),
});

/** Chunks of a job already applied: a redelivered queue message counts once. */
export const jobChunks = sqliteTable("job_chunks", { jobId: text("job_id").notNull(), chunk: integer("chunk").notNull(), count: integer("count").notNull() }, (t) => [
  primaryKey({ columns: [t.jobId, t.chunk] }),
]);

/** Messages that exhausted their retries, parked for an operator instead of dropped. */
export const deadLetters = sqliteTable("dead_letters", {
  id: text("id").primaryKey(),
  queue: text("queue").notNull(),
  body: text("body").notNull(),
  receivedAt: text("received_at")
    .notNull()
    .default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

/** Local mode's sent mail (LocalOutboxSender): listed at GET /api/outbox, raw MIME in R2. */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    messageId: text("message_id").primaryKey(),
    r2Key: text("r2_key").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddress: text("to_address").notNull(),
    replyTo: text("reply_to").notNull(),
    subject: text("subject").notNull(),
    reference: text("reference").notNull(),
    recordIds: text("record_ids").notNull(),
    reminder: integer("reminder").notNull().default(0),
    size: integer("size").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("email_outbox_created").on(t.createdAt)],
);

/** Every Message-ID Folio sent, so a reply (In-Reply-To/References) or a bounce finds its records. */
export const emailMessages = sqliteTable(
  "email_messages",
  {
    messageId: text("message_id").primaryKey(),
    reference: text("reference").notNull(),
    recordIds: text("record_ids").notNull(),
    kind: text("kind").notNull(),
    sentAt: text("sent_at").notNull(),
  },
  (t) => [index("email_messages_reference").on(t.reference)],
);

/** Inbound mail: the raw message is in R2 first; this row says what became of it. */
export const inbox = sqliteTable(
  "inbox",
  {
    id: text("id").primaryKey(),
    messageId: text("message_id"),
    rawKey: text("raw_key").notNull(),
    size: integer("size").notNull(),
    fromDomain: text("from_domain"),
    /** Sealed: sender address and subject may name the guest. */
    summarySealed: text("summary_sealed").notNull(),
    kind: text("kind").notNull(),
    status: text("status").notNull(),
    matchedBy: text("matched_by"),
    recordIds: text("record_ids").notNull().default("[]"),
    receivedAt: text("received_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("inbox_status_received").on(t.status, t.receivedAt)],
);

/**
 * Calls, as their hotel's line placed and closed them (projected by HotelLine; a version guard keeps a
 * late write from undoing a newer one). Lists calls in progress and a record's attempts.
 */
export const calls = sqliteTable(
  "calls",
  {
    id: text("id").primaryKey(),
    hotelPhone: text("hotel_phone").notNull(),
    recordIds: text("record_ids").notNull(),
    /** placing | live | ended */
    status: text("status").notNull(),
    outcome: text("outcome"),
    campaignId: text("campaign_id"),
    recordingKey: text("recording_key"),
    startedAt: text("started_at").notNull(),
    endedAt: text("ended_at"),
    version: integer("version").notNull(),
  },
  (t) => [index("calls_status_started").on(t.status, t.startedAt), index("calls_hotel_started").on(t.hotelPhone, t.startedAt)],
);

/** Simulated campaigns (docs/architecture.md, "Running offline"): which records a run made and what each persona should end in. */
export const campaigns = sqliteTable("campaigns", {
  id: text("id").primaryKey(),
  createdAt: text("created_at").notNull(),
  seed: integer("seed").notNull(),
  clockScale: integer("clock_scale").notNull(),
  /** JSON [{ id, persona, expected_status, hotel_phone }] */
  records: text("records").notNull(),
});

/**
 * The routing table (docs/architecture.md, "Inbound calls"): which product answers a number we own, with
 * which playbook and settings. Operator configuration, not event-sourced: PUT /api/phone-numbers/:e164.
 */
export const phoneNumbers = sqliteTable("phone_numbers", {
  e164: text("e164").primaryKey(),
  product: text("product").notNull(),
  playbook: text("playbook").notNull(),
  /** The playbook's settings for calls to this number: a JSON object. */
  settings: text("settings").notNull().default("{}"),
  label: text("label"),
  maxDurationMs: integer("max_duration_ms"),
  updatedAt: text("updated_at").notNull(),
  updatedBy: text("updated_by").notNull(),
});

/**
 * Texts, both ways, as the threads project them (src/engine/messaging/thread.ts): what GET /api/messages
 * and the dashboard list. The thread objects are the truth; a contact's number and a text's body are
 * sealed here as there.
 */
export const messages = sqliteTable(
  "messages",
  {
    messageId: text("message_id").primaryKey(),
    ours: text("ours").notNull(),
    theirsSealed: text("theirs_sealed").notNull(),
    direction: text("direction").notNull(),
    status: text("status").notNull(),
    errorCode: integer("error_code"),
    detail: text("detail"),
    segments: integer("segments").notNull(),
    bodySealed: text("body_sealed").notNull(),
    product: text("product"),
    routed: text("routed"),
    late: integer("late").notNull().default(0),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("messages_by_time").on(t.createdAt), index("messages_by_routed").on(t.routed, t.createdAt)],
);
