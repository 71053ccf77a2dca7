// The nine hotel personas, one call each (multi-call scheduling is HotelLine's): a CallSession runs the
// folio playbook over the text leg, the SimulatedCarrier plays the hotel, and the real FolioRecord
// objects end up with the events and statuses the call decided.
import { describe, expect, it } from "vitest";
import { carrierFor, callEvents, folioCall, hotelWith, said, statusOf } from "./folio-support";

const types = (events: Array<{ type: string }>) => events.map((e) => e.type);

describe("folio calls against the simulated hotel personas", () => {
  it("ivr_then_agrees: presses through the menu by the rules, agrees, and the path is learned and used next time", async () => {
    const hotel = await hotelWith(1);
    const first = await folioCall(hotel, "ivr_then_agrees");
    expect(first.snapshot.state?.outcome).toBe("completed");
    expect(said(first.snapshot, "dtmf_sent")).toEqual(["2"]);
    const id = hotel.records[0]!.id;
    const events = await callEvents(id, first.callId);
    expect(types(events)).toEqual(["CallConnected", "IVRDetected", "IVRNavigationStarted", "IVRNavigationComplete", "HumanDetected", "FolioRequested", "FolioAgreed", "CallEnded"]);
    expect(events.find((e) => e.type === "IVRNavigationStarted")!.data).toMatchObject({ path: "2", layer: "rules" });
    expect(events.find((e) => e.type === "FolioRequested")!.data).toMatchObject({ email: hotel.records[0]!.reply_to });
    expect(events.find((e) => e.type === "CallEnded")!.data).toMatchObject({ outcome: "agreed" });
    expect(first.state.ivr.reached).toBe("2");
    expect(await statusOf(id)).toBe("awaiting_folio");

    // The next call to this hotel carries the learned path: it is pressed from memory.
    const again = await folioCall(hotel, "ivr_then_agrees", { ivr_path: "2" });
    const second = await callEvents(id, again.callId);
    expect(second.find((e) => e.type === "IVRNavigationStarted")!.data).toMatchObject({ path: "2", layer: "memory" });
    expect(types(second)).toContain("FolioAgreed");
    const lines = await carrierFor(hotel).lines(again.callId);
    expect(lines[0]!.text).toContain("(call 2)");
  });

  it("agrees: three records in one call, each put to the hotel and agreed in turn", async () => {
    const hotel = await hotelWith(3);
    const call = await folioCall(hotel, "agrees");
    expect(call.snapshot.state?.outcome).toBe("completed");
    const agent = said(call.snapshot, "system_utterance").join(" ");
    for (const r of hotel.records) {
      expect(agent).toContain(r.guest_name);
      const events = await callEvents(r.id, call.callId);
      expect(types(events).filter((t) => t.startsWith("Folio"))).toEqual(["FolioRequested", "FolioAgreed"]);
      expect(events.find((e) => e.type === "FolioAgreed")!.data).toMatchObject({ email: r.reply_to });
      expect(events.find((e) => e.type === "CallEnded")!.data).toMatchObject({ outcome: "agreed" });
      expect(await statusOf(r.id)).toBe("awaiting_folio");
    }
    expect(said(call.snapshot, "hotel_response")).toEqual([
      "Thank you for calling Harbor Hotel, this is Dana at the front desk. How can I help you?",
      "Sure, I can email that over to you today.",
      "Yes, that one too, no problem. I'll send it.",
      "Yes, that one too, no problem. I'll send it.",
    ]);
  });

  it("callback_then_agrees: the first call schedules the callback at the stated time; the next call agrees", async () => {
    const hotel = await hotelWith(1);
    const id = hotel.records[0]!.id;
    const first = await folioCall(hotel, "callback_then_agrees");
    const events = await callEvents(id, first.callId);
    expect(types(events).slice(-3)).toEqual(["CallbackRequested", "CallbackScheduled", "CallEnded"]);
    const at = new Date(events.find((e) => e.type === "CallbackScheduled")!.data.at);
    expect(at.getTime()).toBeGreaterThan(Date.now());
    const local = new Intl.DateTimeFormat("en-US", { timeZone: "America/Los_Angeles", hour: "numeric", minute: "2-digit", hour12: false }).format(at);
    expect(local).toBe("14:30");
    expect(events.at(-1)!.data).toMatchObject({ outcome: "callback" });
    expect(await statusOf(id)).toBe("callback_scheduled");

    const second = await folioCall(hotel, "callback_then_agrees");
    expect(types(await callEvents(id, second.callId))).toContain("FolioAgreed");
    expect(await statusOf(id)).toBe("awaiting_folio");
  });

  it("voicemail_then_agrees: the first call leaves one message after the beep; the next call agrees", async () => {
    const hotel = await hotelWith(1);
    const id = hotel.records[0]!.id;
    const first = await folioCall(hotel, "voicemail_then_agrees");
    expect(first.snapshot.state).toMatchObject({ outcome: "voicemail", answered_by: "machine_end_beep" });
    const events = await callEvents(id, first.callId);
    expect(types(events)).toEqual(["CallConnected", "VoicemailDetected", "VoicemailLeft", "CallEnded"]);
    expect(events.at(-1)!.data).toMatchObject({ outcome: "voicemail" });
    expect(said(first.snapshot, "system_utterance")).toHaveLength(1);
    expect(await statusOf(id)).toBe("queued");

    const second = await folioCall(hotel, "voicemail_then_agrees");
    expect(types(await callEvents(id, second.callId))).toContain("FolioAgreed");
  });

  it("voicemail without leave_voicemail: no message, outcome voicemail", async () => {
    const hotel = await hotelWith(1);
    const call = await folioCall(hotel, "voicemail_then_agrees", { leave_voicemail: false });
    const events = await callEvents(hotel.records[0]!.id, call.callId);
    expect(types(events)).toEqual(["CallConnected", "VoicemailDetected", "CallEnded"]);
    expect(said(call.snapshot, "system_utterance")).toEqual([]);
  });

  it("refuses_authorization_form: refused for an authorization form, and escalated", async () => {
    const hotel = await hotelWith(1);
    const id = hotel.records[0]!.id;
    const call = await folioCall(hotel, "refuses_authorization_form");
    const events = await callEvents(id, call.callId);
    expect(events.find((e) => e.type === "FolioRefused")!.data).toMatchObject({ reason: "authorization_required" });
    expect(events.find((e) => e.type === "EscalationTriggered")!.data).toMatchObject({ reason: "refused" });
    expect(events.at(-1)!.data).toMatchObject({ outcome: "refused" });
    expect(await statusOf(id)).toBe("escalated");
  });

  it("not_found: tries the confirmation number again, then escalates with what was tried", async () => {
    const hotel = await hotelWith(1);
    const id = hotel.records[0]!.id;
    const call = await folioCall(hotel, "not_found");
    const events = await callEvents(id, call.callId);
    expect(events.find((e) => e.type === "EscalationTriggered")!.data).toMatchObject({ reason: "not_found", tried: expect.arrayContaining(["confirmation number"]) });
    expect(events.at(-1)!.data).toMatchObject({ outcome: "not_found" });
    expect(said(call.snapshot, "hotel_response").filter((t) => /nothing under that number/.test(t))).toHaveLength(1);
    expect(await statusOf(id)).toBe("escalated");
  });

  it("no_answer: the carrier reports no-answer as Twilio would, and the call never connects", async () => {
    const hotel = await hotelWith(1);
    const id = hotel.records[0]!.id;
    const call = await folioCall(hotel, "no_answer");
    expect(call.dial).toMatchObject({ connected: false });
    expect(call.snapshot.state).toMatchObject({ outcome: "no_answer", twilio_status: "no-answer", streams: 0 });
    const events = await callEvents(id, call.callId);
    expect(types(events)).toEqual(["CallEnded"]);
    expect(events[0]!.data).toMatchObject({ outcome: "no_answer" });
    expect(await statusOf(id)).toBe("queued");
  });

  it("asks_for_email: the email request goes to the address the hotel gave", async () => {
    const hotel = await hotelWith(1, "Seaview Inn");
    const id = hotel.records[0]!.id;
    const call = await folioCall(hotel, "asks_for_email");
    const events = await callEvents(id, call.callId);
    expect(events.find((e) => e.type === "EmailRequested")).toMatchObject({ data: { to: "billing@seaview-inn.example", reason: "hotel_asked_for_email" } });
    expect(events.at(-1)!.data).toMatchObject({ outcome: "email_instead" });
    expect(await statusOf(id)).toBe("awaiting_folio");
  });

  it("long_hold_then_agrees: silent on hold, then introduces itself again to the colleague who picks up", async () => {
    const hotel = await hotelWith(1);
    const id = hotel.records[0]!.id;
    const started = Date.now();
    const call = await folioCall(hotel, "long_hold_then_agrees");
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
    const nodes = (call.snapshot.transcript?.nodes ?? []).filter((n) => n.type === "system_utterance" || n.type === "hotel_response");
    const hold = nodes.findIndex((n) => n.content.includes("Please hold"));
    expect(nodes[hold + 1]).toMatchObject({ type: "hotel_response" }); // nothing said on hold
    expect(nodes[hold + 1]!.content).toContain("Marco");
    expect(nodes[hold + 2]!.content).toContain("thanks for picking up");
    const events = await callEvents(id, call.callId);
    expect(types(events).filter((t) => t.startsWith("Folio"))).toEqual(["FolioRequested", "FolioAgreed"]);
    expect(await statusOf(id)).toBe("awaiting_folio");
  });

  it("max duration mid-hold: the wrap-up line, CallDurationExceeded for the open record, outcome max_duration", async () => {
    const hotel = await hotelWith(2);
    const call = await folioCall(hotel, "long_hold_then_agrees", { max_duration_ms: 1_500 });
    expect(call.snapshot.state?.outcome).toBe("max_duration");
    expect(said(call.snapshot, "system_utterance").at(-1)).toContain("follow up by email");
    for (const r of hotel.records) {
      const events = await callEvents(r.id, call.callId);
      expect(types(events).slice(-2)).toEqual(["CallDurationExceeded", "CallEnded"]);
      expect(events.at(-1)!.data).toMatchObject({ outcome: "max_duration" });
    }
  });
});
