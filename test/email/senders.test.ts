import { env } from "cloudflare:test";
import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { composeRecordRequest, type ComposedEmail } from "../../src/email/outbound/compose";
import { CloudflareSender, EMAIL_OUTBOX_MIGRATION, EmailSendError, HttpSender, LocalOutboxSender, outboxKey } from "../../src/email/outbound/senders";

const compose = (): ComposedEmail =>
  composeRecordRequest(
    { recordId: "rec_1", guestName: "Zoë Doe", confirmationNumber: "HX48213", checkIn: "2026-11-02", checkOut: "2026-11-05", replyToken: "abcdefghijkl" },
    { inboundDomain: "folio.test", to: "Front Desk <frontdesk@hotel.example>", hotelName: "Hotel Example" },
  );

async function rejection(p: Promise<unknown>): Promise<EmailSendError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EmailSendError);
  return err as EmailSendError;
}

describe("CloudflareSender", () => {
  it("hands the binding an EmailMessage with bare envelope addresses and our raw MIME", async () => {
    const seen: Array<{ from: string; to: string; raw: string }> = [];
    const sent: EmailMessage[] = [];
    const binding = { send: async (m: EmailMessage) => (sent.push(m), { messageId: "cf-123" }) } as unknown as SendEmail;
    const message = compose();
    const sender = new CloudflareSender(binding, (from, to, raw) => {
      seen.push({ from, to, raw });
      return { from, to } as EmailMessage;
    });
    expect(await sender.send(message)).toEqual({ provider: "cloudflare", providerMessageId: "cf-123" });
    expect(seen[0]).toMatchObject({ from: "folios@folio.test", to: "frontdesk@hotel.example" });
    const parsed = await PostalMime.parse(seen[0]!.raw);
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.replyTo?.[0]?.address).toBe("folios+abcdefghijkl@folio.test");
    expect(sent).toHaveLength(1);
  });

  it("builds a real cloudflare:email EmailMessage by default", async () => {
    const sent: EmailMessage[] = [];
    const binding = { send: async (m: EmailMessage) => (sent.push(m), { messageId: "cf-9" }) } as unknown as SendEmail;
    await new CloudflareSender(binding).send(compose());
    expect(sent[0]).toMatchObject({ from: "folios@folio.test", to: "frontdesk@hotel.example" });
  });

  it("is accepted by the local send_email binding from wrangler.toml", async () => {
    const result = await new CloudflareSender(env.EMAIL).send(compose());
    expect(result.provider).toBe("cloudflare");
  });

  it("marks refusals permanent and throttling or unknown failures retryable", async () => {
    const failing = (message: string) => new CloudflareSender({ send: async () => Promise.reject(new Error(message)) } as unknown as SendEmail);
    expect((await rejection(failing("destination address is not verified").send(compose()))).permanent).toBe(true);
    expect((await rejection(failing("Rate limit exceeded, invalid for now").send(compose()))).permanent).toBe(false);
    expect((await rejection(failing("socket hang up").send(compose()))).permanent).toBe(false);
    const noAddress = { ...compose(), to: "not an address" };
    expect((await rejection(failing("unused").send(noAddress))).permanent).toBe(true);
  });
});

