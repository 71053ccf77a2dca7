// What an aggregate's append answers. Results, not thrown errors: RPC loses error classes, and a
// conflict or a rejected event is an expected answer the caller acts on.
export type AppendResultOf<S, Out> =
  | { ok: true; duplicate: boolean; events: Out[]; state: S }
  | { ok: false; code: "conflict"; message: string; currentSequence: number }
  | { ok: false; code: "invalid"; message: string; details: Record<string, string> }
  | { ok: false; code: "not_found"; message: string };
