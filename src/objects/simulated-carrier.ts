// SimulatedCarrier: the offline twin of the phone network (docs/architecture.md, "Running offline"). It dials a CallSession over the
// text leg (object to object, no Worker route) and plays the hotel: one of the simulation's hotel
// personas (src/products/folio/simulated-hotels.ts: a menu, a front desk, voicemail, a hold, no answer)
// or a scripted one for the engine's tests (personas.ts). The CallSession runs the same playbook, turn loop and events as on a real
// call; only the audio is text. Like Twilio, it reports to the session what a phone call would: async
// AMD's verdict, and a "no-answer" status for a call nobody picks up.
//
// The simulation keys one carrier per hotel ("hotel:" + phone), so it counts the calls a hotel gets and a
// persona can behave differently on a later call. What it heard and said is kept in its own SQLite.
import { DurableObject } from "cloudflare:workers";
import { hotelAnswers, hotelHears, isHotelPersona, type HotelMove, type HotelState } from "../products/folio/simulated-hotels";
import { PERSONAS, personaStep, type Heard, type Persona, type PersonaState } from "./simulated-carrier/personas";
import { dueAfterText, simulatedSid, textsSchema, type DueText } from "./simulated-carrier/texts";
import { threadStub } from "../engine/messaging/stubs";

/** How long a hotel that never answers rings before the session hears "no-answer" (kept short). */
const RING_MS = 200;

export type CarrierLine = {
  at: string;
  call_id: string;
  dir: "heard" | "said" | "event";
  text: string;
};

export interface DialResult {
  connected: boolean;
  /** The text leg's upgrade status (101), or 0 when the call was never answered. */
  status: number;
  /** This hotel's call count, this call included. */
  call_no: number;
}

interface LiveCall {
  callId: string;
  ws: WebSocket;
  /** The hotel persona's state, or the scripted persona and its state. */
  hotel: HotelState | null;
  script: { persona: Persona; state: PersonaState } | null;
  timers: Array<ReturnType<typeof setTimeout>>;
}

