// The text CallLeg (docs/architecture.md, "Running offline"): the same conversation over a WebSocket of JSON lines instead of audio.
// The simulated carrier plays the hotel on the other end. The protocol mirrors Media Streams where it
// matters: our lines carry ids and the far end acknowledges each one it "heard" (like marks), so barge-in
// and the heard-only transcript behave the same offline.
//
//   far end → us: {event:"start", call} {event:"say", text} {event:"dtmf", digit} {event:"heard", id} {event:"hangup"}
//   us → far end: {event:"say", id, text} {event:"digits", id, digits} {event:"clear"} {event:"hangup", reason}

import { z } from "zod";
import type { CallLeg, LegEvent, SayOptions, SpeechResult, SpokenSegment } from "../../engine/call-leg";
import { TurnSlot } from "../../engine/turn-slot";

const inbound = z.discriminatedUnion("event", [
  z.object({ event: z.literal("start"), call: z.string().min(1) }),
  z.object({ event: z.literal("say"), text: z.string() }),
  z.object({ event: z.literal("dtmf"), digit: z.string().min(1).max(1) }),
  z.object({ event: z.literal("heard"), id: z.string() }),
  z.object({ event: z.literal("hangup") }),
]);
export type TextLegInbound = z.infer<typeof inbound>;
export type TextLegOutbound = { event: "say"; id: string; text: string } | { event: "digits"; id: string; digits: string } | { event: "clear" } | { event: "hangup"; reason: string };

interface Line {
  id: string;
  text: string;
  heard: boolean;
}

export interface TextLegOptions {
  onStart(callId: string): void;
  onActivity?(): void;
  /** How long to wait for the far end to acknowledge our lines. Default 10 s. */
  ackTimeoutMs?: number;
}

export class TextLeg implements CallLeg {
  readonly kind = "text";
  private listener: (event: LegEvent) => void = () => {};
  private readonly unheard = new Map<string, Line>();
  private readonly turn = new TurnSlot();
  private waiters: Array<() => void> = [];
  private seq = 0;
  private closed = false;
  private started = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly o: TextLegOptions,
  ) {
    ws.addEventListener("message", (e) => this.onMessage(e.data));
    ws.addEventListener("close", () => this.lost());
    ws.addEventListener("error", () => this.lost());
  }

  get speaking(): boolean {
    return this.turn.active || this.unheard.size > 0;
  }

  listen(listener: (event: LegEvent) => void): void {
    this.listener = listener;
  }

  say(sentences: AsyncIterable<string>, options: SayOptions = {}): Promise<SpeechResult> {
    return this.run(options.signal, async (signal, lines) => {
      for await (const text of sentences) {
        if (signal.aborted) return;
        lines.push(this.line(text, (id) => ({ event: "say", id, text })));
      }
    });
  }

  sendDigits(digits: string, options: SayOptions = {}): Promise<SpeechResult> {
    return this.run(options.signal, async (_signal, lines) => {
      lines.push(this.line(`[DTMF ${digits}]`, (id) => ({ event: "digits", id, digits })));
    });
  }

  interrupt(): void {
    if (this.turn.active) this.turn.abort("barge-in");
    else if (this.unheard.size > 0) this.clear();
  }

  close(reason: string): void {
    if (this.closed) return;
    this.send({ event: "hangup", reason });
    this.closed = true;
    this.turn.abort("leg closed");
    try {
      this.ws.close(1000, reason.slice(0, 120));
    } catch {
      /* already closed */
    }
  }

  private line(text: string, message: (id: string) => TextLegOutbound): Line {
    const line: Line = { id: `l${++this.seq}`, text, heard: false };
    this.unheard.set(line.id, line);
    this.send(message(line.id));
    return line;
  }

  private async run(outer: AbortSignal | undefined, produce: (signal: AbortSignal, lines: Line[]) => Promise<void>): Promise<SpeechResult> {
    const lines: Line[] = [];
    const turn = await this.turn.run(
      outer,
      () => this.clear(),
      async (signal) => {
        await produce(signal, lines);
        if (!signal.aborted) await this.allHeard(signal);
      },
    );
    const segments: SpokenSegment[] = lines.map((l) => ({ text: l.text, heard: l.heard && !l.text.startsWith("[DTMF") ? l.text : "", complete: l.heard, heardMs: 0 }));
    return { segments, ...turn };
  }

  private allHeard(signal: AbortSignal): Promise<void> {
    if (this.unheard.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        this.waiters = this.waiters.filter((w) => w !== check);
        resolve();
      };
      const check = () => {
        if (this.unheard.size === 0) done();
      };
      const timer = setTimeout(done, this.o.ackTimeoutMs ?? 10_000);
      signal.addEventListener("abort", done, { once: true });
      this.waiters.push(check);
    });
  }

  private clear(): void {
    if (this.unheard.size === 0) return;
    this.unheard.clear();
    this.send({ event: "clear" });
    for (const w of [...this.waiters]) w();
  }

  private onMessage(data: unknown): void {
    let parsed: TextLegInbound;
    try {
      const r = inbound.safeParse(JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data as ArrayBuffer)));
      if (!r.success) return;
      parsed = r.data;
    } catch {
      return;
    }
    if (this.closed) return;
    this.o.onActivity?.();
    switch (parsed.event) {
      case "start":
        if (this.started) return;
        this.started = true;
        this.o.onStart(parsed.call);
        return;
      case "say":
        this.listener({ type: "speech_start" });
        this.listener({ type: "utterance", text: parsed.text, via: "text" });
        return;
      case "dtmf":
        this.listener({ type: "dtmf", digit: parsed.digit });
        return;
      case "heard": {
        const line = this.unheard.get(parsed.id);
        if (!line) return;
        line.heard = true;
        this.unheard.delete(parsed.id);
        for (const w of [...this.waiters]) w();
        return;
      }
      case "hangup":
        this.closed = true;
        this.turn.abort("far end hung up");
        this.listener({ type: "closed", reason: "stop" });
        return;
    }
  }

  private send(message: TextLegOutbound): void {
    if (this.closed) return;
    try {
      this.ws.send(JSON.stringify(message));
    } catch {
      this.lost();
    }
  }

  private lost(): void {
    if (this.closed) return;
    this.closed = true;
    this.turn.abort("socket lost");
    this.listener({ type: "closed", reason: "lost" });
  }
}
