// Errors in logs: they echo their input (a parser the reply it choked on, an API the value it refused),
// so a log line carries an error only through errorFields, which masks what looks personal and trims.
// The call engine's turn loop and the line's dial used to log `String(err)`, which bypassed both.
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it } from "vitest";
import type { CallLeg, LegEvent, SpeechResult } from "../../src/engine/call-leg";
import { Conversation } from "../../src/engine/conversation";
import type { Playbook } from "../../src/engine/playbook";
import { Transcript } from "../../src/engine/transcript";
import { admitHotel } from "../../src/domain/hotel";
import { dial } from "../../src/objects/hotel-line/placing";
import { createLogger, errorFields, withLateFields } from "../../src/platform/log";
import { TwilioRestEmulator } from "../fakes/twilio-rest";
import { captureConsole, leaks, type Capture } from "./console-capture";

const PII = { guest: "Marisol Featherstonehaugh", confirmation: "FTH20419X", email: "ap.featherstonehaugh@travelcorp.example", card: "4111 1111 1111 1111" };
const needles = Object.values(PII);

let capture: Capture | null = null;
afterEach(() => {
  capture?.restore();
  capture = null;
});

describe("withLateFields", () => {
  it("reads its fields when a line is logged, lets a line's own fields win, and still redacts", () => {
    capture = captureConsole();
    let phone: string | undefined;
    const log = withLateFields(createLogger("info", { service: "line" }), () => ({ hotel_phone: phone, guest_name: PII.guest }));
    log.info("before settings");
    phone = "+14155550142";
    log.warn("after settings", { call_id: "call_1" });
    log.child({ step: "dial" }).info("child", { hotel_phone: "+14155550199" });
    const lines = capture.lines.map((l) => JSON.parse(l.slice(l.indexOf("{"))) as Record<string, unknown>);
    expect(lines.map((l) => [l.msg, l.hotel_phone, l.call_id ?? l.step, l.service])).toEqual([
      ["before settings", undefined, undefined, "line"],
      ["after settings", "+14155550142", "call_1", "line"],
      ["child", "+14155550199", "dial", "line"],
    ]);
    expect(leaks(capture.lines, [PII.guest])).toEqual([]);
  });
});

describe("errorFields", () => {
  it("masks addresses, quoted input, long numbers and confirmation-like codes, and trims", () => {
    const mail = errorFields(new Error(`550 5.1.1 <${PII.email}>: mailbox unavailable`));
    expect(mail).toEqual({ error: "Error", error_message: "550 5.1.1 <[email]>: mailbox unavailable" });
    let parse: unknown;
    try {
      JSON.parse(PII.confirmation);
    } catch (err) {
      parse = err;
    }
    const parsed = errorFields(parse);
    expect(parsed.error).toBe("SyntaxError");
    expect(parsed.error_message).not.toContain(PII.confirmation);
    const said = errorFields(new TypeError(`bad line: "Calling about ${PII.guest}, confirmation ${PII.confirmation}"`));
    expect(JSON.stringify(said)).not.toMatch(/Featherstonehaugh|FTH20419X/);
    expect(errorFields(new Error(`card ${PII.card} declined`)).error_message).toBe("card [number] declined");
    expect(errorFields(new Error(`code ${PII.confirmation} not found`)).error_message).toBe("code [code] not found");
    // What an error says about the engine itself stays readable.
    expect(errorFields(new Error("expected sequence 12, log is at 13")).error_message).toBe("expected sequence 12, log is at 13");
    expect(errorFields(new Error("OpenAI did not answer in 15000 ms")).error_message).toBe("OpenAI did not answer in 15000 ms");
    expect(errorFields(new Error("x".repeat(1000))).error_message).toHaveLength(300);
    expect(errorFields(`thrown string ${PII.email}`)).toEqual({ error: "thrown string [email]" });
  });
});

class SilentLeg implements CallLeg {
  readonly kind = "text";
  listener: (e: LegEvent) => void = () => {};
  get speaking() {
    return false;
  }
  listen(l: (e: LegEvent) => void) {
    this.listener = l;
  }
  async say(sentences: AsyncIterable<string>): Promise<SpeechResult> {
    for await (const _ of sentences);
    return { segments: [], interrupted: false };
  }
  async sendDigits(): Promise<SpeechResult> {
    return { segments: [], interrupted: false };
  }
  interrupt() {}
  close() {}
}

describe("log lines that carry an error", () => {
  it("the turn loop's 'turn failed': a reply the playbook's parser choked on is not in the log", async () => {
    const failing: Playbook<null> = {
      name: "parse-test",
      tools: [],
      initialState: () => null,
      systemPrompt: () => "",
      opening: () => ({ actions: [] }),
      // A layer that reads the reply as JSON (as an LLM's structured answer is read) and fails on it.
      classify: (text) => JSON.parse(text) as never,
      onReply: () => ({ actions: [] }),
      remaining: () => [],
      wrapUp: () => ({ actions: [] }),
    };
    const leg = new SilentLeg();
    capture = captureConsole();
    const conversation = new Conversation<null>({
      callId: "call_err_log",
      recordIds: [],
      params: {},
      playbook: failing,
      leg,
      brain: null,
      transcript: new Transcript("call_err_log"),
      state: undefined,
      answeredBy: null,
      saveState: () => {},
      emit: () => {},
      end: () => {},
      log: createLogger("debug", { service: "test" }),
    });
    leg.listen((e) => conversation.handle(e));
    conversation.start(false);
    leg.listener({ type: "utterance", text: PII.confirmation, via: "text" });
    await new Promise((r) => setTimeout(r, 50));
    conversation.stop();
    const lines = capture.lines;
    expect(lines.some((l) => l.includes('"msg":"turn failed"'))).toBe(true);
    expect(leaks(lines, needles)).toEqual([]);
    expect(lines.some((l) => l.includes('"msg":"turn failed"') && l.includes('"error":"SyntaxError"'))).toBe(true);
  });

  it("the line's 'placing the call failed': Twilio's refusal echoing personal data is masked", async () => {
    const rest = await TwilioRestEmulator.create();
    try {
      await rest.fail({ kind: "status", status: 400, code: 21211, message: `Call for ${PII.email} (${PII.confirmation}) refused` });
      const twilioEnv = { ...env, TWILIO_ACCOUNT_SID: rest.accountSid, TWILIO_API_BASE: rest.baseUrl, TWILIO_FROM_NUMBER: "+14155550199" } as Env;
      const settings = admitHotel(null, { phone: "+14155550177", name: "Error Log Inn" }, new Date().toISOString())!;
      const call = {
        call_id: `call_errlog${crypto.randomUUID().replaceAll("-", "")}`,
        record_ids: [],
        status: "dialing" as const,
        created_at: Date.now(),
        ended_at: null,
        outcome: null,
        max_duration_ms: 60_000,
      };
      capture = captureConsole();
      const r = await dial(twilioEnv, settings, { kind: "twilio" }, call, createLogger("debug", { service: "test" }));
      expect(r).toEqual({ ok: false, failure: "failed" });
      const lines = capture.lines;
      expect(lines.some((l) => l.includes('"msg":"placing the call failed"'))).toBe(true);
      expect(leaks(lines, needles)).toEqual([]);
      expect(lines.some((l) => l.includes('"msg":"placing the call failed"') && l.includes('"error":"TwilioApiError"'))).toBe(true);
    } finally {
      await rest.dispose();
    }
  });
});
