import { describe, expect, it } from "vitest";
import { classifyReply, findEmail, NEEDS_FALLBACK_BELOW, needsFallback, REPLY_INTENTS } from "../../src/domain/understanding";

const intentOf = (text: string) => classifyReply(text).intent;

describe("classifyReply: negation", () => {
  it.each([
    ["no problem", "agree"],
    ["Not a problem.", "agree"],
    ["No worries, I'll send it.", "agree"],
    ["No, that's fine, I can send it.", "agree"],
    ["I don't see a problem with that, what's the email?", "agree"],
    ["We don't need an authorization for that, I'll email it.", "agree"],
    ["no, we can't send that", "refuse"],
    ["No. We can't do that.", "refuse"],
    ["I don't think we're allowed to send that.", "refuse"],
    ["We do not email folios.", "refuse"],
    ["We do email folios, no problem.", "agree"],
    ["I'm not sure we can", "other"],
    ["I'm not sure we can send that.", "other"],
    ["I'm not sure, I'd have to ask.", "other"],
    ["I can't find it.", "not_found"], // "can't" + find is a lookup, not a refusal
    ["I don't have it in the system.", "not_found"],
  ])("%s → %s", (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });

  it("a hedge is never agreement, even after a yes", () => {
    const r = classifyReply("Okay, I'm not sure we can do that.");
    expect(r.intent).toBe("other");
    expect(r.details.hedge).toBe(true);
  });
});

describe("classifyReply: mixed replies", () => {
  it.each([
    // A condition or a named route outranks a yes.
    ["Sure, but we'll need a signed authorization from the guest first.", "refuse"],
    ["Yes, but only the guest can request it.", "refuse"],
    ["We can't do it over the phone, but if you email billing@x.com they'll send it.", "email_instead"],
    ["Sure, just email the request to our accounting team.", "email_instead"],
    // A question has to be answered before anything else.
    ["Let me check. What was the name again?", "question"],
    ["I can send it, what's the confirmation number?", "question"],
    ["Before I do that, who am I speaking with?", "question"],
    // Commitment beats a pause; an explicit call-back beats a yes.
    ["Sure, I'll send it, one moment.", "agree"],
    ["Yes, I found it. I'll email it over now.", "agree"],
    ["Sure, I'll send it later today.", "agree"],
    ["I'll email it tomorrow morning.", "agree"],
    ["Sure, call back after 3.", "callback"],
    ["I don't see it yet, try calling back tomorrow.", "callback"],
    // Otherwise the later statement wins.
    ["Okay, let me check if we have it.", "hold"],
    ["Yes, one moment please.", "hold"],
    ["One moment... sorry, she's gone for the day. Try tomorrow?", "callback"],
    ["Let me look... no, I don't have anything under Johnson.", "not_found"],
    ["I can't find it, let me transfer you to reservations.", "hold"],
    ["She's at lunch, let me put you through to her voicemail.", "hold"],
    // Voicemail greetings mention call-backs; they are still voicemail.
    ["Sorry I missed you, leave a message and I'll call you back tomorrow.", "voicemail"],
  ])("%s → %s", (text, intent) => {
    expect(intentOf(text)).toBe(intent);
  });

  it("an email question after a yes is agreement; on its own it is a question", () => {
    expect(intentOf("Sure, can you spell the email again?")).toBe("agree");
    expect(classifyReply("Can you spell the email again?").details.about).toBe("email");
    expect(intentOf("What's the email address?")).toBe("agree");
  });

  it("keeps the address when a refusal names where the form should go", () => {
    const r = classifyReply("We need a signed authorization form, send it to billing@seaview.com.");
    expect(r.intent).toBe("refuse");
    expect(r.details.reason).toBe("authorization_required");
    expect(r.details.email).toBe("billing@seaview.com");
  });

  it("a bare time in answer is a callback time", () => {
    expect(classifyReply("Tomorrow after 10.")).toMatchObject({ intent: "callback", details: { when_text: "Tomorrow after 10" } });
    expect(classifyReply("Not before 11.")).toMatchObject({ intent: "callback", details: { when_text: "Not before 11" } });
  });
});

