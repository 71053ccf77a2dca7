// The folio playbook's decisions, driven without a call (test/engine/folio-driver.ts): who answered,
// the menu, the conversation per record, outcomes and events, voicemail, wrap-up and resume.
import { describe, expect, it } from "vitest";
import { folioPlaybook } from "../../../src/products/folio/playbook";
import { playbookNamed } from "../../../src/objects/call-session/playbooks";
import { FolioSim, folioParams } from "./folio-driver";

const DESK = "Front desk, this is Dana speaking. How can I help you?";
const MENU = "Thank you for calling Harbor Hotel. For reservations, press 1. For the front desk, press 2. For the restaurant, press 3. To hear these options again, press 9.";

describe("folio playbook: a person answers", () => {
  it("is registered under the name folio", () => {
    expect(playbookNamed("folio")).toBe(folioPlaybook);
  });

  it("listens first, then introduces itself and asks for the folio, spelling the address", async () => {
    const sim = await new FolioSim(folioParams()).open();
    expect(sim.said).toEqual([]);
    expect(sim.listening).toBe(3000);
    expect(sim.typesFor("rec_1")).toEqual(["CallConnected"]);
    const c = await sim.hotel(DESK);
    expect(c).toMatchObject({ intent: "human", layer: "rules" });
    expect(sim.said[0]).toBe("Hi, this is Folio, calling for the travel team.");
    expect(sim.said[1]).toContain("Ada Lovelace, confirmation number C-N-F-1-0-0-1");
    expect(sim.said[1]).toContain("October 1st to the 3rd, 2026");
    expect(sim.said[2]).toBe("Could you email the itemized folio for that stay to f-o-l-i-o-s plus t-o-k-1, at folio dot test?");
    expect(sim.typesFor("rec_1")).toEqual(["CallConnected", "HumanDetected", "FolioRequested"]);
    expect(sim.eventsFor("rec_1", "FolioRequested")[0]).toMatchObject({ email: "folios+tok1@folio.test" });
    expect(sim.eventsFor("rec_1", "HumanDetected")[0]).toMatchObject({ layer: "rules" });
  });

  it("an agreement settles the record and ends the call politely", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("Sure, I can send that over this afternoon.");
    expect(sim.eventsFor("rec_1", "FolioAgreed")[0]).toMatchObject({ call_id: "call_test", email: "folios+tok1@folio.test", said: "Sure, I can send that over this afternoon." });
    expect(sim.ended).toBe("completed");
    expect(sim.lastSaid()).toContain("Goodbye");
    expect(sim.outcome("rec_1")).toBe("agreed");
    expect(folioPlaybook.remaining(sim.ctx())).toEqual([]);
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ ivr_path: null, llm_calls: 0 });
  });

  it("three records in one call: each is put to the hotel in turn", async () => {
    const sim = await new FolioSim(folioParams({}, 3)).open();
    await sim.hotel(DESK);
    for (const [i, guest] of ["Grace Hopper", "Alan Turing"].entries()) {
      await sim.hotel("Yes, no problem, I'll email it.");
      expect(sim.outcome(`rec_${i + 1}`)).toBe("agreed");
      expect(sim.lastSaid(2)).toContain(guest);
      expect(sim.lastSaid()).toContain(`t-o-k-${i + 2}`);
      expect(sim.ended).toBeNull();
    }
    await sim.hotel("Sure, will do.");
    expect(sim.ended).toBe("completed");
    for (const id of ["rec_1", "rec_2", "rec_3"]) {
      expect(sim.typesFor(id).filter((t) => t.startsWith("Folio"))).toEqual(["FolioRequested", "FolioAgreed"]);
      expect(sim.eventsFor(id, "FolioAgreed")[0].email).toBe(`folios+tok${id.slice(-1)}@folio.test`);
    }
  });

  it("'go ahead' over the details, before the request was heard, is not an agreement yet", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    sim.bargeIn();
    await sim.hotel("Yes, go ahead.");
    expect(sim.typesFor("rec_1")).not.toContain("FolioAgreed");
    expect(sim.lastSaid()).toContain("Could you email the itemized folio");
    await sim.hotel("Sure, we'll send it.");
    expect(sim.outcome("rec_1")).toBe("agreed");
  });

  it("answers questions from what it knows, then asks again", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("Sorry, who is calling?");
    expect(sim.lastSaid(2)).toContain("calling for the travel team that booked the stay");
    await sim.hotel("What were the dates of the stay?");
    expect(sim.lastSaid(2)).toContain("Check-in was October 1st, 2026, and check-out October 3rd, 2026.");
    await sim.hotel("Can you spell the last name?");
    expect(sim.lastSaid(2)).toContain("L-O-V-E-L-A-C-E");
    await sim.hotel("And what was the email address again?");
    expect(sim.lastSaid(2)).toContain("f-o-l-i-o-s plus t-o-k-1, at folio dot test");
    expect(sim.ended).toBeNull();
    await sim.hotel("Okay, got it, I'll send it.");
    expect(sim.outcome("rec_1")).toBe("agreed");
  });

  it("a refusal for an authorization form escalates every open record", async () => {
    const sim = await new FolioSim(folioParams({}, 2)).open();
    await sim.hotel(DESK);
    await sim.hotel("I'm sorry, we can't release a folio without a signed credit card authorization form from the guest.");
    for (const id of ["rec_1", "rec_2"]) {
      expect(sim.eventsFor(id, "FolioRefused")[0]).toMatchObject({ reason: "authorization_required" });
      expect(sim.eventsFor(id, "EscalationTriggered")[0]).toMatchObject({ reason: "refused" });
      expect(sim.outcome(id)).toBe("refused");
    }
    expect(sim.ended).toBe("settled");
  });

  it("asks for email with an address: the request goes to that address", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("We don't do that over the phone. Email billing@harbor-hotel.example and we'll send it.");
    expect(sim.eventsFor("rec_1", "EmailRequested")).toEqual([{ to: "billing@harbor-hotel.example", reason: "hotel_asked_for_email" }]);
    expect(sim.outcome("rec_1")).toBe("email_instead");
    expect(sim.ended).toBe("completed");
  });

  it("'send us an email' without an address: asks for one, and takes a spoken address", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("You'll have to email us for that.");
    expect(sim.lastSaid()).toBe("Of course. What email address should we write to?");
    expect(sim.ended).toBeNull();
    await sim.hotel("It's accounts at harborhotel dot com.");
    expect(sim.eventsFor("rec_1", "EmailRequested")).toEqual([{ to: "accounts@harborhotel.com", reason: "hotel_asked_for_email" }]);
    expect(sim.outcome("rec_1")).toBe("email_instead");
  });

  it("'send us an email' and no address: a refusal, and the request goes to the hotel's own email (else escalates)", async () => {
    const withEmail = await new FolioSim(folioParams()).open();
    await withEmail.hotel(DESK);
    await withEmail.hotel("Just send us an email and we'll take care of it.");
    await withEmail.hotel("The usual one, it's on our website.");
    expect(withEmail.typesFor("rec_1").slice(-2)).toEqual(["FolioRefused", "EmailRequested"]);
    expect(withEmail.eventsFor("rec_1", "EmailRequested")[0]).toMatchObject({ to: "frontdesk@harbor.example" });
    expect(withEmail.outcome("rec_1")).toBe("refused");

    const without = await new FolioSim(folioParams({ hotel: { ...folioParams().hotel, email: null } })).open();
    await without.hotel(DESK);
    await without.hotel("Just send us an email and we'll take care of it.");
    await without.hotel("The usual one, it's on our website.");
    expect(without.typesFor("rec_1").slice(-2)).toEqual(["FolioRefused", "EscalationTriggered"]);
  });

  it("a callback at a stated time, read in the hotel's zone on the simulation's clock", async () => {
    const origin = Date.parse("2026-10-05T17:00:00Z"); // 10:00 in Los Angeles
    // Ten real minutes after the clock's origin, at scale 60: ten simulated hours later would be 20:00 PDT,
    // so 2:30 is read on the simulated day (the next one), proving the scaled clock is the playbook's now.
    const sim = new FolioSim(folioParams({ clock: { origin_real_ms: 1_000_000, origin_sim_ms: origin, scale: 60 } }, 2));
    sim.now = new Date(1_000_000 + 10 * 60_000);
    await sim.open();
    await sim.hotel(DESK);
    await sim.hotel("Oh, the person who does folios is out right now. Could you call back at 2:30 this afternoon?");
    for (const id of ["rec_1", "rec_2"]) {
      expect(sim.typesFor(id).slice(-2)).toEqual(["CallbackRequested", "CallbackScheduled"]);
      const at = Date.parse(sim.eventsFor(id, "CallbackScheduled")[0].at);
      expect(new Date(at).toISOString()).toBe("2026-10-06T21:30:00.000Z");
      expect(sim.outcome(id)).toBe("callback");
    }
    expect(sim.ended).toBe("callback");
  });

  it("a callback without a time: asks when, then schedules it", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("She's not in, you'll need to call back.");
    expect(sim.lastSaid()).toBe("No problem. What time would be good to call back?");
    await sim.hotel("Tomorrow after ten.");
    expect(sim.eventsFor("rec_1", "CallbackScheduled")).toHaveLength(1);
    expect(sim.outcome("rec_1")).toBe("callback");
  });

  it("not found: tries the confirmation number once more, then escalates with what was tried and moves on", async () => {
    const sim = await new FolioSim(folioParams({}, 2)).open();
    await sim.hotel(DESK);
    await sim.hotel("Sorry, what was the name?"); // an earlier question does not use up the second search
    await sim.hotel("Hmm, I don't see any reservation under that name.");
    expect(sim.lastSaid()).toContain("Could you try the confirmation number C-N-F-1-0-0-1");
    await sim.hotel("No, sorry, nothing under that number either.");
    expect(sim.eventsFor("rec_1", "EscalationTriggered")[0]).toMatchObject({ reason: "not_found", tried: expect.arrayContaining(["confirmation number"]) });
    expect(sim.outcome("rec_1")).toBe("not_found");
    expect(sim.lastSaid(2)).toContain("Grace Hopper");
    await sim.hotel("That one I have. Sure, I'll email it.");
    expect(sim.outcome("rec_2")).toBe("agreed");
  });

  it("on hold it waits silently, then introduces itself again to whoever picks up", async () => {
    const sim = await new FolioSim(folioParams({ hold_ms: 20_000 })).open();
    await sim.hotel(DESK);
    const before = sim.said.length;
    await sim.hotel("Let me check with accounting, please hold.");
    expect(sim.said.length).toBe(before);
    expect(sim.listening).toBe(20_000);
    await sim.hotel("Hi, this is Marco in accounting, sorry for the wait. How can I help you?");
    expect(sim.said[before]).toContain("This is Folio, calling for the travel team.");
    expect(sim.said.slice(before).join(" ")).toContain("Ada Lovelace");
    await sim.hotel("Yes, I can email that to you now.");
    expect(sim.outcome("rec_1")).toBe("agreed");
    expect(sim.typesFor("rec_1").filter((t) => t === "FolioRequested")).toHaveLength(1);
  });

  it("answered with 'please hold': says nothing until someone comes back", async () => {
    const sim = await new FolioSim(folioParams()).open();
    const c = await sim.hotel("Harbor Hotel, please hold.");
    expect(c.intent).toBe("hold");
    expect(sim.said).toEqual([]);
    expect(sim.eventsFor("rec_1", "HumanDetected")).toHaveLength(1);
    await sim.hotel("Thanks for holding, this is Dana, how can I help?");
    expect(sim.said.join(" ")).toContain("Ada Lovelace");
  });

  it("on hold, words not addressed to us (music, the back office) are not someone picking up", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("Please hold.");
    const before = sim.said.length;
    await sim.hotel("La la la, the summer wind came blowing in.");
    expect(sim.said.length).toBe(before);
    expect(sim.state.phase).toBe("hold");
    await sim.hotel("Thanks for holding.");
    expect(sim.said.slice(before).join(" ")).toContain("Ada Lovelace");
  });

  it("the same person back from hold with an answer needs no second introduction", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("One moment please.");
    const before = sim.said.length;
    await sim.hotel("Okay, I found it, I'll email it to you.");
    expect(sim.outcome("rec_1")).toBe("agreed");
    expect(sim.said.slice(before).join(" ")).not.toContain("This is Folio");
  });

  it("sent elsewhere ('you need to talk to accounts receivable'): asks to be transferred, then holds", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("I don't have access to billing, you need to talk to accounts receivable.");
    expect(sim.lastSaid()).toBe("I see. Could you transfer me to them, please?");
    await sim.hotel("Sure, one moment.");
    expect(sim.state.phase).toBe("hold");
  });

  it("unclear replies are asked again, then the record is left without an outcome", async () => {
    const sim = await new FolioSim(folioParams({}, 2)).open();
    await sim.hotel(DESK);
    await sim.hotel("Purple monkey dishwasher.");
    await sim.hotel("Blah blah.");
    expect(sim.lastSaid()).toContain("just to be sure");
    await sim.hotel("Zebra.");
    expect(sim.state.outcomes.rec_1).toBe("no_outcome");
    expect(sim.lastSaid(2)).toContain("Grace Hopper");
    expect(folioPlaybook.remaining(sim.ctx())).toEqual(["rec_1", "rec_2"]);
  });
});

