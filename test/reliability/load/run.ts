// Concurrent calls through the real media path: each call is a Twilio Media Streams client (the
// emulator) on /twilio/media, speaking synthesized μ-law into its CallSession, which endpoints it,
// transcribes, answers and speaks through the fake OpenAI server; turn after turn, for `seconds`.
// Measured from the hotel's side: when each outbound frame arrived (pacing jitter); from the session:
// turn latency; afterwards: every call ended only when we hung up, and every record holds its events.
import { env } from "cloudflare:workers";
import { recordStub } from "../../../src/objects/folio-record/client";
import { synthesizeSpeech } from "../../fakes/speech-synth";
import { TwilioMediaEmulator } from "../../fakes/twilio-media";
import { agentNodes, installFakes, prepareCall, snapshot, untilCall } from "../../call/helpers";
import { sleep } from "../../helpers";
import { balance, type Ledger } from "../faults/ledger";

export interface LoadOptions {
  calls: number;
  seconds: number;
  /** Fake provider latencies (ms). */
  latency: { sttFinalMs: number; llmFirstTokenMs: number; ttsFirstByteMs: number; chunkGapMs: number };
  /** Called when every call is connected and again when the window ends (the drill samples CPU). */
  mark?: (name: "load_start" | "load_end") => void;
}

export interface LoadReport {
  calls: number;
  seconds: number;
  turns: number;
  frames_out: number;
  /** |inter-arrival − 20 ms| of agent frames inside an utterance (after the pacer's lead frames). */
  jitter_ms: { p50: number; p99: number; max: number; n: number };
  /** Session: the caller's endpoint → the answer's first outbound frame (provider latency included). */
  turn_latency_ms: { p50: number; p99: number; n: number };
  /** Session: end of the caller's voice → first outbound frame. */
  voice_to_voice_ms: { p50: number; p99: number };
  dropped_calls: string[];
  unfinished_calls: string[];
  ledger: Ledger;
  missing_events: string[];
  ms: number;
}

function pct(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}
const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Tells the REST emulator the call exists (as if it had dialled it), so the session's hang-up lands
 * and can be counted. Not linkMedia(): its per-call polling would load the machine being measured.
 */
async function knownToTwilio(base: string, accountSid: string, callSid: string): Promise<void> {
  const res = await fetch(`${base}/__control/accounts/${accountSid}/calls`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sid: callSid }),
  });
  if (!res.ok) throw new Error(`Twilio emulator: ${res.status}`);
}

interface Leg {
  callId: string;
  recordIds: string[];
  emu: TwilioMediaEmulator;
  arrivals: number[];
  hungUp: boolean;
  droppedAt: number | null;
  turns: number;
}

/** Frames of one agent utterance arrive together (gaps under 100 ms); the first few are the pacer's lead. */
function jitters(arrivals: readonly number[], lead = 3): number[] {
  const out: number[] = [];
  let inBurst = 0;
  for (let i = 1; i < arrivals.length; i++) {
    const gap = arrivals[i]! - arrivals[i - 1]!;
    if (gap > 100) {
      inBurst = 0;
      continue;
    }
    inBurst++;
    if (inBurst >= lead) out.push(Math.abs(gap - 20));
  }
  return out;
}

