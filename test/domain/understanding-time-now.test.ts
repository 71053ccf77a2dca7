// parseCallbackTime: "right now" describes the present ("she's out right now"), never the callback time.
import { describe, expect, it } from "vitest";
import { parseCallbackTime } from "../../src/domain/understanding";

const NOW = new Date("2026-10-05T17:00:00Z"); // 10:00 in Los Angeles

describe("parseCallbackTime and 'now'", () => {
  it.each([
    ["Sorry, our system is down right now, can you call back in an hour?", "2026-10-05T18:00:00.000Z"],
    ["She's out right now, call back at 3.", "2026-10-05T22:00:00.000Z"],
    ["Nobody's in billing just now. Try tomorrow morning.", "2026-10-06T17:00:00.000Z"],
  ])("%s", (text, at) => {
    expect(parseCallbackTime(text, NOW, "America/Los_Angeles")?.at.toISOString()).toBe(at);
  });

  it("'right now' alone is no time at all", () => {
    expect(parseCallbackTime("Our system is down right now.", NOW, "America/Los_Angeles")).toBeNull();
  });
});
