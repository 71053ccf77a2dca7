// The LLM fallback of the understanding layer: asked only when the rules cannot place a reply, choose a
// key or read a time; its answers are zod-checked, labelled with the layer, and counted; a failing or
// useless answer leaves the rules' result in place.
import { describe, expect, it } from "vitest";
import { understandCallbackTime, understandMenu, understandReply } from "../../../src/products/folio/playbook/understanding";
import { folioPlaybook } from "../../../src/products/folio/playbook";
import { FakeBrain, FolioSim, folioParams } from "./folio-driver";

const NOW = new Date("2026-10-05T17:00:00Z");
const intent = (over: Record<string, unknown>) => ({ intent: "other", refuse_reason: null, email: null, callback_when: null, question_about: null, confidence: 0.9, ...over });

describe("understandReply", () => {
  it("the rules decide when they can: the Brain is not asked", async () => {
    const brain = new FakeBrain([intent({ intent: "refuse" })]);
    const r = await understandReply("Sure, I'll email it over today.", brain);
    expect(r).toMatchObject({ layer: "rules", llm_calls: 0, value: { intent: "agree" } });
    expect(brain.decisions).toHaveLength(0);
  });

  it("what the rules cannot place goes to the Brain, with the reply, as structured output", async () => {
    const brain = new FakeBrain([intent({ intent: "refuse", refuse_reason: "guest_must_request" })]);
    const r = await understandReply("That's one for the guest herself, friend.", brain);
    expect(r.layer).toBe("llm");
    expect(r.llm_calls).toBe(1);
    expect(r.value).toMatchObject({ intent: "refuse", details: { layer: "llm", reason: "guest_must_request" } });
    expect(brain.decisions[0]!.name).toBe("folio_reply");
    expect(JSON.stringify(brain.decisions[0]!.messages.at(-1))).toContain("one for the guest herself");
  });

  it("no Brain, a failing Brain, or a Brain as lost as the rules: the rules' answer stands", async () => {
    const text = "Well, the thing is, you know, Tuesdays.";
    expect(await understandReply(text, null)).toMatchObject({ layer: "rules", llm_calls: 0, value: { intent: "other" } });
    const failing = await understandReply(text, new FakeBrain([]));
    expect(failing).toMatchObject({ layer: "rules", llm_calls: 1, value: { intent: "other" } });
    expect(failing.note).toMatch(/llm failed/);
    const invalid = await understandReply(text, new FakeBrain([{ intent: "maybe" }]));
    expect(invalid).toMatchObject({ layer: "rules", llm_calls: 1 });
  });
});

describe("understandMenu", () => {
  it("rules first; the Brain for a menu the rules cannot read, never a key already tried", async () => {
    expect(await understandMenu("For billing press 3.", [], new FakeBrain())).toMatchObject({ layer: "rules", llm_calls: 0, value: { digits: "3" } });
    const brain = new FakeBrain([{ digits: "5", reason: "Marie handles accounts" }]);
    const r = await understandMenu("For Pierre press 4. For Marie press 5.", [], brain);
    expect(r).toMatchObject({ layer: "llm", llm_calls: 1, value: { digits: "5" } });
    const again = await understandMenu("For Pierre press 4. For Marie press 5.", ["5"], new FakeBrain([{ digits: "5", reason: "same" }]));
    expect(again).toMatchObject({ value: null, llm_calls: 1 });
  });
});

describe("understandCallbackTime", () => {
  it("chrono-node rules first; the Brain's time only when it is in the future", async () => {
    const rules = await understandCallbackTime("call back at 3", NOW, "America/Los_Angeles", new FakeBrain());
    expect(rules).toMatchObject({ layer: "rules", llm_calls: 0 });
    expect(rules.value!.at.toISOString()).toBe("2026-10-05T22:00:00.000Z");
    const llm = await understandCallbackTime("when the night auditor comes on", NOW, "America/Los_Angeles", new FakeBrain([{ at: "2026-10-05T23:00:00-07:00" }]));
    expect(llm).toMatchObject({ layer: "llm", llm_calls: 1 });
    expect(llm.value!.at.toISOString()).toBe("2026-10-06T06:00:00.000Z");
    const past = await understandCallbackTime("when the night auditor comes on", NOW, "America/Los_Angeles", new FakeBrain([{ at: "2026-10-01T10:00:00Z" }]));
    expect(past.value).toBeNull();
  });
});

describe("the playbook counts LLM calls and logs the layer", () => {
  it("an unplaced reply decided by the Brain moves the record and is counted", async () => {
    const brain = new FakeBrain([intent({ intent: "agree" })]);
    const sim = await new FolioSim(folioParams(), brain).open();
    await sim.hotel("Front desk, this is Dana speaking. How can I help you?");
    const c = await sim.hotel("Consider it handled, friend.");
    expect(c).toMatchObject({ intent: "agree", layer: "llm", details: { llm_calls: 1 } });
    expect(sim.outcome("rec_1")).toBe("agreed");
    expect(sim.state.llm_calls).toBe(1);
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ llm_calls: 1 });
  });

  it("a menu choice by the Brain is labelled llm in IVRNavigationStarted", async () => {
    const sim = await new FolioSim(folioParams(), new FakeBrain([{ digits: "5", reason: "accounts" }])).open();
    await sim.hotel("Welcome. For Pierre press 4. For Marie press 5.");
    expect(sim.pressed).toEqual([]); // no clear choice: the menu may go on
    await sim.silence();
    expect(sim.pressed).toEqual(["5"]);
    expect(sim.eventsFor("rec_1", "IVRNavigationStarted")[0]).toMatchObject({ path: "5", layer: "llm" });
    expect(sim.state.llm_calls).toBe(1);
    expect(sim.state.decisions.at(-1)).toMatchObject({ layer: "llm" });
  });

  it("a question the rules cannot answer is answered by the Brain's voice, then the request again", async () => {
    const sim = await new FolioSim(folioParams(), new FakeBrain([intent({ intent: "question", question_about: "other" })])).open();
    await sim.hotel("Front desk, this is Dana speaking. How can I help you?");
    await sim.hotel("Is this for the corporate rate program thing?");
    expect(sim.lastSaid()).toMatch(/^\[respond: Answer the hotel's last question/);
    expect(sim.state.llm_calls).toBe(2);
  });
});