describe("classifyReply: details for the decision log", () => {
  it("every result names the rules layer, a confidence, the rule and the signals seen", () => {
    for (const text of ["sure, what's the email", "please hold", "who is calling?", "call back after 3", "blue elephants"]) {
      const r = classifyReply(text);
      expect(REPLY_INTENTS).toContain(r.intent);
      expect(r.details.layer).toBe("rules");
      expect(r.details.confidence).toBeGreaterThanOrEqual(0);
      expect(r.details.confidence).toBeLessThanOrEqual(1);
      expect(typeof r.details.rule).toBe("string");
      expect(Array.isArray(r.details.signals)).toBe(true);
    }
  });

  it("clear replies are confident; conflicting or bare ones less so", () => {
    expect(classifyReply("Please leave a message after the tone.").details.confidence).toBeGreaterThanOrEqual(0.9);
    expect(classifyReply("I'll email it to you right now.").details.confidence).toBeGreaterThanOrEqual(0.8);
    expect(classifyReply("Okay.").details.confidence).toBeLessThan(classifyReply("I'll email it to you right now.").details.confidence);
    expect(classifyReply("Sure, I'll send it, one moment.").details.confidence).toBeLessThan(classifyReply("I'll email it to you right now.").details.confidence);
    expect(classifyReply("No.").details.confidence).toBeLessThan(NEEDS_FALLBACK_BELOW);
  });

  it("records every intent that fired, for the log", () => {
    expect(classifyReply("Sure, let me check.").details.signals).toEqual(["agree", "hold"]);
    expect(classifyReply("Let me check. What was the name again?").details).toMatchObject({ rule: "asks about name", signals: ["hold", "question"] });
  });

  it("needsFallback hands 'other' and low-confidence results to the next layer", () => {
    expect(needsFallback(classifyReply("The weather is lovely today."))).toBe(true);
    expect(needsFallback(classifyReply("No."))).toBe(true);
    expect(needsFallback(classifyReply("What is this regarding?"))).toBe(true);
    expect(needsFallback(classifyReply("Only the guest can request that."))).toBe(false);
    expect(needsFallback(classifyReply("Please hold."))).toBe(false);
  });

  it("survives odd input without throwing", () => {
    expect(classifyReply(undefined as unknown as string).intent).toBe("other");
    expect(classifyReply("???").intent).toBe("question");
    expect(classifyReply("   \n\t ").intent).toBe("other");
  });

  it("stays fast on a long rambling reply (no runaway regex)", () => {
    const long = "well you know we are pretty busy and the thing is that ".repeat(200) + "please hold";
    const start = Date.now();
    expect(classifyReply(long).intent).toBe("hold");
    expect(Date.now() - start).toBeLessThan(1000);
  });
});

describe("findEmail", () => {
  it.each([
    ["billing@hotel.com.", "billing@hotel.com"],
    ["send it to Billing@Grand-Hotel.co.uk please", "billing@grand-hotel.co.uk"],
    ["billing at grand hotel dot com", "billing@grandhotel.com"],
    ["email us at billing at grand hotel dot com", "billing@grandhotel.com"],
    ["b i l l i n g at seaview dot com", "billing@seaview.com"],
    ["accounts dot receivable at the ritz hotel dot com", null], // "the" is not part of a domain
    ["accounts dot receivable at ritz hotel dot com", "accounts.receivable@ritzhotel.com"],
    ["front underscore desk at lakeside dot net", "front_desk@lakeside.net"],
    ["it's ar at bayview dash hotels dot com", "ar@bayview-hotels.com"],
    ["billing at grandhotel.com", "billing@grandhotel.com"],
    ["call back at 3", null],
    ["email us at the front desk", null],
    ["we are at the airport dot com exit", null],
  ])("%s → %s", (text, email) => {
    expect(findEmail(text)).toBe(email);
  });
});
