import { describe, expect, it } from "vitest";
import { classifyEmail } from "../../src/email/inbound/auto-reply";
import { correlate, correlateBounce, matchOpenRecords, threadIds, type OpenRecord } from "../../src/email/inbound/correlate";
import { composeBatchRequest, composeRecordRequest, toMime } from "../../src/email/outbound/compose";
import { fixtureBytes, memoryLookup, parsed, rawMessage } from "./helpers";

const open: OpenRecord[] = [
  { id: "rec_1", guestName: "Jane Doe", confirmationNumber: "HX48213" },
  { id: "rec_2", guestName: "Hans Müller", confirmationNumber: "AB-7781-Q" },
  { id: "rec_3", guestName: "Zoë Ångström", confirmationNumber: "99812345" },
  { id: "rec_4", guestName: "Li Wei", confirmationNumber: "4471" },
];
const lookup = () =>
  memoryLookup({
    tokens: { abcdefghijkl: ["rec_1"], mnopqrstuvwx: ["rec_2"], bbatchtoken12: ["rec_1", "rec_2"] },
    messageIds: { "<sent-1@folio.test>": ["rec_1"], "<sent-batch@folio.test>": ["rec_1", "rec_2"] },
    references: { "REF-ABCDEFGHIJKL": ["rec_1"], "REF-MNOPQRSTUVWX": ["rec_2"] },
    domains: { "hotel.example": open },
  });
const OPTS = { inboundDomain: "folio.test" };

const mail = (headers: string[], body = "Please find the folio attached.") =>
  parsed(rawMessage(["From: Reservations <reservations@hotel.example>", "Message-ID: <in-1@hotel.example>", ...headers], body));

describe("route 1: the reply token", () => {
  it("finds folios+TOKEN@ in To, Cc or Delivered-To, in any case, and asks nothing further", async () => {
    for (const header of ["To: folios+abcdefghijkl@folio.test", "Cc: Folio <FOLIOS+ABCDEFGHIJKL@folio.test>", "Delivered-To: folios+abcdefghijkl@folio.test"]) {
      const l = lookup();
      const email = await mail([header, "Subject: Re: something else", "In-Reply-To: <sent-batch@folio.test>"]);
      expect(await correlate(email, l, OPTS), header).toEqual({ recordIds: ["rec_1"], matchedBy: "token" });
      expect(l.calls).toEqual(["token:abcdefghijkl"]);
    }
  });

  it("maps a batch token to all its records, and reads the envelope recipient", async () => {
    expect(await correlate(await mail(["To: folios+bbatchtoken12@folio.test"]), lookup(), OPTS)).toEqual({ recordIds: ["rec_1", "rec_2"], matchedBy: "token" });
    const bcc = await mail(["To: someone@hotel.example"]);
    expect(await correlate(bcc, lookup(), { ...OPTS, envelopeTo: ["folios+mnopqrstuvwx@folio.test"] })).toEqual({ recordIds: ["rec_2"], matchedBy: "token" });
  });

  it("ignores tokens at another domain and unknown tokens, and moves on", async () => {
    const l = lookup();
    const email = await mail(["To: folios+abcdefghijkl@elsewhere.example, folios+zzzzzzzzzzzz@folio.test", "In-Reply-To: <sent-1@folio.test>"]);
    expect(await correlate(email, l, OPTS)).toEqual({ recordIds: ["rec_1"], matchedBy: "thread" });
    expect(l.calls[0]).toBe("token:zzzzzzzzzzzz");
  });
});

describe("route 2: the thread", () => {
  it("matches In-Reply-To, or a References entry among others, against sent Message-IDs", async () => {
    expect(await correlate(await mail(["To: folios@folio.test", "In-Reply-To: <sent-1@folio.test>"]), lookup(), OPTS)).toEqual({ recordIds: ["rec_1"], matchedBy: "thread" });
    const refs = await mail(["To: folios@folio.test", "In-Reply-To: <unknown@hotel.example>", "References: <sent-batch@folio.test> <x@hotel.example>"]);
    expect(await correlate(refs, lookup(), OPTS)).toEqual({ recordIds: ["rec_1", "rec_2"], matchedBy: "thread" });
  });

  it("asks about at most 21 ids however long the References chain", async () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `<r${i}@spam.example>`);
    expect(threadIds({ inReplyTo: "<p@x>", references: ids })).toHaveLength(21);
    const l = lookup();
    await correlate(await mail(["To: folios@folio.test", `References: ${ids.join(" ")}`]), l, OPTS);
    expect(l.calls.filter((c) => c.startsWith("message:")).length).toBeLessThanOrEqual(21);
  });
});

describe("route 3: the subject reference", () => {
  it("reads REF-... in any case from the subject", async () => {
    for (const subject of ["Subject: Re: Folio request [Folio REF-ABCDEFGHIJKL]", "Subject: AW: folio ref-mnopqrstuvwx"]) {
      const r = await correlate(await mail(["To: folios@folio.test", subject]), lookup(), OPTS);
      expect(r, subject).toMatchObject({ matchedBy: "subject" });
    }
    const l = lookup();
    await correlate(await mail(["To: folios@folio.test", "Subject: Re: ref-abcdefghijkl"]), l, OPTS);
    expect(l.calls).toContain("reference:REF-ABCDEFGHIJKL");
  });
});