describe("folio playbook: who answered", () => {
  it("nobody speaks within the time limit: speaks first, as to a person", async () => {
    const sim = await new FolioSim(folioParams({ listen_first_ms: 1500 })).open();
    expect(sim.listening).toBe(1500);
    await sim.silence();
    expect(sim.said[0]).toBe("Hi, this is Folio, calling for the travel team.");
    expect(sim.eventsFor("rec_1", "HumanDetected")[0]).toMatchObject({ layer: "timeout" });
    await sim.hotel("Yes, sure, we can do that.");
    expect(sim.outcome("rec_1")).toBe("agreed");
  });

  it("silence after asking: checks the line twice, then gives up without an outcome", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.silence();
    expect(sim.lastSaid()).toBe("Hello, are you still there?");
    await sim.silence();
    await sim.silence();
    expect(sim.ended).toBe("no_outcome");
    expect(sim.outcome("rec_1")).toBe("no_outcome");
  });

  it("call screening: says who is calling and why, then talks to the person put through", async () => {
    const sim = await new FolioSim(folioParams()).open();
    const c = await sim.hotel("Please say your name and the reason for your call.");
    expect(c.intent).toBe("screening");
    expect(sim.said).toEqual(["This is Folio, calling for the travel team about a guest's hotel folio."]);
    await sim.hotel("Hello, this is Sam, how can I help?");
    expect(sim.lastSaid(3)).toContain("Ada Lovelace");
  });

  it("voicemail: waits for the beep (AMD), leaves one short message and ends with outcome voicemail", async () => {
    const sim = await new FolioSim(folioParams({}, 2)).open();
    const c = await sim.hotel("Hi, you've reached Harbor Hotel. We can't take your call right now. Please leave a message after the tone.");
    expect(c.intent).toBe("voicemail");
    expect(sim.said).toEqual([]);
    expect(sim.listening).toBe(2000);
    await sim.amd("machine_end_beep");
    expect(sim.said).toHaveLength(1);
    expect(sim.said[0]).toContain("about 2 guest folios");
    expect(sim.ended).toBe("voicemail");
    for (const id of ["rec_1", "rec_2"]) {
      expect(sim.typesFor(id)).toEqual(["CallConnected", "VoicemailDetected", "VoicemailLeft"]);
      expect(sim.outcome(id)).toBe("voicemail");
    }
  });

  it("voicemail without AMD: the message goes after a short silence", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel("You have reached the voicemail of the front desk. Please leave a message.");
    await sim.silence();
    expect(sim.typesFor("rec_1")).toEqual(["CallConnected", "VoicemailDetected", "VoicemailLeft"]);
  });

  it("voicemail when no message may be left: hangs up at once", async () => {
    const sim = await new FolioSim(folioParams({ leave_voicemail: false })).open();
    await sim.amd("machine_end_beep");
    expect(sim.said).toEqual([]);
    expect(sim.ended).toBe("voicemail");
    expect(sim.typesFor("rec_1")).toEqual(["CallConnected", "VoicemailDetected"]);
    expect(sim.outcome("rec_1")).toBe("voicemail");
  });

  it("AMD's machine verdict is ignored once a person is talking, and in a menu", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(DESK);
    await sim.hotel("Who is calling, please?");
    await sim.amd("machine_end_other");
    expect(sim.ended).toBeNull();
    expect(sim.typesFor("rec_1")).not.toContain("VoicemailDetected");
    const ivr = await new FolioSim(folioParams()).open();
    await ivr.hotel(MENU);
    await ivr.amd("machine_end_silence");
    expect(ivr.typesFor("rec_1")).not.toContain("VoicemailDetected");
  });

  it("AMD's beep wins over a greeting the rules took for a person, while nobody has answered us yet", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel("Hello, Harbor Hotel front desk, Dana speaking."); // a personal-sounding recording
    expect(sim.said.length).toBeGreaterThan(0);
    await sim.amd("machine_end_beep");
    expect(sim.typesFor("rec_1")).toContain("VoicemailLeft");
    expect(sim.ended).toBe("voicemail");
  });

  it("a number not in service ends the call without an outcome", async () => {
    const sim = await new FolioSim(folioParams()).open();
    const c = await sim.hotel("The number you have dialed is not in service. Please check the number and try again.");
    expect(c.intent).toBe("intercept");
    expect(sim.ended).toBe("not_in_service");
    expect(sim.said).toEqual([]);
    expect(sim.outcome("rec_1")).toBe("no_outcome");
  });

  it("AMD saying human inside a phone menu is not a person", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel(MENU);
    await sim.amd("human");
    expect(sim.typesFor("rec_1")).not.toContain("HumanDetected");
    await sim.hotel(DESK);
    expect(sim.eventsFor("rec_1", "HumanDetected")).toEqual([{ call_id: "call_test", layer: "rules" }]);
  });

  it("AMD human is recorded once with its layer", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.amd("human");
    await sim.hotel(DESK);
    expect(sim.eventsFor("rec_1", "HumanDetected")).toEqual([{ call_id: "call_test", layer: "amd" }]);
  });
});

