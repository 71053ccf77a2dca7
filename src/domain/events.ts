// The event envelope and the whole event catalog (docs/architecture.md, "Events"), as zod schemas.
// A record's events are the truth; every field a later step relies on is named here, so a
// producer that drifts from the catalog fails at append time instead of corrupting a fold.
import { z } from "zod";
import { isoDate, isoDateTime, recordInput } from "./record-input";

const callRef = { call_id: z.string().min(1) };
const emailRef = { email_id: z.string().min(1) };

/** Which layer decided each folio field (docs/architecture.md, "Calls": a decision is logged with the layer that made it). */
const folioLayers = z.record(z.string(), z.enum(["rules", "hints", "llm", "operator"]));
/** What the LLM layer of folio extraction did, when it was asked. Never the folio's contents. */
export const folioLayerNote = z.object({
  model: z.string().max(100),
  taken: z.array(z.string()).max(20),
  error: z.string().max(300).optional(),
});
export type FolioLayerNote = z.infer<typeof folioLayerNote>;

/** A record made by the simulation (docs/architecture.md, "Running offline"): its campaign, the persona its hotel plays, its clock. */
export const simulationTag = z.object({
  campaign_id: z.string().min(1),
  persona: z.string().min(1),
  clock: z.object({ origin_real_ms: z.number(), origin_sim_ms: z.number(), scale: z.number().min(1) }),
});
export type SimulationTag = z.infer<typeof simulationTag>;

export const eventCatalog = {
  // Lifecycle
  RecordCreated: z.object({
    input: recordInput,
    reply_token: z.string().min(1),
    reply_to: z.string().email(),
    simulation: simulationTag.optional(),
  }),
  RecordQueued: z.object({ hotel_phone: z.string(), batch_id: z.string().optional(), callable_at: isoDateTime.optional() }),
  BatchCreated: z.object({ batch_id: z.string(), hotel_phone: z.string(), record_ids: z.array(z.string()) }),
  BatchScheduled: z.object({ batch_id: z.string(), scheduled_for: isoDateTime, estimated_duration_s: z.number().nonnegative() }),
  RecordCancelled: z.object({ reason: z.string().max(2000).optional() }),

  // Call
  CallInitiated: z.object({ ...callRef, to: z.string(), attempt: z.number().int().positive().optional() }),
  CallConnected: z.object({ ...callRef, answered_by: z.string().optional() }),
  IVRDetected: z.object({ ...callRef, menu_text: z.string().optional(), options: z.array(z.string()).optional() }),
  IVRNavigationStarted: z.object({ ...callRef, path: z.string(), layer: z.string().optional() }),
  IVRNavigationComplete: z.object({ ...callRef, path: z.string() }),
  IVRNavigationFailed: z.object({ ...callRef, reason: z.string(), tried: z.array(z.string()).optional() }),
  VoicemailDetected: z.object({ ...callRef }),
  VoicemailLeft: z.object({ ...callRef, message: z.string().optional() }),
  HumanDetected: z.object({ ...callRef, layer: z.string().optional() }),
  FolioRequested: z.object({ ...callRef, email: z.string() }),
  FolioAgreed: z.object({ ...callRef, email: z.string().optional(), said: z.string().optional() }),
  FolioRefused: z.object({ ...callRef, reason: z.string(), said: z.string().optional() }),
  CallbackRequested: z.object({ ...callRef, said: z.string() }),
  CallbackScheduled: z.object({ call_id: z.string().optional(), at: isoDateTime, said: z.string().optional() }),
  CallDurationExceeded: z.object({ ...callRef, remaining_record_ids: z.array(z.string()).optional() }),
  CallEnded: z.object({
    ...callRef,
    outcome: z.string(),
    duration_s: z.number().nonnegative().optional(),
    recording_key: z.string().optional(),
    transcript: z.unknown().optional(),
    retry_at: isoDateTime.optional(),
    /** LLM decisions the call's understanding needed (the rest were the rules'). */
    llm_calls: z.number().int().nonnegative().optional(),
  }),

  // Email
  EmailRequested: z.object({ to: z.string().email(), reason: z.string().optional() }),
  EmailComposed: z.object({ ...emailRef, message_id: z.string(), subject: z.string(), to: z.string().email() }),
  EmailSent: z.object({ ...emailRef, message_id: z.string(), to: z.string().email(), provider: z.string() }),
  EmailSendFailed: z.object({ ...emailRef, reason: z.string(), permanent: z.boolean().optional() }),
  EmailResponseReceived: z.object({
    ...emailRef,
    from: z.string(),
    subject: z.string().optional(),
    raw_key: z.string().optional(),
    matched_by: z.enum(["token", "thread", "subject", "confirmation_number", "guest_name", "operator"]),
  }),
  EmailTimeout: z.object({ waited_h: z.number().nonnegative() }),
  ReminderSent: z.object({ ...emailRef, reminder: z.number().int().positive() }),
  FolioExtracted: z.object({ folio: z.record(z.string(), z.unknown()), source: z.string().optional(), layers: folioLayers.optional(), llm: folioLayerNote.optional() }),
  PartialExtractionComplete: z.object({
    folio: z.record(z.string(), z.unknown()),
    issues: z.array(z.string()),
    source: z.string().optional(),
    layers: folioLayers.optional(),
    llm: folioLayerNote.optional(),
  }),
  ExtractionFailed: z.object({
    reason: z.string(),
    image_only: z.boolean().optional(),
    /** The document that could not be read (an R2 key), for the operator's review. */
    source: z.string().optional(),
    llm: folioLayerNote.optional(),
  }),
  /** An operator's reading of the folio, field by field, replacing what extraction made of it. */
  FolioCorrected: z.object({
    actor: z.string().min(1),
    before: z.record(z.string(), z.unknown()).nullable(),
    after: z.record(z.string(), z.unknown()),
    /** The fields the operator changed. */
    changed: z.array(z.string()),
    /** What validation still says about the corrected folio (the operator may accept it anyway). */
    issues: z.array(z.string()),
    layers: folioLayers.optional(),
  }),

  // Status
  StatusUpdated: z.object({ from: z.string(), to: z.string(), cause: z.string() }),
  EscalationTriggered: z.object({ reason: z.string(), details: z.string().optional(), tried: z.array(z.string()).optional() }),
  EscalationResolved: z.object({ note: z.string(), status: z.enum(["pending", "awaiting_folio", "completed", "cancelled"]) }),
  RecordCompleted: z.object({ via: z.string() }),
  OperatorAction: z.object({ action: z.string(), actor: z.string(), note: z.string().optional() }),
} as const;