describe("route 4: confirmation number or guest name among the sender domain's open records", () => {
  const route4 = async (body: string, extraTexts: string[] = []) => correlate(await mail(["To: accounts@folio.test", "Subject: Invoice"], body), lookup(), { ...OPTS, extraTexts });

  it("finds a confirmation number however it is written", async () => {
    expect(await route4("Folio for booking #HX48213 attached.")).toEqual({ recordIds: ["rec_1"], matchedBy: "confirmation_number" });
    for (const body of ["Conf: ab7781q", "Ref AB 7781-Q.", "Booking AB-7781-Q", "Zimmer 12, Buchung ab/7781/q"]) {
      expect(await route4(body), body).toEqual({ recordIds: ["rec_2"], matchedBy: "confirmation_number" });
    }
  });

  it("returns every record whose number occurs: one email, several folios", async () => {
    expect(await route4("Folios for HX48213 and AB-7781-Q and 99812345.")).toEqual({ recordIds: ["rec_1", "rec_2", "rec_3"], matchedBy: "confirmation_number" });
  });

  it("does not match inside a longer code, nor on a short all-digit number", async () => {
    expect(await route4("Invoice HX482139, total 4471.00")).toEqual({ unmatched: true });
  });

  it("searches the text of attachments the caller extracted", async () => {
    expect(await route4("See attachment.", ["GUEST FOLIO\nConfirmation 99812345\nTotal 512.00"])).toEqual({ recordIds: ["rec_3"], matchedBy: "confirmation_number" });
  });

  it("falls back to the guest name: any case, accents, order, titles, a one-letter typo", async () => {
    expect(await route4("Please find the folio for Mr. Hans Mueller.")).toEqual({ recordIds: ["rec_2"], matchedBy: "guest_name" });
    expect(await route4("GUEST: DOE, JANE")).toEqual({ recordIds: ["rec_1"], matchedBy: "guest_name" });
    expect(await route4("Folio — zoe angstrom — room 12")).toEqual({ recordIds: ["rec_3"], matchedBy: "guest_name" });
  });

  it("does not assemble a name from words far apart", async () => {
    expect(await route4("Folios for Jane Smith, room 12, and for our guest John Doe, room 14.")).toEqual({ unmatched: true });
  });

  it("prefers a confirmation number over a name, and reads HTML bodies", async () => {
    const html = await parsed(
      rawMessage(
        ["From: reservations@hotel.example", "To: accounts@folio.test", "Subject: Folio", "Content-Type: text/html; charset=utf-8"],
        "<table><tr><td>Guest</td><td>Jane&nbsp;Doe</td></tr><tr><td>Conf.</td><td>AB&#8209;7781&#8209;Q</td></tr></table>",
      ),
    );
    expect(await correlate(html, lookup(), OPTS)).toEqual({ recordIds: ["rec_2"], matchedBy: "confirmation_number" });
  });

  it("only searches the sender's own domain", async () => {
    const l = lookup();
    const other = await parsed(rawMessage(["From: someone@other.example", "To: accounts@folio.test", "Subject: HX48213"], "Jane Doe"));
    expect(await correlate(other, l, OPTS)).toEqual({ unmatched: true });
    expect(l.calls.at(-1)).toBe("domain:other.example");
  });

  it("matchOpenRecords is null when nothing matches", () => {
    expect(matchOpenRecords("nothing to see", open)).toBeNull();
  });
});

describe("unmatched and end-to-end", () => {
  it("leaves the hostile torture test unmatched (triage), asking each route once", async () => {
    const l = lookup();
    expect(await correlate(await parsed(fixtureBytes("postal-mime-mimetorture.eml")), l, OPTS)).toEqual({ unmatched: true });
    expect(l.calls).toEqual(["domain:domain.dom"]);
  });

  it("correlates a hotel's real reply to a composed request by its thread, and a bounce by its original", async () => {
    const request = composeRecordRequest(
      { recordId: "rec_9", guestName: "Ana Silva", confirmationNumber: "QQ1234", checkIn: "2026-11-02", checkOut: "2026-11-05", replyToken: "qqqqqqqqqqqq" },
      { inboundDomain: "folio.test", to: "desk@hotel.example", hotelName: "Hotel" },
    );
    const l = memoryLookup({ messageIds: { [request.messageId]: ["rec_9"] } });
    // The hotel's client dropped Reply-To and the subject reference, but threaded.
    const answer = toMime({ messageId: "<a@hotel.example>", from: "desk@hotel.example", to: "folios@folio.test", subject: "folio", text: "here", headers: { "In-Reply-To": request.messageId } });
    const email = await parsed(answer);
    expect(classifyEmail(email).kind).toBe("human");
    expect(await correlate(email, l, OPTS)).toEqual({ recordIds: ["rec_9"], matchedBy: "thread" });
    expect(await correlateBounce(request.messageId, l)).toEqual({ recordIds: ["rec_9"], matchedBy: "thread" });
    expect(await correlateBounce("<never-sent@folio.test>", l)).toEqual({ unmatched: true });
  });

  it("routes a reply to a batch request back to every record of the batch", async () => {
    const items = ["r1", "r2"].map((id, i) => ({ recordId: id, guestName: `G ${i}`, confirmationNumber: `C${i}0000`, checkIn: "2026-11-02", checkOut: "2026-11-03", replyToken: `tok${i}xxxxxxxxx` }));
    const request = composeBatchRequest(items, { inboundDomain: "folio.test", to: "desk@hotel.example", hotelName: "Hotel" });
    const l = memoryLookup({ tokens: { [request.token]: request.recordIds } });
    const email = await parsed(toMime({ messageId: "<b@hotel.example>", from: "desk@hotel.example", to: request.replyTo, subject: `Re: ${request.subject}`, text: "both attached" }));
    expect(await correlate(email, l, OPTS)).toEqual({ recordIds: ["r1", "r2"], matchedBy: "token" });
  });
});
