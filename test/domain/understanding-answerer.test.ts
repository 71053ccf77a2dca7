// classifyAnswerer: the first words on an outbound call tell a menu from voicemail, a screener or a person.
import { describe, expect, it } from "vitest";
import { classifyAnswerer } from "../../src/domain/understanding/answerer";

describe("classifyAnswerer", () => {
  it.each([
    ["Thank you for calling the Seaview Inn. For reservations, press 1. For the front desk, press 2.", "ivr_menu"],
    ["Gracias por llamar. Para español, oprima nueve. For the front desk, press one.", "ivr_menu"],
    ["If you know your party's extension you may dial it at any time, or press 0 for the operator.", "ivr_menu"],
    ["Your call is important to us. Please stay on the line.", "ivr_message"],
    ["Please hold while we connect you.", "ivr_message"],
    ["This call may be recorded for quality and training purposes.", "ivr_message"],
    ["You've reached the Lakeside Lodge. If you know your party's extension, please dial it now.", "ivr_message"],
    ["Hi, you've reached the front desk. We can't take your call right now. Please leave a message after the tone.", "voicemail"],
    ["The person you are trying to reach is not available.", "voicemail"],
    ["Please say your name and the reason for your call.", "screening"],
    ["Before I try to connect you, may I ask who is calling?", "screening"],
    ["Front desk, this is Dana speaking. How can I help you?", "human"],
    ["Good morning, Harbor Hotel, Dana speaking, how may I help you?", "human"],
    ["Hello?", "human"],
    ["Harbor Hotel, good afternoon.", "human"],
    ["", "human"],
    ["Hilton Garden Inn, this is Mike.", "human"],
    ["Good evening, thank you for calling the Westin, my name is Priya, how may I assist you?", "human"],
    ["Welcome to the Hyatt. Please select from the following options.", "ivr_message"],
    ["Please enter the extension of the person you are trying to reach, or press 0.", "ivr_menu"],
    ["We're sorry, the mailbox is full and cannot accept any messages at this time. Goodbye.", "voicemail"],
    ["At the tone, please record your message. When you are finished, hang up or press pound for more options.", "voicemail"],
    ["State your name after the tone, and I'll see if this person is available.", "screening"],
    ["The person you're calling is using a screening service. Go ahead and say your name and why you're calling.", "screening"],
    ["The number you have dialed is not in service. Please check the number and try again.", "intercept"],
    ["We're sorry, your call cannot be completed as dialed.", "intercept"],
  ])("%s → %s", (text, kind) => {
    expect(classifyAnswerer(text).kind).toBe(kind);
  });

  it("lists a menu's options", () => {
    expect(classifyAnswerer("For billing press 3. For the operator press 0.").options).toEqual(["3: for billing", "0: for the operator"]);
  });

  it("a person mentioning one key is still a person", () => {
    expect(classifyAnswerer("Hi, this is Tom speaking, you can also press 0 next time to reach me directly.").kind).toBe("human");
  });
});
