import { describe, expect, it } from "vitest";
import { checkEmailSize, MAX_EMAIL_BYTES, parseEmail, readRawEmail } from "../../src/email/inbound/parse";
import { inboundRawKey } from "../../src/email/inbound/raw-key";
import { fixtureBytes, fixtureNames, parsed, rawMessage } from "./helpers";

describe("parseEmail on the shared real messages", () => {
  it("has all five fixtures and parses each without failing", async () => {
    expect(fixtureNames()).toHaveLength(5);
    for (const name of fixtureNames()) {
      const r = await parseEmail(fixtureBytes(name));
      expect(r.ok, name).toBe(true);
    }
  });

  it("survives the MIME torture test: nested messages, attachments, both bodies", async () => {
    const m = await parsed(fixtureBytes("postal-mime-mimetorture.eml"));
    expect(m.messageId).toBe("<1066976914.4721.5.camel@localhost>");
    expect(m.from).toBe("rfinnie@domain.dom");
    expect(m.fromName).toBe("Ryan Finnie");
    expect(m.to).toEqual(["bob@domain.dom"]);
    expect(m.subject).toBe("Ryan Finnie's MIME Torture Test v1.0");
    expect(m.text).toContain("Welcome to Ryan Finnie's MIME torture test.");
    expect(m.html.length).toBeGreaterThan(1000);
    expect(m.attachments.map((a) => a.filename)).toEqual(expect.arrayContaining(["foo.gz", "blah.gz", "smiley-3.png", "htmlfile.html"]));
    const png = m.attachments.find((a) => a.filename === "smiley-3.png")!;
    expect(png.content).toBeInstanceOf(Uint8Array);
    expect([...png.content.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(m.autoSubmitted).toBeNull();
  });

  it("reads the PDF message: emoji subject, Delivered-To, Reply-To and the PDF bytes", async () => {
    const m = await parsed(fixtureBytes("mikel-mail-attachment_pdf.eml"));
    expect(m.subject).toBe("Another PDF with 🎉 Unicode chars in it 🍿");
    expect(m.deliveredTo).toEqual(["xxxx@xxxx.com"]);
    expect(m.replyTo).toEqual(["xxxx@xxxx.com"]);
    expect(m.to).toEqual(["xxxx@xxxx.com", "xxxx@xxxx.com"]);
    const pdf = m.attachments.find((a) => a.mimeType === "application/pdf")!;
    expect(pdf.filename).toBe("broken.pdf");
    expect(new TextDecoder().decode(pdf.content.subarray(0, 5))).toBe("%PDF-");
  });

  it("normalizes threading headers and decodes attachment names", async () => {
    const fwd = await parsed(fixtureBytes("mikel-mail-attachment_with_encoded_name.eml"));
    expect(fwd.inReplyTo).toBe("<F6E2D0B4-CC35-4A91-BA4C-C7C712B10C13@mac.com>");
    expect(fwd.references).toEqual(["<F6E2D0B4-CC35-4A91-BA4C-C7C712B10C13@mac.com>"]);
    const latin = await parsed(fixtureBytes("mikel-mail-attachment_nonascii_filename.eml"));
    expect(latin.attachments.map((a) => a.filename)).toEqual(["ciële.txt"]);
    expect(latin.text.trim()).toBe("This is the first part.");
    const only = await parsed(fixtureBytes("mikel-mail-attachment_only_email.eml"));
    expect(only.text).toBe("");
    expect(only.attachments.map((a) => [a.filename, a.mimeType])).toEqual([["blah.gz", "application/x-gzip"]]);
  });
});

describe("parseEmail headers", () => {
  it("flattens groups, keeps Cc and every Delivered-To, and reads Auto-Submitted", async () => {
    const m = await parsed(
      rawMessage(
        [
          "Delivered-To: folios+abc123def456@folio.test",
          "X-Original-To: FOLIOS+ABC123DEF456@folio.test",
          'From: "Front Desk" <Desk@Hotel.Example>',
          "To: Team: a@hotel.example, B <b@hotel.example>;",
          "Cc: c@hotel.example",
          "Subject: Re: hello",
          "Auto-Submitted: Auto-Replied",
          "In-Reply-To: orig@folio.test",
          "References: <one@folio.test>\r\n <two@folio.test>",
        ],
        "body",
      ),
    );
    expect(m.from).toBe("desk@hotel.example");
    expect(m.fromName).toBe("Front Desk");
    expect(m.to).toEqual(["a@hotel.example", "b@hotel.example"]);
    expect(m.cc).toEqual(["c@hotel.example"]);
    expect(m.deliveredTo).toEqual(["folios+abc123def456@folio.test"]);
    expect(m.autoSubmitted).toBe("auto-replied");
    expect(m.inReplyTo).toBe("<orig@folio.test>");
    expect(m.references).toEqual(["<one@folio.test>", "<two@folio.test>"]);
    expect(m.headers.find((h) => h.key === "subject")?.value).toBe("Re: hello");
  });
});

describe("the 25 MiB limit", () => {
  it("refuses anything over 25 MiB before parsing, whatever the input type", async () => {
    expect(MAX_EMAIL_BYTES).toBe(26_214_400);
    const big = new Uint8Array(MAX_EMAIL_BYTES + 1).fill(0x61);
    for (const input of [big, big.buffer, "a".repeat(MAX_EMAIL_BYTES + 1)]) {
      const r = await parseEmail(input);
      expect(r).toEqual({ ok: false, error: { kind: "too_large", size: MAX_EMAIL_BYTES + 1, limit: MAX_EMAIL_BYTES } });
    }
    expect(checkEmailSize(MAX_EMAIL_BYTES)).toBeNull();
    expect(checkEmailSize(MAX_EMAIL_BYTES + 1)).toMatchObject({ kind: "too_large" });
  });

  it("counts UTF-8 bytes, not characters, and accepts a message exactly at the limit", async () => {
    const raw = rawMessage(["From: a@hotel.example", "Subject: size"], "é".repeat(100));
    const bytes = new TextEncoder().encode(raw).byteLength;
    expect((await parseEmail(raw, { maxBytes: bytes })).ok).toBe(true);
    expect(await parseEmail(raw, { maxBytes: bytes - 1 })).toEqual({ ok: false, error: { kind: "too_large", size: bytes, limit: bytes - 1 } });
  });

  it("stops reading a stream past the limit and cancels it", async () => {
    let pulls = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1024).fill(0x61));
      },
      cancel() {
        cancelled = true;
      },
    });
    const r = await parseEmail(stream, { maxBytes: 10 * 1024 });
    expect(r).toMatchObject({ ok: false, error: { kind: "too_large", limit: 10 * 1024 } });
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(20);
  });
});

