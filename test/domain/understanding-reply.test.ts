import { describe, expect, it } from "vitest";
import { classifyReply } from "../../src/domain/understanding";

const intentOf = (text: string) => classifyReply(text).intent;

describe("classifyReply: agree", () => {
  it.each([
    "sure, what's the email",
    "I can send that over",
    "no problem, I'll email it now",
    "Yes, absolutely.",
    "Of course, what email address should I send it to?",
    "Yeah I can do that for you.",
    "I'll have accounting send it over this afternoon.",
    "Okay, it's on its way.",
    "Not a problem at all, give me the email.",
    "Sure thing, I'll shoot it over to you in a few minutes.",
    "Yep, that's fine. Where do you want it sent?",
    "Let me get your email address and I'll send it right over.",
    "I just sent it.",
    "It should be in your inbox in a couple minutes.",
    "I don't see why not. What's the address?",
    "I'll get that out to you this afternoon.",
    "Certainly, our night auditor will email it tonight.",
    "Okay I'm emailing it now",
    "We can definitely do that.",
    "I'll pop it in an email for you.",
    "No trouble at all, I'll print it to PDF and email it.",
    "That's doable. What address?",
  ])("%s", (text) => {
    expect(intentOf(text)).toBe("agree");
  });
});

describe("classifyReply: refuse, with the reason", () => {
  it.each([
    ["We need a signed authorization form from the guest.", "authorization_required"],
    ["We'd need a credit card authorization form first.", "authorization_required"],
    ["Unfortunately without written consent from the guest I can't release that.", "authorization_required"],
    ["You'll have to fill out our third party authorization form.", "authorization_required"],
    ["I can send you the authorization form, but it has to be signed by the guest.", "authorization_required"],
    ["We'll need the guest to sign a release first.", "authorization_required"],
    ["Is there an authorization on file? Without it I can't send anything.", "authorization_required"],
    ["Only the guest can request that.", "guest_must_request"],
    ["Only the cardholder can request a copy of the folio.", "guest_must_request"],
    ["Have the guest call us and we'll send it to them.", "guest_must_request"],
    ["We can only email it to the address on file.", "guest_must_request"],
    ["It has to come directly from the guest.", "guest_must_request"],
    ["You're not the guest, so I can't help you with that.", "guest_must_request"],
    ["Sorry, we can't give that out, it's against our privacy policy.", "privacy_policy"],
    ["We can't give out guest information over the phone.", "privacy_policy"],
    ["That's confidential guest information, sorry.", "privacy_policy"],
    ["I'm not allowed to give out any guest details.", "privacy_policy"],
    ["We can't disclose any details about our guests.", "privacy_policy"],
    ["Due to data protection I can't share that.", "privacy_policy"],
    ["No, we can't send that.", "other"],
    ["No, we don't do that.", "other"],
    ["I'm afraid we won't be able to send that.", "other"],
    ["We won't be sending that.", "other"],
    ["I don't think we can do that.", "other"],
    ["Nope.", "other"],
  ])("%s → %s", (text, reason) => {
    const r = classifyReply(text);
    expect(r.intent).toBe("refuse");
    expect(r.details.reason).toBe(reason);
  });
});

describe("classifyReply: callback, with when_text", () => {
  it.each([
    ["call back after 3", "after 3"],
    ["The billing person is out, try tomorrow.", "tomorrow"],
    ["Could you try again tomorrow morning? Our billing manager is in then.", "tomorrow morning"],
    ["She's off until Monday.", "until Monday"],
    ["He stepped out, he'll be back after lunch.", "after lunch"],
    ["Give us a call back around 4.", "around 4"],
    ["We're slammed right now, give us 20 minutes.", "give us 20 minutes"],
    ["Accounting's closed for the day, call first thing tomorrow.", "first thing tomorrow"],
    ["The controller gets in at 9.", "in at 9"],
    ["The person who handles that is on vacation, try next week.", "next week"],
    ["Try back later.", "later"],
    ["Best time to reach her is after 5.", "after 5"],
    ["Try us again in half an hour.", "in half an hour"],
    ["Let me check with my manager and call you back.", null],
    ["She's at lunch right now.", null],
    ["It's not a good time, we're in the middle of check-in.", null],
    ["Our accountant has already gone home.", null],
    ["We can't send it right now, the system is down.", null],
    ["Billing only works Tuesday and Thursday.", "Tuesday"],
  ])("%s", (text, when) => {
    const r = classifyReply(text);
    expect(r.intent).toBe("callback");
    expect(r.details.when_text ?? null).toBe(when);
  });
});

describe("classifyReply: hold", () => {
  it.each([
    "One moment please.",
    "Please hold.",
    "Let me transfer you.",
    "Let me check.",
    "Sure, let me pull that up.",
    "Hang on a sec.",
    "Okay, bear with me one second.",
    "I'm going to put you through to accounting.",
    "Let me see if my manager is around.",
    "Hold on, I'll grab my supervisor.",
    "Transferring you now.",
    "Just a moment while I look that up.",
    "Can you hold for a minute?",
    "Give me a second to find it.",
    "Stay on the line please.",
    "I'm checking now.",
    "Gimme a moment.",
    "He's at lunch, let me transfer you to his voicemail.",
  ])("%s", (text) => {
    expect(intentOf(text)).toBe("hold");
  });
});

