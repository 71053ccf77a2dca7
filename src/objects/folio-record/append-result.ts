// What FolioRecord's RPC methods answer. Results, not thrown errors: RPC loses error classes, and a
// conflict or a rejected event is an expected answer the caller acts on.
import type { DomainEvent } from "../../domain/events";
import type { RecordState } from "../../domain/record-state";

export type AppendResult =
  | { ok: true; duplicate: boolean; events: DomainEvent[]; state: RecordState }
  | { ok: false; code: "conflict"; message: string; currentSequence: number }
  | { ok: false; code: "invalid"; message: string; details: Record<string, string> }
  | { ok: false; code: "not_found"; message: string };
