import { describe, expect, it } from "vitest";
import { classifyEmail } from "../../src/email/inbound/auto-reply";
import { composeRecordRequest, toMime } from "../../src/email/outbound/compose";
import { fixtureBytes, fixtureNames, parsed, pdfFolio, rawMessage } from "./helpers";

const original = composeRecordRequest(
  { recordId: "rec_1", guestName: "Jane Doe", confirmationNumber: "HX48213", checkIn: "2026-11-02", checkOut: "2026-11-05", replyToken: "abcdefghijkl" },
  { inboundDomain: "folio.test", to: "frontdesk@hotel.example", hotelName: "Hotel Example" },
);

const reply = (headers: string[], body = "Thanks, see attached.") =>
  rawMessage(["From: Front Desk <frontdesk@hotel.example>", "To: folios+abcdefghijkl@folio.test", "Message-ID: <r1@hotel.example>", ...headers], body);

async function withPdf(headers: string[]): Promise<string> {
  const pdf = await pdfFolio([["Folio 42"]]);
  return toMime({
    messageId: "<r2@hotel.example>",
    from: "pms@hotel.example",
    to: "folios+abcdefghijkl@folio.test",
    subject: "Your folio",
    text: "Attached.",
    headers: Object.fromEntries(headers.map((h) => h.split(/:\s*/, 2) as [string, string])),
    attachments: [{ filename: "folio.pdf", mimeType: "application/pdf", content: pdf }],
  });
}

/** A delivery status notification (RFC 3464) as Postfix writes it. */
function dsn(opts: { action: string; status: string; returned: "message" | "headers" }): string {
  const returned = opts.returned === "message" ? `Content-Type: message/rfc822\r\n\r\n${toMime(original)}` : `Content-Type: text/rfc822-headers\r\n\r\n${toMime(original).split("\r\n\r\n")[0]}\r\n`;
  return rawMessage(
    [
      "Return-Path: <>",
      "From: MAILER-DAEMON@mx.hotel.example (Mail Delivery System)",
      "To: folios@folio.test",
      "Subject: Undelivered Mail Returned to Sender",
      "Message-ID: <dsn1@mx.hotel.example>",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="DSN"',
    ],
    [
      "--DSN",
      "Content-Type: text/plain",
      "",
      "I'm sorry to have to inform you that your message could not be delivered.",
      "--DSN",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.hotel.example",
      "",
      "Final-Recipient: rfc822; frontdesk@hotel.example",
      `Action: ${opts.action}`,
      `Status: ${opts.status}`,
      "Diagnostic-Code: smtp; 550 5.1.1 user unknown",
      "",
      "--DSN",
      returned,
      "--DSN--",
      "",
    ].join("\n"),
  );
}

