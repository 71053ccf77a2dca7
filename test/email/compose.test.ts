import PostalMime from "postal-mime";
import { describe, expect, it } from "vitest";
import { referencesIn, tokensInAddresses } from "../../src/email/addresses";
import { composeBatchRequest, composeRecordRequest, composeReminder, toMime, type ComposedEmail, type FolioRequestItem } from "../../src/email/outbound/compose";
import { pdfFolio } from "./helpers";

const DOMAIN = "folio.test";
const item = (n: number, over: Partial<FolioRequestItem> = {}): FolioRequestItem => ({
  recordId: `rec_${n}`,
  guestName: `Guest Number${n}`,
  confirmationNumber: `CONF${1000 + n}`,
  checkIn: "2026-11-02",
  checkOut: "2026-11-05",
  replyToken: `tok${n}abcdefghi`.slice(0, 12),
  ...over,
});
const opts = { inboundDomain: DOMAIN, to: "frontdesk@hotel.example", hotelName: "Hotel Example" };

// postal-mime keeps the line break before a part's closing boundary: one "\n" more than was sent.
const unix = (s: string | undefined) => (s ?? "").replace(/\r\n/g, "\n").replace(/\n$/, "");

describe("composeRecordRequest", () => {
  it("carries the token in Reply-To, the reference in the subject and a fresh RFC 5322 Message-ID", () => {
    const m = composeRecordRequest(item(1), opts);
    expect(m.replyTo).toBe("folios+tok1abcdefgh@folio.test");
    expect(m.subject).toContain("[Folio REF-TOK1ABCDEFGH]");
    expect(referencesIn(m.subject)).toEqual(["tok1abcdefgh"]);
    expect(tokensInAddresses([m.replyTo], DOMAIN)).toEqual(["tok1abcdefgh"]);
    expect(m.messageId).toMatch(/^<[0-9a-f-]{36}@folio\.test>$/);
    expect(composeRecordRequest(item(1), opts).messageId).not.toBe(m.messageId);
    expect(m.from).toBe("folios@folio.test");
    expect(m.to).toBe("frontdesk@hotel.example");
    expect(m.recordIds).toEqual(["rec_1"]);
    for (const part of [m.text, m.html]) {
      expect(part).toContain("Guest Number1");
      expect(part).toContain("CONF1001");
      expect(part).toContain("2026-11-05");
    }
  });

  it("reuses a given Message-ID so a retried send keeps the stored one", () => {
    expect(composeRecordRequest(item(1), { ...opts, messageId: "<fixed@folio.test>" }).messageId).toBe("<fixed@folio.test>");
  });

  it("escapes every record and hotel value in the HTML part", () => {
    const m = composeRecordRequest(item(1, { guestName: `<script>alert("x")</script> & O'Brien` }), { ...opts, hotelName: "<b>Bad</b> Inn" });
    expect(m.html).not.toContain("<script>");
    expect(m.html).not.toContain("<b>Bad</b>");
    expect(m.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Brien");
    expect(m.html).toContain("&lt;b&gt;Bad&lt;/b&gt; Inn");
    expect(m.text).toContain(`<script>alert("x")</script> & O'Brien`);
  });
});

describe("composeBatchRequest", () => {
  it("lists every record under one batch token and reference", () => {
    const m = composeBatchRequest([item(1), item(2), item(3)], opts);
    expect(m.token).toMatch(/^b[a-z2-7]{12}$/);
    expect(m.replyTo).toBe(`folios+${m.token}@folio.test`);
    expect(m.subject).toContain(`[Folio REF-${m.token.toUpperCase()}]`);
    expect(m.subject).toContain("3 stays");
    expect(m.recordIds).toEqual(["rec_1", "rec_2", "rec_3"]);
    for (const n of [1, 2, 3]) {
      expect(m.text).toContain(`CONF${1000 + n}`);
      // Each stay's own reference, for a hotel that answers one stay per email.
      expect(m.text).toContain(`REF-TOK${n}ABCDEFGH`);
      expect(m.html).toContain(`Guest Number${n}`);
    }
  });

  it("uses the caller's batch token when given, and a lone record's own token otherwise", () => {
    expect(composeBatchRequest([item(1), item(2)], { ...opts, batchToken: "bfixedtoken12" }).replyTo).toBe("folios+bfixedtoken12@folio.test");
    expect(composeBatchRequest([item(7)], opts).token).toBe(item(7).replyToken);
    expect(() => composeBatchRequest([], opts)).toThrow(RangeError);
  });
});

describe("composeReminder", () => {
  it("threads under the original with In-Reply-To and References and keeps the subject", () => {
    const original = composeRecordRequest(item(1), opts);
    const first = composeReminder([item(1)], { ...opts, reminder: 1, originalMessageId: original.messageId });
    expect(first.headers["In-Reply-To"]).toBe(original.messageId);
    expect(first.headers.References).toBe(original.messageId);
    expect(first.subject).toBe(`Re: ${original.subject}`);
    expect(first.replyTo).toBe(original.replyTo);
    expect(first.messageId).not.toBe(original.messageId);
    expect(first.reminder).toBe(1);
    const second = composeReminder([item(1)], { ...opts, reminder: 2, originalMessageId: first.messageId, references: [original.messageId] });
    expect(second.headers.References).toBe(`${original.messageId} ${first.messageId}`);
    expect(second.text).toMatch(/reminder 2/i);
  });

  it("needs the batch token for a batch and a positive reminder number", () => {
    const base = { ...opts, originalMessageId: "<o@folio.test>" };
    expect(() => composeReminder([item(1), item(2)], { ...base, reminder: 1 })).toThrow(/batch token/);
    expect(composeReminder([item(1), item(2)], { ...base, reminder: 1, token: "bbatchtoken12" }).replyTo).toBe("folios+bbatchtoken12@folio.test");
    expect(() => composeReminder([item(1)], { ...base, reminder: 0 })).toThrow(RangeError);
  });
});

describe("toMime", () => {
  const roundTrip = async (m: ComposedEmail) => PostalMime.parse(toMime(m));

  it("round-trips through postal-mime: non-ASCII subject and sender name, Reply-To, Message-ID, both parts", async () => {
    const base = composeRecordRequest(item(1, { guestName: "Zoë Ångström-Øster" }), { ...opts, fromName: "Folio Anfragen – Zürich" });
    const m = { ...base, subject: `Rechnung für Zoë – 東京 🏨 and a long tail to force several encoded words ${base.subject}` };
    const parsed = await roundTrip(m);
    expect(parsed.subject).toBe(m.subject);
    expect(parsed.from).toMatchObject({ address: "folios@folio.test", name: "Folio Anfragen – Zürich" });
    expect(parsed.replyTo?.[0]?.address).toBe("folios+tok1abcdefgh@folio.test");
    expect(parsed.to?.[0]?.address).toBe("frontdesk@hotel.example");
    expect(parsed.messageId).toBe(m.messageId);
    expect(unix(parsed.text)).toBe(m.text);
    expect(unix(parsed.html)).toBe(m.html);
    expect(parsed.text).toContain("Zoë Ångström-Øster");
  });

  it("writes 7-bit CRLF lines no longer than 78 characters", () => {
    const long = `${"Très long paragraphe = avec des signes égal et des accents ".repeat(6)}   `;
    const raw = toMime({ ...composeRecordRequest(item(1), opts), text: `${long}\nend` });
    expect(raw).toMatch(/^[\x00-\x7f]*$/);
    expect(raw.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of raw.split("\r\n")) expect(line.length).toBeLessThanOrEqual(78);
    expect(raw).toMatch(/^MIME-Version: 1\.0$/m);
    expect(raw).toMatch(/^Content-Type: multipart\/alternative;\r\n boundary="folio-alt-/m);
  });

  it("keeps '=', trailing spaces and long lines exact through quoted-printable", async () => {
    const text = `a = b   \n${"x".repeat(200)}=\n\tend\t\nüñí ${"é".repeat(60)}\n`;
    const parsed = await roundTrip({ ...composeRecordRequest(item(1), opts), text });
    expect(unix(parsed.text)).toBe(text);
  });

  it("threads reminders: In-Reply-To and References reach the reader", async () => {
    const reminder = composeReminder([item(1)], { ...opts, reminder: 1, originalMessageId: "<orig@folio.test>", references: ["<older@folio.test>"] });
    const parsed = await roundTrip(reminder);
    expect(parsed.inReplyTo).toBe("<orig@folio.test>");
    expect(parsed.references).toBe("<older@folio.test> <orig@folio.test>");
  });

  it("cannot be made to inject headers through a value with a line break", async () => {
    const m = composeRecordRequest(item(1, { confirmationNumber: "ABC\r\nBcc: victim@evil.test" }), {
      ...opts,
      to: "frontdesk@hotel.example\r\nCc: other@evil.test",
    });
    const raw = toMime({ ...m, headers: { ...m.headers, "X-Test": "a\r\nBcc: third@evil.test", "Bad Name:": "x", From: "spoof@evil.test" } });
    const parsed = await PostalMime.parse(raw);
    expect(parsed.bcc).toBeUndefined();
    expect(parsed.cc).toBeUndefined();
    expect(parsed.from?.address).toBe("folios@folio.test");
    expect(parsed.headers.filter((h) => h.key === "from")).toHaveLength(1);
    expect(parsed.subject).toContain("ABC Bcc: victim@evil.test");
    const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
    expect(head).not.toMatch(/^(Bcc|Cc):/im);
    // Nor forge lines of the request body.
    expect(m.text).toContain("Confirmation number: ABC Bcc: victim@evil.test");
    expect(m.text).not.toMatch(/^Bcc:/m);
  });

  it("adds attachments in multipart/mixed with their bytes intact", async () => {
    const pdf = await pdfFolio([["Folio 123"]]);
    const raw = toMime({ ...composeRecordRequest(item(1), opts), attachments: [{ filename: "folio-Zoë.pdf", mimeType: "application/pdf", content: pdf }] });
    const parsed = await PostalMime.parse(raw, { attachmentEncoding: "arraybuffer" });
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]!.filename).toBe("folio-Zoë.pdf");
    expect(new Uint8Array(parsed.attachments[0]!.content as ArrayBuffer)).toEqual(pdf);
    expect(parsed.text).toContain("CONF1001");
  });
});