describe("HttpSender", () => {
  type Call = { url: string; init: RequestInit };
  const sender = (respond: (call: Call) => Promise<Response>, extra: Partial<ConstructorParameters<typeof HttpSender>[0]> = {}) => {
    const calls: Call[] = [];
    const fetchFn = (async (url: string, init: RequestInit) => {
      const call = { url, init };
      calls.push(call);
      return respond(call);
    }) as unknown as typeof fetch;
    return { calls, s: new HttpSender({ baseUrl: "https://mail.example/v1/", apiKey: "key_123", fetch: fetchFn, provider: "resend", ...extra }) };
  };

  it("POSTs Resend-style JSON with a Bearer key and an idempotency key", async () => {
    const { calls, s } = sender(async () => Response.json({ id: "re_42" }));
    const message = compose();
    expect(await s.send(message)).toEqual({ provider: "resend", providerMessageId: "re_42" });
    expect(calls[0]!.url).toBe("https://mail.example/v1/emails");
    expect(calls[0]!.init.method).toBe("POST");
    const headers = new Headers(calls[0]!.init.headers);
    expect(headers.get("authorization")).toBe("Bearer key_123");
    expect(headers.get("idempotency-key")).toBe(message.messageId);
    const body = JSON.parse(String(calls[0]!.init.body));
    expect(body).toMatchObject({
      from: "Folio requests <folios@folio.test>",
      to: ["Front Desk <frontdesk@hotel.example>"],
      subject: message.subject,
      text: message.text,
      html: message.html,
      reply_to: "folios+abcdefghijkl@folio.test",
    });
    expect(body.headers["Message-ID"]).toBe(message.messageId);
    expect(body.headers["X-Folio-Reference"]).toBe("REF-ABCDEFGHIJKL");
  });

  it("maps 4xx to permanent failures, but 429 and 5xx to retryable ones", async () => {
    const status = (code: number) => sender(async () => Response.json({ message: `status ${code}` }, { status: code })).s.send(compose());
    const invalid = await rejection(status(422));
    expect(invalid).toMatchObject({ permanent: true, status: 422, provider: "resend" });
    expect(invalid.message).toContain("status 422");
    expect(await rejection(status(401))).toMatchObject({ permanent: true });
    expect(await rejection(status(429))).toMatchObject({ permanent: false, status: 429 });
    expect(await rejection(status(500))).toMatchObject({ permanent: false });
    expect(await rejection(status(503))).toMatchObject({ permanent: false });
  });

  it("treats network errors and timeouts as retryable", async () => {
    expect(await rejection(sender(async () => Promise.reject(new TypeError("fetch failed"))).s.send(compose()))).toMatchObject({ permanent: false });
    const hang = sender(({ init }) => new Promise<Response>((_, reject) => init.signal?.addEventListener("abort", () => reject(init.signal?.reason))), { timeoutMs: 20 });
    expect(await rejection(hang.s.send(compose()))).toMatchObject({ permanent: false });
  });

  it("succeeds without a provider id when the body is not JSON", async () => {
    expect(await sender(async () => new Response("queued")).s.send(compose())).toEqual({ provider: "resend" });
  });
});

describe("LocalOutboxSender", () => {
  it("stores the raw message in R2 and one row in D1, idempotently", async () => {
    await env.DB.batch(
      EMAIL_OUTBOX_MIGRATION.split(";")
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => env.DB.prepare(s)),
    );
    const now = new Date("2026-11-10T12:00:00.000Z");
    const sender = new LocalOutboxSender(env.BLOBS, env.DB, () => now);
    const message = compose();
    const result = await sender.send(message);
    expect(result).toEqual({ provider: "outbox", providerMessageId: outboxKey(message.messageId) });
    expect(result.providerMessageId).toMatch(/^outbox\/[0-9a-f-]{36}@folio\.test\.eml$/);

    const object = await env.BLOBS.get(result.providerMessageId!);
    expect(object?.httpMetadata?.contentType).toBe("message/rfc822");
    const parsed = await PostalMime.parse(await object!.text());
    expect(parsed.messageId).toBe(message.messageId);
    expect(parsed.text).toContain("Zoë Doe");

    await sender.send(message);
    const rows = await env.DB.prepare("SELECT * FROM email_outbox WHERE message_id = ?").bind(message.messageId).all();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]).toMatchObject({
      r2_key: result.providerMessageId,
      to_address: "Front Desk <frontdesk@hotel.example>",
      reply_to: "folios+abcdefghijkl@folio.test",
      reference: "REF-ABCDEFGHIJKL",
      record_ids: '["rec_1"]',
      reminder: 0,
      created_at: now.toISOString(),
    });
    expect(rows.results[0]!.subject).toBe(message.subject);
  });

  it("keys objects by a sanitized Message-ID", () => {
    expect(outboxKey("<a/b c@folio.test>")).toBe("outbox/a_b_c@folio.test.eml");
  });
});