describe("folio playbook: phone menus", () => {
  it("rules choose the key; the path that reached a person is the summary's ivr_path", async () => {
    const sim = await new FolioSim(folioParams()).open();
    const c = await sim.hotel(MENU);
    expect(c.intent).toBe("ivr_menu");
    expect(sim.pressed).toEqual(["2"]);
    expect(sim.said).toEqual([]);
    expect(sim.eventsFor("rec_1", "IVRDetected")[0].options).toContain("2: for the front desk");
    expect(sim.eventsFor("rec_1", "IVRNavigationStarted")).toEqual([{ call_id: "call_test", path: "2", layer: "rules" }]);
    await sim.hotel(DESK);
    expect(sim.eventsFor("rec_1", "IVRNavigationComplete")).toEqual([{ call_id: "call_test", path: "2" }]);
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ ivr_path: "2" });
  });

  it("a known path from params goes first, one group per menu level", async () => {
    const sim = await new FolioSim(folioParams({ hotel: { ...folioParams().hotel, ivr_path: "3w1" } })).open();
    await sim.hotel("Welcome to Harbor Hotel. For reservations press 1, for guest services press 3.");
    await sim.hotel("Guest services. For billing press 1, for housekeeping press 2.");
    expect(sim.pressed).toEqual(["3", "1"]);
    expect(sim.eventsFor("rec_1", "IVRNavigationStarted").map((e) => [e.path, e.layer])).toEqual([
      ["3", "memory"],
      ["3w1", "memory"],
    ]);
    await sim.hotel(DESK);
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ ivr_path: "3w1" });
  });

  it("a loop (the same menu again) tries another key, then the operator, then gives up and escalates", async () => {
    const sim = await new FolioSim(folioParams({}, 2)).open();
    await sim.hotel("For the front desk press 2. For sales press 5.");
    expect(sim.pressed).toEqual(["2"]); // clearly right: pressed at once
    await sim.hotel("Sorry, that is not a valid option. For the front desk press 2. For sales press 5.");
    expect(sim.pressed).toEqual(["2"]); // nothing clear left: wait for the menu to finish
    await sim.silence();
    await sim.hotel("For the front desk press 2. For sales press 5.");
    await sim.silence();
    expect(sim.pressed).toEqual(["2", "0"]);
    expect(sim.ended).toBe("ivr_failed");
    for (const id of ["rec_1", "rec_2"]) {
      expect(sim.eventsFor(id, "IVRNavigationFailed")[0]).toMatchObject({ tried: ["2", "0"] });
      expect(sim.eventsFor(id, "EscalationTriggered")[0]).toMatchObject({ reason: "ivr_stuck", tried: ["2", "0"] });
      expect(sim.outcome(id)).toBe("ivr_failed");
    }
  });

  it("a stale known path is abandoned for the rules and forgotten in the summary when nothing works", async () => {
    const sim = await new FolioSim(folioParams({ hotel: { ...folioParams().hotel, ivr_path: "4" } })).open();
    await sim.hotel("For billing press 1. For reservations press 2.");
    await sim.hotel("For billing press 1. For reservations press 2.");
    expect(sim.pressed).toEqual(["4", "1"]);
    expect(sim.eventsFor("rec_1", "IVRNavigationStarted").map((e) => e.layer)).toEqual(["memory", "rules"]);
    await sim.hotel("Billing office, this is Kim speaking, how can I help you?");
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ ivr_path: "1" });
  });

  it("an auto-attendant that only wants an extension: after a silence, 0 for the operator", async () => {
    const sim = await new FolioSim(folioParams()).open();
    const c = await sim.hotel("You've reached Harbor Hotel. If you know your party's extension, please dial it now.");
    expect(c.intent).toBe("ivr_message");
    await sim.silence();
    expect(sim.pressed).toEqual(["0"]);
    expect(sim.eventsFor("rec_1", "IVRNavigationStarted")).toEqual([{ call_id: "call_test", path: "0", layer: "fallback" }]);
    await sim.hotel("Please hold while we connect you.");
    await sim.silence();
    expect(sim.pressed).toEqual(["0"]); // waiting to be connected is not a menu to press through
    await sim.hotel(DESK);
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ ivr_path: "0" });
  });

  it("a menu read out in pieces is heard whole before a key is chosen", async () => {
    const sim = await new FolioSim(folioParams()).open();
    const first = await sim.hotel("Thank you for calling Harbor Hotel.");
    expect(first.intent).toBe("human");
    expect(sim.said).toEqual([]); // a greeting that may go on: wait a moment
    const c = await sim.hotel("For reservations, press 1.");
    expect(c.intent).toBe("ivr_menu");
    expect(sim.pressed).toEqual([]); // reservations is never the key: wait for the rest
    await sim.hotel("For our restaurant, press 3.");
    expect(sim.pressed).toEqual([]);
    await sim.hotel("For the billing office, press 4.");
    expect(sim.pressed).toEqual(["4"]);
    expect(sim.eventsFor("rec_1", "IVRDetected")).toHaveLength(1);
  });

  it("a short greeting and then a pause is a person waiting for us", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel("Harbor Hotel, good afternoon.");
    expect(sim.said).toEqual([]);
    expect(sim.listening).toBe(1500);
    await sim.silence();
    expect(sim.said[0]).toBe("Hi, this is Folio, calling for the travel team.");
    expect(sim.eventsFor("rec_1", "HumanDetected")[0]).toMatchObject({ layer: "rules" });
  });

  it("a recording with nothing to press is waited out silently", async () => {
    const sim = await new FolioSim(folioParams()).open();
    await sim.hotel("Your call is important to us. Please stay on the line.");
    expect(sim.said).toEqual([]);
    expect(sim.pressed).toEqual([]);
    expect(sim.listening).toBeGreaterThan(0);
    await sim.hotel(DESK);
    expect(sim.said[0]).toContain("this is Folio");
  });
});