export class SimulatedCarrier extends DurableObject<Env> {
  private readonly calls = new Map<string, LiveCall>();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const sql = ctx.storage.sql;
    sql.exec("CREATE TABLE IF NOT EXISTS lines (n INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, dir TEXT NOT NULL, text TEXT NOT NULL)");
    const columns = sql
      .exec<{ name: string }>("PRAGMA table_info(lines)")
      .toArray()
      .map((c) => c.name);
    if (!columns.includes("call_id")) sql.exec("ALTER TABLE lines ADD COLUMN call_id TEXT NOT NULL DEFAULT ''");
    textsSchema(sql);
    sql.exec("CREATE TABLE IF NOT EXISTS dials (n INTEGER PRIMARY KEY AUTOINCREMENT, call_id TEXT NOT NULL UNIQUE, persona TEXT NOT NULL, at TEXT NOT NULL)");
  }

  /** A text to the simulated party: Twilio's answer now, its delivery report and the party's reply later. */
  async text(text: { ours: string; theirs: string; message_id: string; body: string }, clockScale?: number): Promise<{ provider_sid: string; status: string }> {
    const sql = this.ctx.storage.sql;
    for (const d of dueAfterText(text, Date.now(), clockScale)) {
      sql.exec("INSERT INTO due_texts (at, kind, ours, theirs, message_id, provider_sid, body) VALUES (?,?,?,?,?,?,?)", d.at, d.kind, d.ours, d.theirs, d.message_id, d.provider_sid, d.body);
    }
    await this.armTexts();
    return { provider_sid: simulatedSid(text.message_id), status: "queued" };
  }

  override async alarm(): Promise<void> {
    const sql = this.ctx.storage.sql;
    for (const d of sql.exec<DueText>("SELECT * FROM due_texts WHERE at <= ? ORDER BY at, n", Date.now()).toArray()) {
      const pair = { ours: d.ours, theirs: d.theirs };
      if (d.kind === "delivered") {
        await threadStub(this.env, pair).providerStatus(pair, { message_id: d.message_id, provider_sid: d.provider_sid, status: "delivered", error_code: null });
      } else {
        await threadStub(this.env, pair).inbound(pair, { provider_sid: d.provider_sid, body: d.body });
      }
      sql.exec("DELETE FROM due_texts WHERE n = ?", d.n);
    }
    await this.armTexts();
  }

  private async armTexts(): Promise<void> {
    const next = this.ctx.storage.sql.exec<{ at: number | null }>("SELECT MIN(at) AS at FROM due_texts").one().at;
    if (next !== null) await this.ctx.storage.setAlarm(next);
  }

  /**
   * Places the simulated call and returns as soon as it is ringing or connected (the call itself goes on
   * in the background). A hotel persona is named; a scripted one may be named or given.
   */
  async dial(callId: string, persona: string | Persona): Promise<DialResult> {
    const name = typeof persona === "string" ? persona : persona.name;
    const scripted = typeof persona === "string" ? PERSONAS[persona] : persona;
    if (!isHotelPersona(name) && !scripted) throw new TypeError(`unknown persona: ${String(name)}`);
    const callNo = this.countDial(callId, name);
    const session = this.env.CALL_SESSION.get(this.env.CALL_SESSION.idFromName(callId));

    let hotel: HotelState | null = null;
    let first: HotelMove[] = [];
    if (isHotelPersona(name)) {
      const answered = hotelAnswers(name, callNo, await this.hotelName(callId));
      hotel = answered.state;
      first = answered.moves;
      if (first.some((m) => m.type === "no_answer")) {
        this.note(callId, "event", `rang as ${name} (call ${callNo}): no answer`);
        // Reported after a short ring, in the background, as Twilio's status callback would be: dial()
        // has returned by then, so whoever placed the call hears "no answer" after "dialled".
        const report = new Promise((r) => setTimeout(r, RING_MS)).then(() => session.twilioStatus(callId, { status: "no-answer" }));
        this.ctx.waitUntil(report.catch((err: unknown) => this.note(callId, "event", `status report failed: ${String(err)}`)));
        return { connected: false, status: 0, call_no: callNo };
      }
    }

    const res = await session.fetch("https://call-session/text", { headers: { upgrade: "websocket", "x-folio-call-id": callId, "x-folio-leg": "text" } });
    const ws = res.webSocket;
    if (!ws) {
      this.note(callId, "event", `connect refused: ${res.status}`);
      return { connected: false, status: res.status, call_no: callNo };
    }
    ws.accept();
    const call: LiveCall = {
      callId,
      ws,
      hotel,
      script: hotel ? null : { persona: scripted!, state: { digits: "", interrupted: false, answered: false } },
      timers: [],
    };
    this.calls.get(callId)?.ws.close(1000, "replaced");
    this.calls.set(callId, call);
    ws.addEventListener("message", (e) => this.onMessage(call, e.data));
    ws.addEventListener("close", () => this.ended(call, "closed"));
    this.note(callId, "event", `dialled as ${name} (call ${callNo})`);
    ws.send(JSON.stringify({ event: "start", call: callId }));
    this.play(call, first);
    return { connected: true, status: res.status, call_no: callNo };
  }

  /** The hotel hangs up (every live call, or the one named). */
  hangUp(callId?: string): void {
    for (const call of [...this.calls.values()]) {
      if (callId && call.callId !== callId) continue;
      this.send(call, { event: "hangup" });
      this.note(call.callId, "event", "hung up");
      try {
        call.ws.close(1000, "hangup");
      } catch {
        /* already closed */
      }
      this.ended(call, "hung up");
    }
  }

  /** What the carrier heard and said, oldest first (one call's, or all). */
  lines(callId?: string): CarrierLine[] {
    const rows = callId
      ? this.ctx.storage.sql.exec<CarrierLine>("SELECT at, call_id, dir, text FROM lines WHERE call_id = ? ORDER BY n", callId)
      : this.ctx.storage.sql.exec<CarrierLine>("SELECT at, call_id, dir, text FROM lines ORDER BY n");
    return rows.toArray();
  }

  /** Calls this carrier has placed, per persona. */
  dials(): Array<{ call_id: string; persona: string; at: string }> {
    return this.ctx.storage.sql.exec<{ call_id: string; persona: string; at: string }>("SELECT call_id, persona, at FROM dials ORDER BY n").toArray();
  }

  // ---- the call ---------------------------------------------------------------------------------------

  private countDial(callId: string, persona: string): number {
    const sql = this.ctx.storage.sql;
    sql.exec("INSERT OR IGNORE INTO dials (call_id, persona, at) VALUES (?, ?, ?)", callId, persona, new Date().toISOString());
    const mine = sql.exec<{ n: number }>("SELECT n FROM dials WHERE call_id = ?", callId).one().n;
    return sql.exec<{ c: number }>("SELECT COUNT(*) AS c FROM dials WHERE persona = ? AND n <= ?", persona, mine).one().c;
  }

  /** The hotel's name as the call knows it (for greetings and its billing address). */
  private async hotelName(callId: string): Promise<string> {
    try {
      const snap = (await this.env.CALL_SESSION.get(this.env.CALL_SESSION.idFromName(callId)).snapshot()) as { state?: { config?: { params?: { hotel?: { name?: unknown } } } } | null };
      const name = snap.state?.config?.params?.hotel?.name;
      return typeof name === "string" && name.trim() !== "" ? name.trim() : "the hotel";
    } catch {
      return "the hotel";
    }
  }

  private onMessage(call: LiveCall, data: unknown): void {
    let msg: { event?: string; id?: string; text?: string; digits?: string; reason?: string };
    try {
      msg = JSON.parse(String(data));
    } catch {
      return;
    }
    let heard: Heard | null = null;
    if (msg.event === "say" && msg.id && typeof msg.text === "string") heard = { kind: "line", id: msg.id, text: msg.text };
    else if (msg.event === "digits" && msg.id && typeof msg.digits === "string") heard = { kind: "digits", id: msg.id, digits: msg.digits };
    else if (msg.event === "clear") this.note(call.callId, "event", "clear");
    else if (msg.event === "hangup") {
      this.note(call.callId, "event", `agent hung up (${msg.reason ?? ""})`);
      this.ended(call, "agent hung up");
    }
    if (!heard) return;
    this.note(call.callId, "heard", heard.kind === "line" ? heard.text : `[DTMF ${heard.digits}]`);
    if (call.hotel) return this.play(call, hotelHears(call.hotel, heard));
    const script = call.script!;
    for (const move of personaStep(script.persona, script.state, heard)) {
      if (move.type === "ack") this.send(call, { event: "heard", id: move.id });
      else if (move.type === "say") this.say(call, move.text);
      else this.hangUp(call.callId);
    }
  }

  /** Carries a hotel persona's moves out, in order; a delayed move holds back the ones after it. */
  private play(call: LiveCall, moves: readonly HotelMove[]): void {
    let delay = 0;
    for (const move of moves) {
      const wait = "delay_ms" in move ? (move.delay_ms ?? 0) : 0;
      delay += wait;
      if (delay === 0) this.move(call, move);
      else call.timers.push(setTimeout(() => this.move(call, move), delay));
    }
  }

  private move(call: LiveCall, move: HotelMove): void {
    if (this.calls.get(call.callId) !== call) return; // the call is over
    switch (move.type) {
      case "ack":
        return this.send(call, { event: "heard", id: move.id });
      case "say":
        this.say(call, move.text);
        if (call.hotel && move.stage) call.hotel.stage = move.stage;
        return;
      case "amd": {
        this.note(call.callId, "event", `amd: ${move.answered_by}`);
        const session = this.env.CALL_SESSION.get(this.env.CALL_SESSION.idFromName(call.callId));
        this.ctx.waitUntil(session.amd(call.callId, { answeredBy: move.answered_by }).catch(() => undefined));
        return;
      }
      case "no_answer":
        return;
    }
  }

  private say(call: LiveCall, text: string): void {
    this.note(call.callId, "said", text);
    this.send(call, { event: "say", text });
  }

  private ended(call: LiveCall, why: string): void {
    if (this.calls.get(call.callId) !== call) return;
    for (const t of call.timers) clearTimeout(t);
    this.calls.delete(call.callId);
    this.note(call.callId, "event", why);
  }

  private send(call: LiveCall, message: object): void {
    try {
      call.ws.send(JSON.stringify(message));
    } catch {
      this.ended(call, "socket lost");
    }
  }

  private note(callId: string, dir: CarrierLine["dir"], text: string): void {
    this.ctx.storage.sql.exec("INSERT INTO lines (at, call_id, dir, text) VALUES (?, ?, ?, ?)", new Date().toISOString(), callId, dir, text);
  }
}
