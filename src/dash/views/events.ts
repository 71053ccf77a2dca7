// One readable line per event for the timeline: what happened, in the operator's words, without the
// bulky parts (transcripts, folio contents) that have their own sections.
import type { DomainEvent } from "../../domain/events";

type Data = Record<string, unknown>;

const str = (v: unknown) => (v === undefined || v === null ? "" : String(v));

const SUMMARY: Partial<Record<string, (d: Data) => string>> = {
  RecordCreated: (d) => `Created for ${str((d.input as Data)?.guest_name)} at ${str(((d.input as Data)?.hotel as Data)?.name)}`,
  RecordQueued: (d) => `Queued for ${str(d.hotel_phone)}${d.callable_at ? `, callable from ${str(d.callable_at)}` : ""}`,
  StatusUpdated: (d) => `Status ${str(d.from).replaceAll("_", " ")} → ${str(d.to).replaceAll("_", " ")} (${str(d.cause)})`,
  CallInitiated: (d) => `Call ${str(d.call_id)} placed to ${str(d.to)}${d.attempt ? ` (attempt ${str(d.attempt)})` : ""}`,
  CallConnected: (d) => `Call connected${d.answered_by ? `, answered by ${str(d.answered_by)}` : ""}`,
  IVRDetected: (d) => `Phone menu detected${d.menu_text ? `: “${str(d.menu_text)}”` : ""}`,
  IVRNavigationStarted: (d) => `Pressing ${str(d.path)} in the menu`,
  IVRNavigationComplete: (d) => `Menu navigated with ${str(d.path)}`,
  IVRNavigationFailed: (d) => `Menu navigation failed: ${str(d.reason)}`,
  VoicemailDetected: () => "Voicemail answered",
  VoicemailLeft: () => "Voicemail message left",
  HumanDetected: () => "A person answered",
  FolioRequested: (d) => `Asked for the folio by email to ${str(d.email)}`,
  FolioAgreed: (d) => `The hotel agreed to email the folio${d.email ? ` to ${str(d.email)}` : ""}`,
  FolioRefused: (d) => `The hotel refused: ${str(d.reason)}`,
  CallbackRequested: (d) => `The hotel asked for a callback: “${str(d.said)}”`,
  CallbackScheduled: (d) => `Callback scheduled for ${str(d.at)}`,
  CallEnded: (d) => `Call ended: ${str(d.outcome)}${typeof d.duration_s === "number" ? ` after ${Math.round(d.duration_s)} s` : ""}`,
  EmailRequested: (d) => `Email request to ${str(d.to)}${d.reason ? ` (${str(d.reason)})` : ""}`,
  EmailSent: (d) => `Email sent to ${str(d.to)} via ${str(d.provider)}`,
  EmailSendFailed: (d) => `Email failed: ${str(d.reason)}`,
  EmailResponseReceived: (d) => `Reply from ${str(d.from)}${d.subject ? `: “${str(d.subject)}”` : ""} (matched by ${str(d.matched_by)})`,
  EmailTimeout: (d) => `No folio after ${str(d.waited_h)} h`,
  ReminderSent: (d) => `Reminder ${str(d.reminder)} sent`,
  FolioExtracted: () => "Folio extracted and valid",
  PartialExtractionComplete: (d) => `Folio extracted with issues: ${(d.issues as string[] | undefined)?.join("; ") ?? ""}`,
  ExtractionFailed: (d) => `Extraction failed: ${str(d.reason)}`,
  FolioCorrected: (d) => `Folio corrected by ${str(d.actor)}${Array.isArray(d.changed) && d.changed.length ? `: ${d.changed.map((f) => str(f).replaceAll("_", " ")).join(", ")}` : ""}`,
  EscalationTriggered: (d) => `Escalated: ${str(d.reason)}${d.details ? ` (${str(d.details)})` : ""}`,
  EscalationResolved: (d) => `Escalation resolved → ${str(d.status)}: ${str(d.note)}`,
  RecordCompleted: (d) => `Completed via ${str(d.via)}`,
  RecordCancelled: (d) => `Cancelled${d.reason ? `: ${str(d.reason)}` : ""}`,
  OperatorAction: (d) => `Operator ${str(d.actor)}: ${str(d.action).replaceAll("_", " ")}${d.note ? ` (${str(d.note)})` : ""}`,
};

export function describeEvent(e: DomainEvent): string {
  const d = (e.data ?? {}) as Data;
  const f = SUMMARY[e.event_type];
  if (f) return f(d);
  const parts = Object.entries(d)
    .filter(([, v]) => ["string", "number", "boolean"].includes(typeof v))
    .slice(0, 5)
    .map(([k, v]) => `${k}: ${str(v)}`);
  return parts.join(", ");
}

export const EMAIL_EVENTS = new Set(["EmailRequested", "EmailComposed", "EmailSent", "EmailSendFailed", "EmailResponseReceived", "EmailTimeout", "ReminderSent"]);
