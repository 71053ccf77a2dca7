// A contact's number and a text's words are personal: sending, delivery reports, a failure, inbound
// replies, STOP and the do-not-call list, all at debug level, log neither (ids, counts and reasons only).
import { env } from "cloudflare:workers";
import { createMessageBatch } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { captureConsole, leaks } from "../reliability/console-capture";
import { api } from "../helpers";
import { installSms, ourNumber, recordReplies, text, theirNumber, until } from "./helpers";

describe("texts and logs", () => {
  it("no number of theirs and no body reaches a log line", async () => {
    const level = env.LOG_LEVEL;
    (env as { LOG_LEVEL: string }).LOG_LEVEL = "debug";
    const capture = captureConsole();
    const { rest, restore } = await installSms();
    const replies = recordReplies("pii-test");
    try {
      const { default: worker } = await import("../../src/worker");
      const ours = ourNumber();
      const theirs = theirNumber();
      const blocked = theirNumber();
      const body = "Dr Quillfeather confirms your colonoscopy on Tuesday; reply YES";
      await rest.fates({ kind: "failed", errorCode: 30007 });
      const queued = [await text({ from: ours, to: theirs, body, product: "pii-test", cause: "a", expect: { about: "appt", deadline_at: Date.now() + 60_000 } })];
      expect((await api("PUT", `/api/contacts/${encodeURIComponent(blocked)}/dnd`, { json: { reason: "asked" } })).status).toBe(200);
      queued.push(await text({ from: ours, to: blocked, body }));
      await worker.queue(
        createMessageBatch(
          "folio-messages-out",
          queued.map((b, i) => ({ id: `p${i}`, timestamp: new Date(), attempts: 1, body: b })),
        ),
        env,
      );
      await rest.deliverWebhooks();
      await rest.inboundSms({ from: theirs, to: ours, body: "yes Wilhelmina will be there" });
      await rest.inboundSms({ from: theirs, to: ours, body: "STOP" });
      await rest.deliverWebhooks();
      await until(
        async () => replies.replies.length,
        (n) => n === 1,
        "the reply",
      );
      const lines = capture.lines;
      expect(lines.length).toBeGreaterThan(0);
      expect(leaks(lines, [theirs, blocked, theirs.slice(1), blocked.slice(1), "Quillfeather", "colonoscopy", "Wilhelmina"])).toEqual([]);
    } finally {
      replies.unregister();
      await restore();
      capture.restore();
      (env as { LOG_LEVEL: string }).LOG_LEVEL = level;
    }
  });
});