export async function runLoad(o: LoadOptions): Promise<LoadReport> {
  const started = Date.now();
  const fakes = await installFakes({ transcript: "Could you tell me a little more?", chat: { text: "Sure, it is for a guest who stayed with you." }, latency: o.latency });
  const speech = synthesizeSpeech("Yes what is it about");
  const restBase = fakes.rest.baseUrl;
  const legs: Leg[] = [];
  try {
    // Set every call up first, then connect them all at once.
    const prepared = [];
    for (let i = 0; i < o.calls; i++) prepared.push(await prepareCall({ records: 1, params: { greeting: "Hello.", question: "Could you email the folio?", chat_turns: 100_000 } }));
    await Promise.all(
      prepared.map(async ({ callId, recordIds }) => {
        const emu = await TwilioMediaEmulator.connect({ callId });
        await knownToTwilio(restBase, fakes.rest.accountSid, emu.callSid);
        const leg: Leg = { callId, recordIds, emu, arrivals: [], hungUp: false, droppedAt: null, turns: 0 };
        emu.ws.addEventListener("message", (e) => {
          if (typeof e.data === "string" && e.data.includes('"event":"media"')) leg.arrivals.push(Date.now());
        });
        void emu.closed.then(() => {
          if (!leg.hungUp) leg.droppedAt = Date.now();
        });
        legs.push(leg);
      }),
    );
    o.mark?.("load_start");
    const end = Date.now() + o.seconds * 1000;
    // Each hotel waits for the opening, then answers every reply until the window closes.
    await Promise.all(
      legs.map(async (leg, i) => {
        await sleep((i * 37) % 1000); // not all in lockstep
        await untilCall(leg.callId, (x) => agentNodes(x).length >= 2, 60_000, "the opening");
        while (Date.now() < end && leg.droppedAt === null) {
          const before = agentNodes(await snapshot(leg.callId)).length;
          await leg.emu.say(speech);
          await untilCall(leg.callId, (x) => agentNodes(x).length > before || x.state?.phase === "ended", 60_000, `reply ${leg.turns + 1}`);
          leg.turns++;
        }
      }),
    );
    o.mark?.("load_end");
    const snaps = await Promise.all(legs.map((l) => snapshot(l.callId)));
    for (const leg of legs) {
      leg.hungUp = true;
      leg.emu.hangUp();
    }
    const unfinished: string[] = [];
    await Promise.all(
      legs.map(async (leg) => {
        try {
          await untilCall(leg.callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 120_000, "the end");
        } catch {
          unfinished.push(leg.callId);
        }
      }),
    );
    // Every record: its CallInitiated and exactly one CallEnded for its call.
    const missing: string[] = [];
    for (const leg of legs) {
      for (const id of leg.recordIds) {
        const types = (await recordStub(env, id).getEvents()).map((e) => e.event_type);
        if (types.filter((t) => t === "CallEnded").length !== 1) missing.push(`${id}: ${types.filter((t) => t === "CallEnded").length} CallEnded`);
      }
    }
    // The calls were prepared, never dialled: the fault drill checks dials and hang-ups at the emulator.
    const ids = legs.flatMap((l) => l.recordIds);
    const ledger = await balance(ids, { once: () => ({ CallEnded: 1, CallInitiated: 1 }) });
    const jit = legs.flatMap((l) => jitters(l.arrivals));
    const turnLat = snaps.flatMap((s) => s.turn_latencies_ms ?? []);
    const v2v = snaps.flatMap((s) => s.voice_to_voice_ms ?? []);
    return {
      calls: legs.length,
      seconds: o.seconds,
      turns: legs.reduce((a, l) => a + l.turns, 0),
      frames_out: legs.reduce((a, l) => a + l.arrivals.length, 0),
      jitter_ms: { p50: r2(pct(jit, 0.5)), p99: r2(pct(jit, 0.99)), max: r2(jit.reduce((m, x) => Math.max(m, x), 0)), n: jit.length },
      turn_latency_ms: { p50: r2(pct(turnLat, 0.5)), p99: r2(pct(turnLat, 0.99)), n: turnLat.length },
      voice_to_voice_ms: { p50: r2(pct(v2v, 0.5)), p99: r2(pct(v2v, 0.99)) },
      dropped_calls: legs.filter((l) => l.droppedAt !== null).map((l) => `${l.callId} at ${Math.round(((l.droppedAt ?? 0) - started) / 1000)} s`),
      unfinished_calls: unfinished,
      ledger,
      missing_events: missing,
      ms: Date.now() - started,
    };
  } finally {
    for (const leg of legs) if (!leg.hungUp) leg.emu.hangUp();
    await fakes.restore();
  }
}

export function loadViolations(r: LoadReport, calls: number): Record<string, number> {
  return {
    dropped_calls: r.dropped_calls.length + r.unfinished_calls.length + (calls - r.calls),
    lost: r.ledger.lost.length + r.missing_events.length,
    duplicated: r.ledger.duplicated.length,
    unconverged: r.ledger.unconverged.length,
  };
}
