// The pure scheduling core (docs/architecture.md, "Records", issue 4 §1): call-window math in the hotel's zone, when a
// record becomes callable, the retry policy, per-call batching and the HotelLine's next wake-up.
// No bindings, no I/O: the HotelLine DO is a thin shell over these functions.
export {
  currentOrNextWindow,
  firstWindowFromDay,
  isInWindow,
  localDate,
  localInstant,
  nextOpenAt,
  nextWindowStart,
  parseHHMM,
  scheduleZone,
  windowEnd,
  windowOn,
  type WindowSpan,
} from "./schedule/callWindow";
export { callableAt, checkoutCutoffAt, CHECKOUT_CUTOFF, type CheckoutRecord } from "./schedule/callable";
export {
  attemptStateOf,
  CallOutcome,
  defaultRetryPolicy,
  nextAttempt,
  shouldLeaveVoicemail,
  type AttemptState,
  type NextAttempt,
  type RetryPolicy,
  type RetryReason,
  type RetryRecord,
  type StopReason,
} from "./schedule/retry";
export { defaultBatchLimits, estimateCallSeconds, planBatch, recordsPerCall, type BatchCandidate, type BatchLimits, type BatchPlan } from "./schedule/batching";
export { defaultDueOptions, dueAt, memberReadyAt, readyMembers, type DueOptions, type LineMember } from "./schedule/due";
export { afterCall, DECISIVE_OUTCOMES, type AfterCall, type MemberAttempts } from "./schedule/after-call";
