// The nine hotel personas as pure state machines: how each picks up, what it answers to the agent's
// actual words (a question ending in "?"), and how a later call to the same hotel differs.
import { describe, expect, it } from "vitest";
import { HOTEL_PERSONAS, hotelAnswers, hotelEmailFor, hotelHears, type HotelMove, type HotelState } from "../../src/products/folio/simulated-hotels";

const says = (moves: HotelMove[]) => moves.filter((m) => m.type === "say").map((m) => (m as { text: string }).text);
const ASK = "Could you email the itemized folio for that stay to f-o-l-i-o-s plus a-b-c, at folio dot test?";
let n = 0;
const line = (text: string) => ({ kind: "line" as const, id: `l${++n}`, text });

function desk(persona: (typeof HOTEL_PERSONAS)[number], callNo = 1): HotelState {
  return hotelAnswers(persona, callNo, "Harbor Hotel").state;
}

describe("hotel personas", () => {
  it("are the nine the simulation names", () => {
    expect(HOTEL_PERSONAS).toHaveLength(9);
  });

  it("acknowledge every line, and answer only a question", () => {
    const s = desk("agrees");
    const statement = hotelHears(s, line("Hi, this is Folio, calling for the travel team."));
    expect(statement).toEqual([{ type: "ack", id: `l${n}` }]);
    expect(says(hotelHears(s, line(ASK)))).toEqual(["Sure, I can email that over to you today."]);
    expect(says(hotelHears(s, line(ASK.replace("a-b-c", "d-e-f"))))[0]).toMatch(/that one too/);
    expect(says(hotelHears(s, line("Hello, are you still there?")))).toEqual(["Yes, I'm here."]);
    expect(says(hotelHears(s, line("What is your favourite colour?")))).toEqual(["Sorry, could you say that again?"]);
  });

  it("ivr_then_agrees: a menu that takes keys; 2 (or 0) reaches the front desk, others repeat the menu", () => {
    const { state, moves } = hotelAnswers("ivr_then_agrees", 1, "Harbor Hotel");
    expect(says(moves)[0]).toMatch(/For the front desk, press 2/);
    expect(says(hotelHears(state, { kind: "digits", id: "d1", digits: "1" }))[0]).toMatch(/^Sorry, that option is not available/);
    expect(says(hotelHears(state, line("Hello?")))[0]).toMatch(/didn't get that/);
    expect(says(hotelHears(state, { kind: "digits", id: "d2", digits: "2" }))[0]).toMatch(/Front desk, this is Dana/);
    expect(state.stage).toBe("desk");
    expect(says(hotelHears(state, line(ASK)))[0]).toMatch(/Sure/);
  });

  it("callback_then_agrees: a callback at a stated time on the first call, agreement on the next", () => {
    expect(says(hotelHears(desk("callback_then_agrees", 1), line(ASK)))[0]).toMatch(/call back at 2:30 this afternoon/);
    expect(says(hotelHears(desk("callback_then_agrees", 2), line(ASK)))[0]).toMatch(/^Sure/);
  });

  it("voicemail_then_agrees: a greeting and the beep (AMD) on the first call, a person on the next", () => {
    const first = hotelAnswers("voicemail_then_agrees", 1, "Harbor Hotel");
    expect(says(first.moves)[0]).toMatch(/leave a message after the tone/);
    expect(first.moves).toContainEqual({ type: "amd", answered_by: "machine_end_beep", delay_ms: 300 });
    expect(hotelHears(first.state, line("Hello, this is Folio."))).toEqual([{ type: "ack", id: `l${n}` }]);
    expect(says(hotelAnswers("voicemail_then_agrees", 2, "Harbor Hotel").moves)[0]).toMatch(/front desk/);
  });

  it("no_answer never picks up", () => {
    expect(hotelAnswers("no_answer", 1, "Harbor Hotel").moves).toEqual([{ type: "no_answer" }]);
    expect(hotelAnswers("no_answer", 3, "Harbor Hotel").moves).toEqual([{ type: "no_answer" }]);
  });

  it("refuses, does not find, or wants email, each in its own words", () => {
    expect(says(hotelHears(desk("refuses_authorization_form"), line(ASK)))[0]).toMatch(/credit card authorization form/);
    const nf = desk("not_found");
    expect(says(hotelHears(nf, line(ASK)))[0]).toMatch(/don't see any reservation/);
    expect(says(hotelHears(nf, line("Could you try the confirmation number C-N-F-1, with the stay October 1st to the 3rd, 2026?")))[0]).toMatch(/nothing under that number/);
    expect(says(hotelHears(desk("asks_for_email"), line(ASK)))[0]).toContain(hotelEmailFor("Harbor Hotel"));
    expect(hotelEmailFor("Harbor Hotel & Spa")).toBe("billing@harbor-hotel-spa.example");
  });

  it("long_hold_then_agrees: 'please hold', silence, then a colleague who agrees once asked again", () => {
    const s = desk("long_hold_then_agrees");
    const moves = hotelHears(s, line(ASK));
    expect(moves.filter((m) => m.type === "say")).toEqual([
      expect.objectContaining({ text: expect.stringMatching(/Please hold/), stage: "hold" }),
      expect.objectContaining({ text: expect.stringMatching(/Marco in accounting/), delay_ms: 3000, stage: "desk" }),
    ]);
    // The carrier applies each stage as the line is said; on hold, nobody answers.
    s.stage = "hold";
    expect(says(hotelHears(s, line(ASK)))).toEqual([]);
    s.stage = "desk";
    expect(says(hotelHears(s, line(ASK)))[0]).toMatch(/^Sure/);
  });
});