export type EventType = keyof typeof eventCatalog;
export const eventTypes = Object.keys(eventCatalog) as EventType[];
export type EventData<T extends EventType> = z.infer<(typeof eventCatalog)[T]>;

export const eventMetadata = z.object({
  actor: z.string().min(1),
  service: z.string().min(1),
  version: z.string().min(1),
});
export type EventMetadata = z.infer<typeof eventMetadata>;

const envelopeBase = z.object({
  event_id: z.string().uuid(),
  event_type: z.enum(eventTypes as [EventType, ...EventType[]]),
  aggregate_id: z.string().min(1),
  aggregate_type: z.string().min(1),
  sequence: z.number().int().positive(),
  timestamp: isoDateTime,
  correlation_id: z.string().nullable(),
  causation_id: z.string().nullable(),
  data: z.unknown(),
  metadata: eventMetadata,
});

/** A stored event: the envelope with `data` checked against the catalog entry for its type. */
export const domainEvent = envelopeBase.superRefine((event, ctx) => {
  const parsed = eventCatalog[event.event_type].safeParse(event.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ["data", ...issue.path] } as never);
  }
});

export type DomainEvent<T extends EventType = EventType> = {
  [K in T]: Omit<z.infer<typeof envelopeBase>, "event_type" | "data"> & { event_type: K; data: EventData<K> };
}[T];

/** What a producer hands to `append`: the store assigns aggregate, sequence and timestamp. */
export type NewEvent<T extends EventType = EventType> = {
  [K in T]: {
    event_id?: string;
    event_type: K;
    data: EventData<K>;
    correlation_id?: string | null;
    causation_id?: string | null;
    metadata?: Partial<EventMetadata>;
    timestamp?: string;
  };
}[T];

export const newEvent = z
  .object({
    event_id: z.string().uuid().optional(),
    event_type: z.enum(eventTypes as [EventType, ...EventType[]]),
    data: z.unknown(),
    correlation_id: z.string().nullable().optional(),
    causation_id: z.string().nullable().optional(),
    metadata: eventMetadata.partial().optional(),
    timestamp: isoDateTime.optional(),
  })
  .superRefine((event, ctx) => {
    const parsed = eventCatalog[event.event_type].safeParse(event.data);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ ...issue, path: ["data", ...issue.path] } as never);
    }
  });

export const RECORD_AGGREGATE = "FolioRecord";
export const EVENT_SCHEMA_VERSION = "1";

export { isoDate };
