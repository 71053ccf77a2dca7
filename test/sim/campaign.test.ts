// A simulated campaign end to end (issue 4 "Done when"): every persona through the real scheduling
// queue, HotelLine alarms on the campaign's scaled clock, CallSession and the folio playbook over the
// simulated carrier's text leg, the email-out queue and the inbound Email Worker. Checks each record's
// final status and the events that got it there.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { DomainEvent } from "../../src/domain/events";
import { FULL_ROUND } from "../../src/domain/simulation";
import { recordStub } from "../../src/objects/folio-record/client";
import { hotelStub } from "../../src/objects/hotel-line";
import { campaignProgress, startCampaign, type CampaignProgress } from "../../src/simulation/campaign";
import { sleep } from "../helpers";

const types = (events: DomainEvent[]) => events.map((e) => e.event_type);
const count = (events: DomainEvent[], type: string) => events.filter((e) => e.event_type === type).length;
const callsOf = (events: DomainEvent[]) => new Set(events.filter((e) => e.event_type === "CallInitiated").map((e) => (e.data as { call_id: string }).call_id));

describe("a simulated campaign", () => {
  it("drives every persona to its expected end state through queues, alarms and calls", { timeout: 170_000 }, async () => {
    const campaign = await startCampaign(env, { records: FULL_ROUND, seed: 11, clockScale: 2880, actor: "test" });
    expect(campaign.records).toHaveLength(FULL_ROUND);
    let progress: CampaignProgress | null = null;
    const end = Date.now() + 150_000;
    while (Date.now() < end) {
      progress = await campaignProgress(env, campaign.campaign_id);
      if (progress?.done) break;
      await sleep(1000);
    }
    const off = progress!.records.filter((r) => r.status !== r.expected_status).map((r) => `${r.persona}: ${r.status} (expected ${r.expected_status})`);
    expect(off).toEqual([]);

    const byPersona = new Map<string, { id: string; events: DomainEvent[]; hotel: string }[]>();
    for (const r of campaign.records) {
      const events = await recordStub(env, r.id).getEvents();
      byPersona.set(r.persona, [...(byPersona.get(r.persona) ?? []), { id: r.id, events, hotel: r.hotel_phone }]);
    }
    const one = (persona: string) => byPersona.get(persona)![0]!;

    // IVR, then a human: the path that worked is the hotel's from now on.
    const ivr = one("ivr_then_agrees");
    expect(types(ivr.events)).toEqual(expect.arrayContaining(["IVRDetected", "IVRNavigationComplete", "HumanDetected", "FolioAgreed", "FolioExtracted"]));
    expect((await hotelStub(env, ivr.hotel).getSettings())!.ivr_path).toMatch(/^[0-9*#w]+$/);

    // Three records, one call, three agreements.
    const batch = byPersona.get("agrees")!;
    expect(batch).toHaveLength(3);
    expect(new Set(batch.flatMap((r) => [...callsOf(r.events)])).size).toBe(1);
    for (const r of batch) expect(count(r.events, "FolioAgreed")).toBe(1);

    // A callback at the stated time, then the second call agrees.
    const cb = one("callback_then_agrees");
    expect(types(cb.events)).toEqual(expect.arrayContaining(["CallbackRequested", "CallbackScheduled", "FolioAgreed"]));
    expect(callsOf(cb.events).size).toBe(2);
    const at = new Date((cb.events.find((e) => e.event_type === "CallbackScheduled")!.data as { at: string }).at);
    const second = cb.events.filter((e) => e.event_type === "CallInitiated")[1]!;
    expect(Date.parse(second.timestamp)).toBeGreaterThanOrEqual(at.getTime());

    // Voicemail: one short message, then the next day's call agrees.
    const vm = one("voicemail_then_agrees");
    expect(count(vm.events, "VoicemailLeft")).toBe(1);
    expect(callsOf(vm.events).size).toBe(2);
    const calls = vm.events.filter((e) => e.event_type === "CallInitiated");
    expect(new Date(calls[1]!.timestamp).getUTCDate()).not.toBe(new Date(calls[0]!.timestamp).getUTCDate());

    // A refusal for an authorization form, and a guest not found: escalated, with what was tried.
    const refused = one("refuses_authorization_form");
    expect(types(refused.events)).toEqual(expect.arrayContaining(["FolioRefused", "EscalationTriggered"]));
    const notFound = one("not_found");
    expect(notFound.events.find((e) => e.event_type === "EscalationTriggered")!.data).toMatchObject({ reason: "not_found" });

    // No answer three times, then an email request the simulated hotel answers with the folio.
    const silent = one("no_answer");
    expect(callsOf(silent.events).size).toBe(3);
    expect(silent.events.find((e) => e.event_type === "EmailRequested")!.data).toMatchObject({ reason: "attempts_exhausted" });
    expect(types(silent.events)).toEqual(expect.arrayContaining(["EmailSent", "EmailResponseReceived", "FolioExtracted"]));

    // Email instead: the request goes to the address the hotel gave.
    const instead = one("asks_for_email");
    const to = (instead.events.find((e) => e.event_type === "EmailRequested")!.data as { to: string }).to;
    expect(to).toMatch(/^billing@/);

    // A long hold, then the folio.
    expect(count(one("long_hold_then_agrees").events, "FolioAgreed")).toBe(1);

    // No LLM is configured: every call says its understanding needed none (the rules decided).
    const ended = [...byPersona.values()].flat().flatMap((r) => r.events.filter((e) => e.event_type === "CallEnded"));
    expect(ended.length).toBeGreaterThanOrEqual(FULL_ROUND);
    for (const e of ended) expect((e.data as { llm_calls?: number }).llm_calls).toBe(0);

    // The calls are listed in D1 as their lines closed them.
    const { results } = await env.DB.prepare("SELECT status, COUNT(*) AS n FROM calls WHERE campaign_id = ?1 GROUP BY status").bind(campaign.campaign_id).all<{ status: string; n: number }>();
    expect(results).toEqual([{ status: "ended", n: expect.any(Number) }]);
  });
});
