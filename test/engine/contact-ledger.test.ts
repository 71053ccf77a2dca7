// The contact ledger's decisions: Twilio's opt-out keywords as whole messages, the confirmation once,
// YES an opt-in only for a number that opted out, and the do-not-call list blocking calls and texts.
import { describe, expect, it } from "vitest";
import { applyKeyword, emptyContact, keywordOf, mayContact } from "../../src/engine/messaging/contact-ledger";

const T1 = "2026-12-03T10:00:00.000Z";
const T2 = "2026-12-03T11:00:00.000Z";

describe("keywordOf", () => {
  it("knows Twilio's opt-out, opt-in and help words in any case, with spaces and punctuation around them", () => {
    for (const w of ["STOP", "stop", " Stop. ", "STOP!", "stopall", "Unsubscribe", "cancel", "END", "quit", "revoke", "OPTOUT", "ＳＴＯＰ"]) expect(keywordOf(w), w).toBe("opt_out");
    for (const w of ["START", "unstop", "Yes", "yes!"]) expect(keywordOf(w), w).toBe("opt_in");
    for (const w of ["HELP", "help?", "Info"]) expect(keywordOf(w), w).toBe("help");
  });

  it("takes a sentence that contains a keyword as a message, not a keyword", () => {
    for (const w of ["please stop calling me", "STOP IT", "yes I can do 3pm", "Stop by at 4?", "the end", "", "   "]) expect(keywordOf(w), w).toBeNull();
  });
});

describe("applyKeyword", () => {
  it("opts out once, confirms once, and opts back in with START", () => {
    const a = applyKeyword(emptyContact("+14155550101"), "STOP", T1);
    expect(a).toEqual({ entry: { phone: "+14155550101", sms_opted_out_at: T1, do_not_contact: null }, reply: "opted_out", consumed: true });
    const again = applyKeyword(a.entry, "stop", T2);
    expect(again).toEqual({ entry: a.entry, reply: null, consumed: true });
    expect(mayContact(again.entry, "sms")).toMatchObject({ ok: false, reason: "opted_out" });
    // An opt-out of texts is not a do-not-call: the number may still be called.
    expect(mayContact(again.entry, "call")).toEqual({ ok: true });
    const back = applyKeyword(again.entry, "Start", T2);
    expect(back).toMatchObject({ entry: { sms_opted_out_at: null }, reply: "opted_in", consumed: true });
    expect(mayContact(back.entry, "sms")).toEqual({ ok: true });
  });

  it("takes YES as an opt-in only from a number that opted out; from anyone else it goes to the product", () => {
    const vendor = emptyContact("+14155550102");
    expect(applyKeyword(vendor, "YES", T1)).toEqual({ entry: vendor, reply: null, consumed: false });
    const out = applyKeyword(vendor, "STOP", T1).entry;
    expect(applyKeyword(out, "yes", T2)).toMatchObject({ entry: { sms_opted_out_at: null }, reply: "opted_in", consumed: true });
  });

  it("answers HELP whatever the state, and leaves other messages to the product", () => {
    const c = emptyContact("+14155550103");
    expect(applyKeyword(c, "HELP", T1)).toEqual({ entry: c, reply: "help", consumed: true });
    expect(applyKeyword(c, "Can you come Tuesday instead?", T1)).toEqual({ entry: c, reply: null, consumed: false });
  });
});

describe("mayContact", () => {
  it("lets an unknown number be reached, and blocks a do-not-call number on both channels with its reason", () => {
    expect(mayContact(null, "call")).toEqual({ ok: true });
    const dnd = { ...emptyContact("+14155550104"), do_not_contact: { reason: "asked not to be contacted", actor: "op_1", at: T1 } };
    expect(mayContact(dnd, "call")).toEqual({ ok: false, reason: "do_not_contact", detail: "asked not to be contacted" });
    expect(mayContact(dnd, "sms")).toEqual({ ok: false, reason: "do_not_contact", detail: "asked not to be contacted" });
  });
});