describe("auto-replies and out-of-office messages", () => {
  it.each([
    ["Outlook", ["Subject: Automatic reply: Folio request [Folio REF-ABCDEFGHIJKL]", "X-Auto-Response-Suppress: All"]],
    ["German", ["Subject: Abwesenheitsnotiz: Folio request"]],
    ["French, upper case", ["Subject: RÉPONSE AUTOMATIQUE : Folio request"]],
    ["Spanish", ["Subject: Respuesta automática: Folio request"]],
    ["English OOO", ["Subject: Out of Office: back on Monday"]],
    ["RFC 3834", ["Subject: Re: Folio request", "Auto-Submitted: auto-replied"]],
    ["X-Autoreply", ["Subject: Re: Folio request", "X-Autoreply: yes"]],
    ["X-Autorespond", ["Subject: Re: Folio request", "X-Autorespond: Thank you"]],
    ["Precedence auto_reply", ["Subject: Re: Folio request", "Precedence: auto_reply"]],
    ["Precedence bulk, nothing attached", ["Subject: Newsletter", "Precedence: bulk"]],
    ["auto-generated, nothing attached", ["Subject: Ticket #123 opened", "Auto-Submitted: auto-generated"]],
  ])("%s → auto_reply", async (_label, headers) => {
    const c = classifyEmail(await parsed(reply(headers)));
    expect(c.kind).toBe("auto_reply");
    expect(c.signals.length).toBeGreaterThan(0);
  });

  it("keeps an automated message that carries a document (a property system sending the folio)", async () => {
    expect(classifyEmail(await parsed(await withPdf(["Auto-Submitted: auto-generated"]))).kind).toBe("human");
    expect(classifyEmail(await parsed(await withPdf(["Precedence: bulk"]))).kind).toBe("human");
    // A declared auto-reply stays one whatever it carries.
    expect(classifyEmail(await parsed(await withPdf(["Auto-Submitted: auto-replied"]))).kind).toBe("auto_reply");
  });

  it("treats an ordinary reply, and Auto-Submitted: no, as human", async () => {
    const plain = classifyEmail(await parsed(reply(["Subject: Re: Folio request [Folio REF-ABCDEFGHIJKL]", "Auto-Submitted: no"])));
    expect(plain).toEqual({ kind: "human", signals: [] });
    // "undeliverable" in a person's subject, from a person, is not a bounce.
    const words = classifyEmail(await parsed(reply(["Subject: Re: the undeliverable parcel", "Return-Path: <frontdesk@hotel.example>"])));
    expect(words.kind).toBe("human");
  });

  it("classifies every shared real message as human", async () => {
    for (const name of fixtureNames()) expect(classifyEmail(await parsed(fixtureBytes(name))).kind, name).toBe("human");
  });
});

describe("bounces", () => {
  it("reads a failed DSN: permanent, with the Message-ID of the returned message", async () => {
    const c = classifyEmail(await parsed(dsn({ action: "failed", status: "5.1.1", returned: "message" })));
    expect(c).toMatchObject({ kind: "bounce", permanent: true, originalMessageId: original.messageId });
    expect(c.signals).toEqual(expect.arrayContaining(["multipart/report", "delivery-status", "mailer-daemon"]));
  });

  it("finds the original Message-ID in a text/rfc822-headers part", async () => {
    const c = classifyEmail(await parsed(dsn({ action: "failed", status: "5.7.1", returned: "headers" })));
    expect(c).toMatchObject({ kind: "bounce", originalMessageId: original.messageId });
  });

  it("treats a 4.x.x failure as retryable and a delay notice as no bounce at all", async () => {
    expect(classifyEmail(await parsed(dsn({ action: "failed", status: "4.2.2", returned: "message" })))).toMatchObject({ kind: "bounce", permanent: false });
    const delayed = classifyEmail(await parsed(dsn({ action: "delayed", status: "4.4.7", returned: "headers" })));
    expect(delayed.kind).toBe("auto_reply");
    expect(delayed.signals).toContain("delayed");
    expect(delayed.originalMessageId).toBe(original.messageId);
  });

  it("reads a non-standard bounce that quotes the original in its text", async () => {
    const raw = rawMessage(
      ["From: MAILER-DAEMON@old.hotel.example", "To: folios@folio.test", "Subject: failure notice", "Message-ID: <q1@old.hotel.example>"],
      `Hi. This is the qmail-send program.\nI'm afraid I wasn't able to deliver your message.\n\n--- Below this line is a copy of the message.\n\nMessage-ID: ${original.messageId}\nSubject: ${original.subject}\n`,
    );
    expect(classifyEmail(await parsed(raw))).toMatchObject({ kind: "bounce", permanent: true, originalMessageId: original.messageId });
  });

  it("needs more than a postmaster address: a DSN subject or a null sender", async () => {
    const human = rawMessage(["From: postmaster@hotel.example", "To: folios@folio.test", "Subject: Re: folio"], "Forwarding to accounts.");
    expect(classifyEmail(await parsed(human)).kind).toBe("human");
    const bounce = rawMessage(["From: postmaster@hotel.example", "Return-Path: <>", "Subject: Delivery Status Notification (Failure)"], "Failed.");
    expect(classifyEmail(await parsed(bounce)).kind).toBe("bounce");
  });
});
