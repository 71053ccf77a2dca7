// Hostile input, full size: 10,000 HTTP requests across every route, hostile mail of 25 MiB and
// over and MIME nested 5,000 deep, and junk on live media streams. Nothing may 5xx, crash, be
// accepted or change data.
import { describe, expect, it } from "vitest";
import { hostileViolations, runHostile } from "../test/reliability/hostile/run";
import { report } from "./report";

describe("drill: hostile input", () => {
  it("10,000 hostile requests change nothing", async () => {
    const r = await runHostile({ seed: 20261122, requests: 10_000, bigMail: true, streams: 10, messagesPerStream: 200, concurrency: 16 });
    const violations = hostileViolations(r);
    report("hostile", {
      requests: r.requests,
      http_requests: r.requests - r.emails.sent - r.websocket.messages,
      routes: r.routes,
      min_requests_per_route: r.per_route_min,
      by_status: r.by_status,
      emails: { sent: r.emails.sent, rejected: r.emails.rejected, inbox_statuses: r.emails.statuses },
      websocket: { streams: r.websocket.streams, messages: r.websocket.messages },
      seconds: Math.round(r.ms / 1000),
      violations,
      details: {
        server_errors: r.server_errors.slice(0, 20),
        crashes: r.crashes.slice(0, 10),
        mail_threw: r.emails.threw,
        accepted_commands: r.accepted_commands.slice(0, 20),
        data_changed: r.data_changed.slice(0, 20),
        non_json_errors: r.non_json_errors.slice(0, 20),
      },
    });
    expect(r.requests).toBeGreaterThanOrEqual(10_000);
    expect(r.per_route_min).toBeGreaterThan(0);
    expect(violations).toEqual({ server_errors: 0, crashes: 0, data_changed: 0, accepted_commands: 0, non_json_errors: 0 });
  });
});