describe("folio playbook: time and resume", () => {
  it("wrap-up at max duration: last words, and every open record gets max_duration", async () => {
    const sim = await new FolioSim(folioParams({}, 3)).open();
    await sim.hotel(DESK);
    await sim.hotel("Sure, I'll email it.");
    expect(folioPlaybook.remaining(sim.ctx())).toEqual(["rec_2", "rec_3"]);
    sim.apply(folioPlaybook.wrapUp(sim.ctx(), "max_duration"));
    expect(sim.lastSaid()).toContain("We'll follow up by email");
    expect(sim.ended).toBe("max_duration");
    expect(["rec_1", "rec_2", "rec_3"].map((id) => sim.outcome(id))).toEqual(["agreed", "max_duration", "max_duration"]);
  });

  it("resume after a dropped stream picks the current record up again", async () => {
    const sim = await new FolioSim(folioParams({}, 2)).open();
    await sim.hotel(DESK);
    await sim.hotel("Sure, I'll send it.");
    sim.apply(await folioPlaybook.onResume!(sim.ctx()));
    expect(sim.said.at(-3)).toBe("Sorry, I think we were cut off.");
    expect(sim.lastSaid(2)).toContain("Grace Hopper");
  });

  it("call outcomes for records the conversation never reached", async () => {
    const sim = new FolioSim(folioParams());
    expect(sim.outcome("rec_1", "no_answer")).toBe("no_answer");
    expect(sim.outcome("rec_1", "busy")).toBe("busy");
    expect(sim.outcome("rec_1", "hung_up")).toBe("no_outcome");
    expect(sim.outcome("rec_1", "lost")).toBe("no_outcome");
  });

  it("params that do not match the contract end the call at once", async () => {
    const sim = new FolioSim({ hotel: { name: "x" } } as never);
    await sim.open();
    expect(sim.ended).toBe("no_outcome");
    expect(sim.events).toEqual([]);
  });
});

