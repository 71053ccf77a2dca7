// Hostile input, the fast sample (`npm run drill` sends 10,000): every route gets malformed bodies,
// bad keys, forged signatures and links; mail that is too big or too deep; junk on media streams.
// No 5xx, no crash, no command accepted, no data changed.
import { describe, expect, it } from "vitest";
import { hostileViolations, runHostile } from "./hostile/run";

describe("hostile input (sample)", () => {
  it("600 requests over every route, hostile mail and broken media streams change nothing", async () => {
    const report = await runHostile({ seed: 7, requests: 600, bigMail: false, streams: 2, messagesPerStream: 60 });
    expect(report.routes).toBeGreaterThan(20);
    expect(report.per_route_min).toBeGreaterThan(0);
    // One comparison, so a failure shows every kind of problem at once.
    const problems = {
      server_errors: report.server_errors,
      crashes: report.crashes,
      mail_threw: report.emails.threw,
      abnormal_closes: report.websocket.abnormal_closes,
      accepted_commands: report.accepted_commands,
      data_changed: report.data_changed,
      non_json_errors: report.non_json_errors,
    };
    expect(problems).toEqual({ server_errors: [], crashes: [], mail_threw: [], abnormal_closes: [], accepted_commands: [], data_changed: [], non_json_errors: [] });
    expect(report.emails.rejected).toBeGreaterThan(0); // the 26 MiB message that lied about its size
    expect(report.websocket.messages).toBeGreaterThan(0);
    expect(Object.values(hostileViolations(report)).every((n) => n === 0)).toBe(true);
  }, 300_000);
});
