// The record events the folio playbook emits (docs/architecture.md, "Events" catalog, src/domain/events.ts). Call-level
// facts (connected, IVR, voicemail, a person) go to every record on the call; outcomes go to the record
// they are about.
import type { NewEvent } from "../../../domain/events";

export { merge, toEach, forRecord, type RecordEvents } from "../subjects";

export type Ev = NewEvent;

export const ev = {
  connected: (call_id: string, answered_by: string | null): Ev => ({ event_type: "CallConnected", data: { call_id, ...(answered_by ? { answered_by } : {}) } }),
  ivrDetected: (call_id: string, menu_text: string, options: string[]): Ev => ({ event_type: "IVRDetected", data: { call_id, menu_text, options } }),
  ivrStarted: (call_id: string, path: string, layer: string): Ev => ({ event_type: "IVRNavigationStarted", data: { call_id, path, layer } }),
  ivrComplete: (call_id: string, path: string): Ev => ({ event_type: "IVRNavigationComplete", data: { call_id, path } }),
  ivrFailed: (call_id: string, reason: string, tried: string[]): Ev => ({ event_type: "IVRNavigationFailed", data: { call_id, reason, tried } }),
  voicemailDetected: (call_id: string): Ev => ({ event_type: "VoicemailDetected", data: { call_id } }),
  voicemailLeft: (call_id: string, message: string): Ev => ({ event_type: "VoicemailLeft", data: { call_id, message } }),
  human: (call_id: string, layer: string): Ev => ({ event_type: "HumanDetected", data: { call_id, layer } }),
  requested: (call_id: string, email: string): Ev => ({ event_type: "FolioRequested", data: { call_id, email } }),
  agreed: (call_id: string, email: string, said: string): Ev => ({ event_type: "FolioAgreed", data: { call_id, email, said } }),
  refused: (call_id: string, reason: string, said: string): Ev => ({ event_type: "FolioRefused", data: { call_id, reason, said } }),
  callbackRequested: (call_id: string, said: string): Ev => ({ event_type: "CallbackRequested", data: { call_id, said } }),
  callbackScheduled: (call_id: string, at: Date, said: string): Ev => ({ event_type: "CallbackScheduled", data: { call_id, at: at.toISOString(), said } }),
  escalated: (reason: string, details?: string, tried?: string[]): Ev => ({
    event_type: "EscalationTriggered",
    data: { reason, ...(details ? { details: details.slice(0, 500) } : {}), ...(tried ? { tried } : {}) },
  }),
  emailRequested: (to: string, reason: string): Ev => ({ event_type: "EmailRequested", data: { to, reason } }),
};
