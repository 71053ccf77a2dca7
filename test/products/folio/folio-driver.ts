// Drives the folio playbook the way the engine does (opening, replies, silences, AMD), without a call:
// pure decisions in, steps out. What it "says" and emits is collected for assertions.
import type { z } from "zod";
import type { FolioCallParams } from "../../../src/products/folio/playbook/contract";
import { folioPlaybook } from "../../../src/products/folio/playbook";
import type { FolioState } from "../../../src/products/folio/playbook/state";
import type { Classification, PlaybookContext, PlaybookStep } from "../../../src/engine/playbook";
import type { ToonNode } from "../../../src/engine/transcript";
import type { Brain, BrainEvent, ChatMessage } from "../../../src/providers/voice";

export function folioParams(overrides: Partial<FolioCallParams> = {}, records = 1): FolioCallParams {
  return {
    hotel: { phone: "+14155550142", name: "Harbor Hotel", timezone: "America/Los_Angeles", ivr_path: null, email: "frontdesk@harbor.example" },
    records: Array.from({ length: records }, (_, i) => ({
      id: `rec_${i + 1}`,
      guest_name: ["Ada Lovelace", "Grace Hopper", "Alan Turing"][i] ?? `Guest ${i + 1}`,
      confirmation_number: `CNF${1001 + i}`,
      check_in: "2026-10-01",
      check_out: "2026-10-03",
      reply_to: `folios+tok${i + 1}@folio.test`,
    })),
    leave_voicemail: true,
    ...overrides,
  };
}

/** A Brain whose structured answers are queued by the test; respond() says a fixed line. */
export class FakeBrain implements Brain {
  readonly decisions: Array<{ name: string | undefined; messages: readonly ChatMessage[] }> = [];
  constructor(
    private readonly answers: unknown[] = [],
    private readonly line = "The travel team booked it.",
  ) {}
  async *respond(): AsyncIterable<BrainEvent> {
    yield { type: "text", delta: this.line };
  }
  async decide<T>(messages: readonly ChatMessage[], schema: z.ZodType<T>, options?: { name?: string }): Promise<T> {
    this.decisions.push({ name: options?.name, messages });
    if (this.answers.length === 0) throw new Error("no answer queued");
    return schema.parse(this.answers.shift());
  }
}

export class FolioSim {
  state: FolioState;
  readonly transcript: ToonNode[] = [];
  readonly said: string[] = [];
  readonly pressed: string[] = [];
  readonly events: Array<{ recordId: string; type: string; data: any }> = [];
  readonly classifications: Classification[] = [];
  ended: string | null = null;
  /** The last step ended by listening (ms), or null. */
  listening: number | null = null;
  answeredBy: string | null = null;
  now = new Date("2026-10-05T17:00:00Z");

  constructor(
    readonly params: FolioCallParams,
    readonly brain: Brain | null = null,
    readonly callId = "call_test",
  ) {
    this.state = folioPlaybook.initialState(this.base());
  }

  get recordIds(): string[] {
    return (this.params.records ?? []).map((r) => r.id);
  }

  private base(): Omit<PlaybookContext<FolioState>, "state"> {
    return {
      callId: this.callId,
      subjects: this.recordIds.map((id) => ({ type: "record", id })),
      recordIds: this.recordIds,
      params: this.params as unknown as Record<string, unknown>,
      now: this.now,
      transcript: [...this.transcript],
      answeredBy: this.answeredBy,
      brain: this.brain,
    };
  }

  ctx(): PlaybookContext<FolioState> {
    return { ...this.base(), state: this.state };
  }

  private node(type: ToonNode["type"], content: string): void {
    this.transcript.push({ node_id: this.transcript.length + 1, type, content, timestamp: new Date().toISOString() });
  }

  apply(step: PlaybookStep<FolioState> | null): void {
    if (!step) return;
    if (step.state) this.state = step.state;
    for (const b of step.events ?? []) for (const e of b.events) this.events.push({ recordId: b.subject.id, type: e.event_type, data: e.data });
    this.listening = null;
    for (const a of step.actions) {
      if (a.type === "say") {
        this.said.push(a.text);
        this.node("system_utterance", a.text);
      } else if (a.type === "respond") {
        this.said.push(`[respond${a.instruction ? `: ${a.instruction}` : ""}]`);
      } else if (a.type === "digits") {
        this.pressed.push(a.digits);
        this.node("dtmf_sent", a.digits);
      } else if (a.type === "listen") {
        this.listening = a.ms;
        return; // the rest of a step after a listen never runs (the engine hands it to onSilence)
      } else if (a.type === "end") {
        this.ended = a.outcome;
      }
    }
  }

  async open(): Promise<this> {
    this.apply(await folioPlaybook.opening(this.ctx()));
    return this;
  }

  /** The hotel talks over our last line: the engine keeps only what was heard of it. */
  bargeIn(heard = ""): void {
    const last = [...this.transcript].reverse().find((n) => n.type === "system_utterance");
    if (last) Object.assign(last, { content: heard, truncated: true });
  }

  async hotel(text: string): Promise<Classification> {
    this.node("hotel_response", text);
    const c = await folioPlaybook.classify(text, this.ctx());
    this.classifications.push(c);
    this.apply(await folioPlaybook.onReply(this.ctx(), { text, classification: c }));
    return c;
  }

  async silence(): Promise<void> {
    this.apply(await folioPlaybook.onSilence!(this.ctx(), this.listening ?? 0));
  }

  async amd(answeredBy: string): Promise<void> {
    this.answeredBy = answeredBy;
    this.apply(await folioPlaybook.onAnsweredBy!(this.ctx(), answeredBy));
  }

  typesFor(recordId: string): string[] {
    return this.events.filter((e) => e.recordId === recordId).map((e) => e.type);
  }

  eventsFor(recordId: string, type: string): any[] {
    return this.events.filter((e) => e.recordId === recordId && e.type === type).map((e) => e.data);
  }

  outcome(recordId: string, callOutcome = this.ended ?? "hung_up"): string {
    return folioPlaybook.outcomeFor!(this.ctx(), recordId, callOutcome);
  }

  /** Everything said since the last call, joined (to match phrases). */
  lastSaid(n = 1): string {
    return this.said.slice(-n).join(" ");
  }
}