describe("hostile input never throws", () => {
  it("turns empty input into a typed failure", async () => {
    expect(await parseEmail("")).toEqual({ ok: false, error: { kind: "empty" } });
  });

  it("resolves for every truncation of the torture test and for random bytes", async () => {
    const torture = fixtureBytes("postal-mime-mimetorture.eml");
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const inputs: Uint8Array[] = [];
    for (let cut = 1; cut < torture.length; cut += 997) inputs.push(torture.subarray(0, cut));
    for (let i = 0; i < 20; i++) inputs.push(Uint8Array.from({ length: 2000 }, () => Math.floor(rand() * 256)));
    for (const input of inputs) {
      const r = await parseEmail(input);
      expect(typeof r.ok).toBe("boolean");
      if (r.ok) expect(typeof r.email.subject).toBe("string");
      else expect(r.error.kind).toMatch(/^(malformed|empty)$/);
    }
  });

  it("reports nesting past postal-mime's depth limit as malformed instead of throwing", async () => {
    let body = "leaf";
    for (let depth = 0; depth < 300; depth++) {
      body = `Content-Type: multipart/mixed; boundary="b${depth}"\r\n\r\n--b${depth}\r\n${body}\r\n--b${depth}--\r\n`;
    }
    const r = await parseEmail(`From: a@hotel.example\r\nSubject: deep\r\n${body}`);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.kind).toBe("malformed");
  });

  it("reports a header section over postal-mime's 2 MiB limit as malformed", async () => {
    const huge = Array.from({ length: 30_000 }, (_, i) => `X-Filler-${i}: ${"y".repeat(80)}`);
    const r = await parseEmail(rawMessage(["From: a@hotel.example", ...huge], "body"));
    expect(r).toMatchObject({ ok: false, error: { kind: "malformed" } });
  });
});

describe("readRawEmail and inboundRawKey", () => {
  it("reads bytes once for R2 and keys a message by its Message-ID, so a redelivery lands on the same key", async () => {
    const raw = rawMessage(["From: a@hotel.example", "Message-ID: <same@hotel.example>", "Subject: x"], "body");
    const bytes = await readRawEmail(new Blob([raw]).stream());
    expect(bytes).toBeInstanceOf(Uint8Array);
    const again = new TextEncoder().encode(raw.replace("body", "body, resent with another Received header"));
    const key = await inboundRawKey("<same@hotel.example>", bytes as Uint8Array);
    expect(key).toMatch(/^inbox\/[0-9a-f]{64}\.eml$/);
    expect(await inboundRawKey(" same@hotel.example ", again)).toBe(key);
    expect(await inboundRawKey("<other@hotel.example>", again)).not.toBe(key);
    // Without a Message-ID the bytes decide.
    expect(await inboundRawKey(null, again)).not.toBe(await inboundRawKey(null, bytes as Uint8Array));
    expect(await inboundRawKey(null, again)).toBe(await inboundRawKey(null, again.slice()));
  });
});
