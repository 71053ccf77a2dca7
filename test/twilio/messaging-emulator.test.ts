// The Twilio REST emulator's Messages side, checked against Twilio's documented behaviour before the
// messaging tests rely on it: the resource and its errors, the status callbacks in order, and webhooks
// signed so that the repo's own validator (and only with the account's token) accepts them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateTwilioSignature } from "../../src/providers/twilio/signature";
import { TEST_AUTH_TOKEN } from "../fakes/twilio-media";
import { TwilioRestEmulator } from "../fakes/twilio-rest";

let rest: TwilioRestEmulator;
beforeEach(async () => {
  rest = await TwilioRestEmulator.create();
});
afterEach(async () => rest.dispose());

function create(form: Record<string, string>, auth = `${rest.accountSid}:${TEST_AUTH_TOKEN}`) {
  return fetch(`${rest.baseUrl}/2010-04-01/Accounts/${rest.accountSid}/Messages.json`, {
    method: "POST",
    headers: { authorization: `Basic ${btoa(auth)}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

const CALLBACK = "https://folio.test/twilio/sms-status/msg_1";

describe("the emulator's Messages API", () => {
  it("creates a message: 201, the resource, its segments", async () => {
    const r = await create({ To: "+14155550123", From: "+14155550100", Body: "Hello — it's Folio", StatusCallback: CALLBACK });
    expect(r.status).toBe(201);
    const m = (await r.json()) as Record<string, unknown>;
    expect(m).toMatchObject({ to: "+14155550123", from: "+14155550100", status: "queued", num_segments: "1", direction: "outbound-api", error_code: null });
    expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(((await (await create({ To: "+14155550123", From: "+14155550100", Body: "a".repeat(161) })).json()) as { num_segments: string }).num_segments).toBe("2");
    expect(((await (await create({ To: "+14155550123", From: "+14155550100", Body: "é€".repeat(40) })).json()) as { num_segments: string }).num_segments).toBe("1");
    expect(((await (await create({ To: "+14155550123", From: "+14155550100", Body: "✓".repeat(71) })).json()) as { num_segments: string }).num_segments).toBe("2");
  });

  it("refuses bad input with Twilio's error codes, and a bad password with 20003", async () => {
    await rest.unsubscribe("+14155550199");
    const cases: Array<[Record<string, string>, number]> = [
      [{ From: "+14155550100", Body: "x" }, 21604],
      [{ To: "4155550123", From: "+14155550100", Body: "x" }, 21211],
      [{ To: "+14155550123", Body: "x" }, 21603],
      [{ To: "+14155550123", From: "+14155550100", Body: "" }, 21602],
      [{ To: "+14155550123", From: "+14155550100", Body: "x".repeat(1601) }, 21617],
      [{ To: "+14155550199", From: "+14155550100", Body: "x" }, 21610],
    ];
    for (const [form, code] of cases) {
      const r = await create(form);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { code: number }).code).toBe(code);
    }
    const denied = await create({ To: "+14155550123", From: "+14155550100", Body: "x" }, `${rest.accountSid}:wrong`);
    expect(denied.status).toBe(401);
    expect(((await denied.json()) as { code: number }).code).toBe(20003);
    expect((await rest.log()).messages).toEqual({});
  });

  it("posts the status callbacks in order, signed; a failed fate ends with its ErrorCode", async () => {
    await create({ To: "+14155550123", From: "+14155550100", Body: "one", StatusCallback: CALLBACK });
    await rest.fates({ kind: "failed", errorCode: 30008 });
    await create({ To: "+14155550124", From: "+14155550100", Body: "two", StatusCallback: CALLBACK });
    await rest.fates({ kind: "undelivered", errorCode: 30003 });
    await create({ To: "+14155550125", From: "+14155550100", Body: "three", StatusCallback: CALLBACK });
    await create({ To: "+14155550126", From: "+14155550100", Body: "no callback" });
    const hooks = await rest.takeWebhooks();
    const seen = hooks.map((h) => {
      const p = new URLSearchParams(h.body);
      return [p.get("To"), p.get("MessageStatus"), p.get("ErrorCode")];
    });
    expect(seen).toEqual([
      ["+14155550123", "queued", null],
      ["+14155550123", "sent", null],
      ["+14155550123", "delivered", null],
      ["+14155550124", "queued", null],
      ["+14155550124", "failed", "30008"],
      ["+14155550125", "queued", null],
      ["+14155550125", "sent", null],
      ["+14155550125", "undelivered", "30003"],
    ]);
    for (const h of hooks) {
      const params = Object.fromEntries(new URLSearchParams(h.body));
      expect(h.url).toBe(CALLBACK);
      expect(await validateTwilioSignature({ authToken: TEST_AUTH_TOKEN, signature: h.headers["x-twilio-signature"], url: h.url, params })).toBe(true);
      expect(await validateTwilioSignature({ authToken: "another-token", signature: h.headers["x-twilio-signature"], url: h.url, params })).toBe(false);
    }
    expect(await rest.takeWebhooks()).toEqual([]); // drained
    const log = await rest.log();
    expect(Object.values(log.messages).map((m) => [m.to, m.status, m.error_code])).toEqual([
      ["+14155550123", "delivered", null],
      ["+14155550124", "failed", 30008],
      ["+14155550125", "undelivered", 30003],
      ["+14155550126", "queued", null],
    ]);
  });

  it("signs an inbound text for the number's webhook, and reuses a sid to redeliver it", async () => {
    const sid = await rest.inboundSms({ from: "+14155550123", to: "+14155550100", body: "YES" });
    await rest.inboundSms({ from: "+14155550123", to: "+14155550100", body: "YES", messageSid: sid });
    const [first, again] = await rest.takeWebhooks();
    const params = Object.fromEntries(new URLSearchParams(first!.body));
    expect(params).toMatchObject({ MessageSid: sid, SmsSid: sid, From: "+14155550123", To: "+14155550100", Body: "YES", NumMedia: "0", NumSegments: "1", AccountSid: rest.accountSid });
    expect(await validateTwilioSignature({ authToken: TEST_AUTH_TOKEN, signature: first!.headers["x-twilio-signature"], url: "https://folio.test/twilio/sms", params })).toBe(true);
    expect(new URLSearchParams(again!.body).get("MessageSid")).toBe(sid);
  });
});
