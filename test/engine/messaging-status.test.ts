// A text's status only moves forward whatever order Twilio's callbacks come in, and a sender number's
// texts are spaced by its interval.
import { describe, expect, it } from "vitest";
import { advanceStatus, messageIdFor } from "../../src/engine/messaging/message";
import { intervalFor, nextSlot } from "../../src/engine/messaging/pacing";

describe("advanceStatus", () => {
  it("follows Twilio's progression and ignores what would move it back", () => {
    let s = advanceStatus("accepted", "queued");
    expect(s).toBe("queued");
    s = advanceStatus(s, "sent");
    expect(s).toBe("sent");
    expect(advanceStatus(s, "queued")).toBe("sent");
    expect(advanceStatus(s, "delivered")).toBe("delivered");
    expect(advanceStatus("delivered", "sent")).toBe("delivered");
    expect(advanceStatus("delivered", "failed")).toBe("delivered");
    expect(advanceStatus("failed", "delivered")).toBe("failed");
  });

  it("maps Twilio's other words, and ignores ones it does not know", () => {
    expect(advanceStatus("accepted", "sending")).toBe("queued");
    expect(advanceStatus("sent", "read")).toBe("delivered");
    expect(advanceStatus("queued", "canceled")).toBe("failed");
    expect(advanceStatus("queued", "undelivered")).toBe("undelivered");
    expect(advanceStatus("queued", "bogus")).toBe("queued");
    // A lost answer (`unknown`) learns from a later callback that the text did go.
    expect(advanceStatus("unknown", "delivered")).toBe("delivered");
    expect(advanceStatus("blocked", "sent")).toBe("blocked");
  });
});

describe("pacing", () => {
  it("gives the first text now and spaces the rest by the interval, never in the past", () => {
    const a = nextSlot(null, 1_000, 1_000);
    expect(a).toEqual({ at: 1_000, last: 1_000 });
    const b = nextSlot(a.last, 1_100, 1_000);
    expect(b.at).toBe(2_000);
    const c = nextSlot(b.last, 1_200, 1_000);
    expect(c.at).toBe(3_000);
    expect(nextSlot(c.last, 10_000, 1_000).at).toBe(10_000);
  });

  it("turns a rate into an interval, with a sane default and a floor", () => {
    expect(intervalFor(1)).toBe(1_000);
    expect(intervalFor(10)).toBe(100);
    expect(intervalFor(0)).toBe(1_000);
    expect(intervalFor(Number.NaN)).toBe(1_000);
    expect(intervalFor(10_000)).toBe(10);
  });
});

describe("message ids", () => {
  it("are derived from the cause: the same cause is the same text", async () => {
    expect(await messageIdFor("offer:T-17")).toBe(await messageIdFor("offer:T-17"));
    expect(await messageIdFor("offer:T-17")).not.toBe(await messageIdFor("offer:T-18"));
    expect(await messageIdFor("x")).toMatch(/^msg_[0-9a-f]{32}$/);
  });
});
