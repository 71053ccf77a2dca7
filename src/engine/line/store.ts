// A line's own SQLite (docs/architecture.md, "Lines"): the members waiting to be called and the calls the
// line placed. A member is a subject a call is about (a folio record for a hotel's line); its id keeps
// the column name `record_id` that lines have stored since the first of them. Times on members are on
// the line's clock (a simulated campaign's scaled clock, or the wall clock); times on calls are the
// wall clock (a call runs in real time).

export type MemberState = "waiting" | "in_call" | "done";

export interface MemberRow {
  record_id: string;
  state: MemberState;
  callable_at: number;
  retry_at: number | null;
  callback_at: number | null;
  attempts: number;
  voicemails: number;
}

/** placing: decided, records told, not yet dialled · dialing: the dial is under way (never repeated) · live · ended */
export type CallStatus = "placing" | "dialing" | "live" | "ended";

export interface CallRow {
  call_id: string;
  record_ids: string[];
  status: CallStatus;
  created_at: number;
  ended_at: number | null;
  outcome: string | null;
  max_duration_ms: number;
}

type RawCall = Omit<CallRow, "record_ids"> & { record_ids: string };
const toCall = (r: RawCall): CallRow => ({ ...r, record_ids: JSON.parse(r.record_ids) as string[] });

export class LineStore {
  constructor(private readonly storage: DurableObjectStorage) {
    storage.sql.exec(`CREATE TABLE IF NOT EXISTS line_members (
      record_id TEXT PRIMARY KEY, state TEXT NOT NULL, callable_at INTEGER NOT NULL, retry_at INTEGER, callback_at INTEGER,
      attempts INTEGER NOT NULL DEFAULT 0, voicemails INTEGER NOT NULL DEFAULT 0, admitted_at INTEGER NOT NULL,
      last_callback_at INTEGER)`);
    storage.sql.exec(`CREATE TABLE IF NOT EXISTS line_calls (
      call_id TEXT PRIMARY KEY, record_ids TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
      ended_at INTEGER, outcome TEXT, max_duration_ms INTEGER NOT NULL)`);
  }

  member(id: string): MemberRow | null {
    return this.storage.sql.exec<MemberRow & Record<string, SqlStorageValue>>("SELECT * FROM line_members WHERE record_id = ?", id).toArray()[0] ?? null;
  }

  members(state?: MemberState): MemberRow[] {
    const q = state
      ? this.storage.sql.exec("SELECT * FROM line_members WHERE state = ? ORDER BY callable_at, record_id", state)
      : this.storage.sql.exec("SELECT * FROM line_members ORDER BY callable_at, record_id");
    return q.toArray() as unknown as MemberRow[];
  }

  /** A new member waits; a known one is left alone (a redelivered message admits nobody twice). */
  admit(id: string, callableAt: number, now: number): boolean {
    const r = this.storage.sql.exec("INSERT INTO line_members (record_id, state, callable_at, admitted_at) VALUES (?, 'waiting', ?, ?) ON CONFLICT DO NOTHING", id, callableAt, now);
    return r.rowsWritten > 0;
  }

  /** The hotel asked to be called back about a record at `at`: it waits for exactly then. */
  admitCallback(id: string, at: number, now: number): void {
    const m = this.member(id) as (MemberRow & { last_callback_at: number | null }) | null;
    if (m?.state === "in_call") return;
    if (m && m.last_callback_at === at) return; // a redelivered message: that callback was already made
    this.storage.sql.exec(
      `INSERT INTO line_members (record_id, state, callable_at, callback_at, admitted_at) VALUES (?1, 'waiting', ?2, ?2, ?3)
       ON CONFLICT(record_id) DO UPDATE SET state = 'waiting', callback_at = ?2, retry_at = NULL`,
      id,
      at,
      now,
    );
  }

  update(id: string, patch: Partial<Pick<MemberRow, "state" | "retry_at" | "callback_at" | "voicemails">>): void {
    const keys = Object.keys(patch) as (keyof typeof patch)[];
    if (keys.length === 0) return;
    this.storage.sql.exec(`UPDATE line_members SET ${keys.map((k) => `${k} = ?`).join(", ")} WHERE record_id = ?`, ...keys.map((k) => patch[k] ?? null), id);
  }

  /** Records the call and puts its members on it, in one transaction. */
  openCall(call: CallRow): void {
    this.storage.transactionSync(() => {
      this.storage.sql.exec(
        "INSERT INTO line_calls (call_id, record_ids, status, created_at, max_duration_ms) VALUES (?, ?, 'placing', ?, ?)",
        call.call_id,
        JSON.stringify(call.record_ids),
        call.created_at,
        call.max_duration_ms,
      );
      for (const id of call.record_ids) {
        this.storage.sql.exec(
          "UPDATE line_members SET state = 'in_call', attempts = attempts + 1, last_callback_at = COALESCE(callback_at, last_callback_at), callback_at = NULL, retry_at = NULL WHERE record_id = ?",
          id,
        );
      }
    });
  }

  /** Moves a call on; `from` guards against a report that already closed it. */
  setCallStatus(callId: string, status: CallStatus, from: CallStatus): boolean {
    return this.storage.sql.exec("UPDATE line_calls SET status = ? WHERE call_id = ? AND status = ?", status, callId, from).rowsWritten > 0;
  }

  call(callId: string): CallRow | null {
    const r = this.storage.sql.exec<RawCall & Record<string, SqlStorageValue>>("SELECT * FROM line_calls WHERE call_id = ?", callId).toArray()[0];
    return r ? toCall(r) : null;
  }

  /** The calls in progress, oldest first (as many as the line places at once). */
  activeCalls(): CallRow[] {
    return (this.storage.sql.exec("SELECT * FROM line_calls WHERE status != 'ended' ORDER BY created_at, call_id").toArray() as unknown as RawCall[]).map(toCall);
  }

  recentCalls(limit: number): CallRow[] {
    return (this.storage.sql.exec("SELECT * FROM line_calls ORDER BY created_at DESC LIMIT ?", limit).toArray() as unknown as RawCall[]).map(toCall);
  }

  /** Closes the call and applies what it meant for each member, in one transaction. */
  closeCall(callId: string, outcome: string, endedAt: number, members: { id: string; patch: Parameters<LineStore["update"]>[1] }[]): void {
    this.storage.transactionSync(() => {
      this.storage.sql.exec("UPDATE line_calls SET status = 'ended', outcome = ?, ended_at = ? WHERE call_id = ?", outcome, endedAt, callId);
      for (const m of members) this.update(m.id, m.patch);
    });
  }
}