describe("folio playbook: how things are said", () => {
  it("spells a long reply token in groups of four, and the domain as words", async () => {
    const { spokenEmail, spokenStay, spelled } = await import("../../../src/products/folio/playbook/speech");
    expect(spokenEmail("folios+abcdefgh2345@in.folio.example")).toBe("f-o-l-i-o-s plus a-b-c-d, e-f-g-h, 2-3-4-5, at in dot folio dot example");
    expect(spelled("cnf 77")).toBe("C-N-F-7-7");
    expect(spokenStay("2026-10-30", "2026-11-02")).toBe("October 30th to November 2nd, 2026");
    expect(spokenStay("2026-12-30", "2027-01-02")).toBe("December 30th, 2026 to January 2nd, 2027");
    expect(spokenStay("2026-10-11", "2026-10-13")).toBe("October 11th to the 13th, 2026");
  });
});

describe("folio playbook: params at the edge", () => {
  it("missing details with an obvious default do not cost the call", async () => {
    const p = folioParams();
    const loose = { ...p, hotel: { phone: p.hotel.phone, name: "Harbor Hotel", timezone: "" } } as never;
    const sim = await new FolioSim(loose).open();
    expect(sim.ended).toBeNull();
    await sim.hotel("Front desk, this is Dana speaking. How can I help you?");
    await sim.hotel("Sure, I'll send it.");
    expect(sim.outcome("rec_1")).toBe("agreed");
  });
});
