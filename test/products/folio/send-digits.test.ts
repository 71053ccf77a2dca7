// DTMF out, first choice (DESIGN §5): a hotel's known menu path goes to Twilio as SendDigits when the
// call is created, and the playbook, told so by the call's params, does not press those keys again
// in-band (a second "3" at the next menu would take a wrong turn). If the sent keys did not get through
// (the same menu comes back), the playbook navigates in-band as it would without them.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { admitHotel, sendDigitsFor } from "../../../src/domain/hotel";
import { folioPlaybook } from "../../../src/products/folio/playbook";
import { callParams, dial } from "../../../src/objects/hotel-line/placing";
import { createLogger } from "../../../src/platform/log";
import { TwilioRestEmulator } from "../../fakes/twilio-rest";
import { folioParams, FolioSim } from "./folio-driver";

const DESK = "Front desk, this is Sam speaking, how can I help you?";
const MENU_1 = "Welcome to Harbor Hotel. For reservations press 1, for guest services press 3.";
const MENU_2 = "Guest services. For billing press 1, for housekeeping press 2.";

const sentParams = (ivrPath: string) => folioParams({ hotel: { ...folioParams().hotel, ivr_path: ivrPath }, ivr_path_sent: true });

describe("SendDigits from the hotel's known path", () => {
  it("one group per menu level, a beat before the first and a pause between levels, within Twilio's 32", () => {
    expect(sendDigitsFor("3w1")).toBe("ww3wwww1");
    expect(sendDigitsFor("2")).toBe("ww2");
    expect(sendDigitsFor("1ww*9#")).toBe("ww1wwww*9#");
    expect(sendDigitsFor(null)).toBeNull();
    expect(sendDigitsFor("")).toBeNull();
    expect(sendDigitsFor("1w2w3w4w5w6w7")).toBeNull(); // too long for SendDigits: pressed in-band instead
  });

  it("dial() sends them with the call over Twilio's REST API, and nothing when no path is known", async () => {
    const rest = await TwilioRestEmulator.create();
    try {
      const twilioEnv = { ...env, TWILIO_ACCOUNT_SID: rest.accountSid, TWILIO_API_BASE: rest.baseUrl, TWILIO_FROM_NUMBER: "+14155550199" } as Env;
      const base = admitHotel(null, { phone: "+14155550178", name: "Digits Inn" }, new Date().toISOString())!;
      const call = () => ({
        call_id: `call_sd${crypto.randomUUID().replaceAll("-", "")}`,
        record_ids: [],
        status: "dialing" as const,
        created_at: Date.now(),
        ended_at: null,
        outcome: null,
        max_duration_ms: 60_000,
      });
      const log = createLogger("error", { service: "test" });
      expect((await dial(twilioEnv, { ...base, ivr_path: "3w1" }, { kind: "twilio" }, call(), log)).ok).toBe(true);
      expect((await dial(twilioEnv, base, { kind: "twilio" }, call(), log)).ok).toBe(true);
      const creates = (await rest.log()).requests.filter((r) => r.path.endsWith("/Calls.json"));
      expect(creates.map((r) => r.form.get("SendDigits"))).toEqual(["ww3wwww1", null]);
    } finally {
      await rest.dispose();
    }
  });

  it("the call's params say the path was sent only when it was (Twilio, a path that fits)", () => {
    const settings = { ...admitHotel(null, { phone: "+14155550178", name: "Digits Inn" }, new Date().toISOString())!, ivr_path: "3w1" };
    expect(callParams(settings, [], false, null, { kind: "twilio" }).ivr_path_sent).toBe(true);
    expect(callParams(settings, [], false, null, { kind: "simulated", persona: "agrees" }).ivr_path_sent).toBeUndefined();
    expect(callParams({ ...settings, ivr_path: null }, [], false, null, { kind: "twilio" }).ivr_path_sent).toBeUndefined();
  });
});

describe("folio playbook: a known path already sent at call creation", () => {
  it("presses nothing in-band at the menus it walks through, and keeps the path once a person answers", async () => {
    const sim = await new FolioSim(sentParams("3w1")).open();
    await sim.hotel(MENU_1);
    await sim.hotel(MENU_2);
    expect(sim.pressed).toEqual([]);
    expect(sim.eventsFor("rec_1", "IVRNavigationStarted").map((e) => [e.path, e.layer])).toEqual([
      ["3", "memory"],
      ["3w1", "memory"],
    ]);
    await sim.hotel(DESK);
    expect(sim.eventsFor("rec_1", "IVRNavigationComplete")).toEqual([{ call_id: "call_test", path: "3w1" }]);
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ ivr_path: "3w1" });
  });

  it("a menu the sent keys skipped before the stream heard it does not shorten the path", async () => {
    const sim = await new FolioSim(sentParams("3w1")).open();
    await sim.hotel(MENU_2); // the first menu went by before we were listening
    await sim.hotel(DESK);
    expect(sim.pressed).toEqual([]);
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ ivr_path: "3w1" });
  });

  it("a person straight away (the keys did their work unheard) does not erase the known path", async () => {
    const sim = await new FolioSim(sentParams("3w1")).open();
    await sim.hotel(DESK);
    expect(sim.pressed).toEqual([]);
    expect(folioPlaybook.summary!(sim.ctx()).ivr_path).toBeUndefined(); // unchanged: HotelLine keeps "3w1"
  });

  it("the same menu back again means the sent keys did not work: navigate in-band, and learn the new path", async () => {
    const sim = await new FolioSim(sentParams("4")).open();
    await sim.hotel("For billing press 1. For reservations press 2.");
    expect(sim.pressed).toEqual([]);
    await sim.hotel("For billing press 1. For reservations press 2.");
    expect(sim.pressed).toEqual(["1"]);
    expect(sim.eventsFor("rec_1", "IVRNavigationStarted").map((e) => e.layer)).toEqual(["memory", "rules"]);
    await sim.hotel("Billing office, this is Kim speaking, how can I help you?");
    expect(folioPlaybook.summary!(sim.ctx())).toMatchObject({ ivr_path: "1" });
  });
});
