// SimulatedCarrier: the offline twin of the phone network (DESIGN §7). It dials a CallSession over the
// text leg (object to object, no Worker route) and plays a hotel persona: an IVR that wants a key, a
// front desk that agrees, refuses or asks for a callback, someone who talks over the agent or hangs up.
// The CallSession runs the same playbook, turn loop and events as on a real call; only the audio is text.
// What the carrier heard and said is kept in its own SQLite, for tests and the dashboard.
import { DurableObject } from "cloudflare:workers";
import { PERSONAS, personaStep, type Heard, type Persona, type PersonaState } from "./simulated-carrier/personas";

export interface CarrierLine {
  at: string;
  dir: "heard" | "said" | "event";
  text: string;
}

export class SimulatedCarrier extends DurableObject<Env> {
  private ws: WebSocket | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS lines (n INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, dir TEXT NOT NULL, text TEXT NOT NULL)");
  }

  /** Places the simulated call: connects the text leg to the call's session and starts the persona. */
  async dial(callId: string, persona: string | Persona): Promise<{ connected: boolean; status: number }> {
    const p = typeof persona === "string" ? PERSONAS[persona] : persona;
    if (!p) throw new TypeError(`unknown persona: ${String(persona)}`);
    const session = this.env.CALL_SESSION.get(this.env.CALL_SESSION.idFromName(callId));
    const res = await session.fetch("https://call-session/text", { headers: { upgrade: "websocket", "x-folio-call-id": callId, "x-folio-leg": "text" } });
    const ws = res.webSocket;
    if (!ws) {
      this.note("event", `connect refused: ${res.status}`);
      return { connected: false, status: res.status };
    }
    ws.accept();
    this.ws = ws;
    const state: PersonaState = { digits: "", interrupted: false, answered: false };
    ws.addEventListener("message", (e) => this.onMessage(p, state, e.data));
    ws.addEventListener("close", () => this.note("event", "closed"));
    this.note("event", `dialled as ${p.name}`);
    ws.send(JSON.stringify({ event: "start", call: callId }));
    return { connected: true, status: res.status };
  }

  /** The hotel hangs up. */
  hangUp(): void {
    this.send({ event: "hangup" });
    this.note("event", "hung up");
    this.ws?.close(1000, "hangup");
    this.ws = null;
  }

  lines(): CarrierLine[] {
    return this.ctx.storage.sql.exec<{ at: string; dir: "heard" | "said" | "event"; text: string }>("SELECT at, dir, text FROM lines ORDER BY n").toArray();
  }

  private onMessage(p: Persona, state: PersonaState, data: unknown): void {
    let msg: { event?: string; id?: string; text?: string; digits?: string; reason?: string };
    try {
      msg = JSON.parse(String(data));
    } catch {
      return;
    }
    let heard: Heard | null = null;
    if (msg.event === "say" && msg.id && typeof msg.text === "string") heard = { kind: "line", id: msg.id, text: msg.text };
    else if (msg.event === "digits" && msg.id && typeof msg.digits === "string") heard = { kind: "digits", id: msg.id, digits: msg.digits };
    else if (msg.event === "clear") this.note("event", "clear");
    else if (msg.event === "hangup") {
      this.note("event", `agent hung up (${msg.reason ?? ""})`);
      this.ws = null;
    }
    if (!heard) return;
    this.note("heard", heard.kind === "line" ? heard.text : `[DTMF ${heard.digits}]`);
    for (const move of personaStep(p, state, heard)) {
      if (move.type === "ack") this.send({ event: "heard", id: move.id });
      else if (move.type === "say") {
        this.note("said", move.text);
        this.send({ event: "say", text: move.text });
      } else this.hangUp();
    }
  }

  private send(message: object): void {
    try {
      this.ws?.send(JSON.stringify(message));
    } catch {
      this.ws = null;
    }
  }

  private note(dir: CarrierLine["dir"], text: string): void {
    this.ctx.storage.sql.exec("INSERT INTO lines (at, dir, text) VALUES (?, ?, ?)", new Date().toISOString(), dir, text);
  }
}