describe("classifyReply: not_found", () => {
  it.each([
    "I don't see that reservation.",
    "There's no guest by that name.",
    "I can't find it.",
    "I'm not seeing anything under that name.",
    "We don't have a reservation under that confirmation number.",
    "Nothing's coming up for Smith.",
    "That confirmation number doesn't match anything in our system.",
    "There's no record of that stay.",
    "She never checked in, it was a no-show.",
    "I can't locate that booking.",
    "I've searched and I'm not finding it.",
    "There isn't anyone staying here under that name.",
    "I searched both last names and got nothing.",
    "I'm afraid I don't have her in the system.",
    "That reservation doesn't exist.",
    "Let me look... no, I don't have anything under Johnson.",
  ])("%s", (text) => {
    expect(intentOf(text)).toBe("not_found");
  });
});

describe("classifyReply: voicemail", () => {
  it.each([
    "Please leave a message after the tone.",
    "You've reached the voicemail of Jane Smith.",
    "Hi, you've reached the front desk voicemail, please leave your name and number.",
    "I'm away from my desk right now. Leave a message and I'll call you back.",
    "The person you are trying to reach is not available.",
    "Sorry we missed your call. Please leave a message after the beep.",
    "Thank you for calling accounting, we are unable to take your call right now.",
    "At the tone, please record your message. When you are finished recording, you may hang up.",
    "We'll return your call as soon as possible.",
    "Hi, this is Tom in accounts, I can't take your call, please leave a message.",
    "Your call has been forwarded to an automated voice messaging system.",
    "Please leave your message after the tone. To re-record, press 3.",
    "This mailbox is full.",
    "The voicemail box you are trying to reach is full.",
    "The mailbox is full and cannot accept any new messages.",
  ])("%s", (text) => {
    expect(intentOf(text)).toBe("voicemail");
  });

  it("flags a full mailbox, where no message can be left", () => {
    expect(classifyReply("The mailbox is full and cannot accept any new messages.").details.mailbox_full).toBe(true);
    expect(classifyReply("Please leave a message after the tone.").details.mailbox_full).toBeUndefined();
  });
});

describe("classifyReply: question, with what it is about", () => {
  it.each([
    ["What was the name again?", "name"],
    ["Can you spell the last name for me?", "name"],
    ["Is that with a C or a K?", "name"],
    ["Under what name?", "name"],
    ["Whose name is the reservation under?", "name"],
    ["What's the confirmation number?", "confirmation"],
    ["And the confirmation number?", "confirmation"],
    ["What's the booking reference?", "confirmation"],
    ["Can you repeat the number?", "confirmation"],
    ["Who is calling?", "caller"],
    ["Who am I speaking with?", "caller"],
    ["What company are you calling from?", "caller"],
    ["Are you the guest?", "caller"],
    ["And you are?", "caller"],
    ["What dates?", "dates"],
    ["When did she check out?", "dates"],
    ["What were the arrival and departure dates?", "dates"],
    ["How many nights was that?", "dates"],
    ["Sorry, what was that email again?", "email"],
    ["Can you spell the address one more time?", "email"],
    ["What is this regarding?", "other"],
  ])("%s → %s", (text, about) => {
    const r = classifyReply(text);
    expect(r.intent).toBe("question");
    expect(r.details.about).toBe(about);
  });
});

describe("classifyReply: email_instead, with the address", () => {
  it.each([
    ["Just email us at billing@hotel.com", "billing@hotel.com"],
    ["Please send your request to billing@grandhotel.com.", "billing@grandhotel.com"],
    ["You can email billing at grand hotel dot com.", "billing@grandhotel.com"],
    ["Our email is folios at seaside hotel dot com.", "folios@seasidehotel.com"],
    ["Email accounts at park inn dot co dot uk and they'll sort it.", "accounts@parkinn.co.uk"],
    ["Email the front desk, it's frontdesk at lakeside dot com.", "frontdesk@lakeside.com"],
    ["Please email ar@bayview.com with the details.", "ar@bayview.com"],
    ["Send the request to our accounting email.", undefined],
    ["You'll need to email our accounting department directly.", undefined],
    ["Requests like that have to come in writing, by email.", undefined],
    ["Can you put that in an email?", undefined],
    ["Just send us an email and we'll take care of it.", undefined],
    ["Reach out to accounting by email please.", undefined],
    ["We only handle those requests by email.", undefined],
    ["It'd be easier if you emailed us.", undefined],
    ["Shoot an email over to reservations and they'll handle it.", undefined],
    ["Could you send that request to accounting by email instead?", undefined],
  ])("%s", (text, email) => {
    const r = classifyReply(text);
    expect(r.intent).toBe("email_instead");
    expect(r.details.email).toBe(email);
  });
});

describe("classifyReply: other", () => {
  it.each([
    "Good afternoon, Grand Hotel.",
    "Hello?",
    "The weather is lovely today.",
    "We're a Marriott property.",
    "I'm not sure we can.",
    "I'm not sure we can do that.",
    "Hmm, I don't know if we can do that.",
    "I'm not really sure about that.",
    "",
  ])("%j", (text) => {
    const r = classifyReply(text);
    expect(r.intent).toBe("other");
    expect(r.details.confidence).toBeLessThan(0.6);
  });
});
