import { describe, expect, it } from "vitest";
import { decodeEntities, htmlToText, looksLikePdf, pdfText, textSources } from "../../src/email/inbound/text";
import { toMime } from "../../src/email/outbound/compose";
import { fixtureBytes, imageOnlyPdf, parsed, pdfFolio } from "./helpers";

const FOLIO_PAGE = ["GRAND HOTEL EXAMPLE", "Guest: Jane Doe   Confirmation: HX48213", "Arrival 02/11/2026   Departure 05/11/2026", "Room charge 3 nights   EUR 450.00", "Total   EUR 450.00"];

describe("pdfText (unpdf) on generated folios", () => {
  it("extracts the text of a one-page folio", async () => {
    const r = await pdfText(await pdfFolio([FOLIO_PAGE]));
    expect(r.kind).toBe("text");
    if (r.kind !== "text") return;
    expect(r.pages).toBe(1);
    // One line of the PDF stays one line of text; a wide gap stays a column break (two spaces or more).
    expect(r.text.split("\n")).toEqual([
      "GRAND HOTEL EXAMPLE",
      "Guest: Jane Doe  Confirmation: HX48213",
      "Arrival 02/11/2026  Departure 05/11/2026",
      "Room charge 3 nights  EUR 450.00",
      "Total  EUR 450.00",
    ]);
  });

  it("keeps pages apart in a three-page folio and leaves the caller's bytes intact", async () => {
    const bytes = await pdfFolio([["Page one: room"], ["Page two: restaurant"], ["Page three: total 99.00"]]);
    const before = bytes.byteLength;
    const r = await pdfText(bytes);
    expect(r).toMatchObject({ kind: "text", pages: 3, pageTexts: ["Page one: room", "Page two: restaurant", "Page three: total 99.00"] });
    expect(bytes.byteLength).toBe(before);
    expect(looksLikePdf(bytes)).toBe(true);
  });

  it("flags a PDF whose pages hold no text (a scan) as image-only", async () => {
    expect(await pdfText(await imageOnlyPdf())).toEqual({ kind: "image_only", pages: 1 });
    expect(await pdfText(await imageOnlyPdf(2))).toEqual({ kind: "image_only", pages: 2 });
  });

  it("reports the broken PDF of the shared fixture, and junk, as unreadable without throwing", async () => {
    const m = await parsed(fixtureBytes("mikel-mail-attachment_pdf.eml"));
    const pdf = m.attachments.find((a) => a.filename === "broken.pdf")!;
    expect(looksLikePdf(pdf.content)).toBe(true);
    expect(await pdfText(pdf.content)).toMatchObject({ kind: "unreadable" });
    expect(await pdfText(new TextEncoder().encode("%PDF-1.4 nothing else"))).toMatchObject({ kind: "unreadable" });
    expect(looksLikePdf(new TextEncoder().encode("GIF89a"))).toBe(false);
  });
});

describe("htmlToText", () => {
  it("turns blocks into lines and table cells into tab-separated columns", () => {
    const html = `<html><head><title>Folio</title><style>td{color:red}</style></head><body>
      <h1>Grand&nbsp;Hotel</h1><p>Guest: <b>Jane</b> Doe<br>Room 12</p>
      <table><tr><th>Item</th><th>Amount</th></tr><tr><td>Room charge</td><td>450.00</td></tr>
      <tr><td>Minibar</td><td>12.50</td></tr></table><div>Total&#58; 462.50</div>
      <script>document.write("<p>ignored</p>")</script><!-- a <p>comment</p> --></body></html>`;
    expect(htmlToText(html)).toBe("Grand Hotel\n\nGuest: Jane Doe\nRoom 12\n\nItem\tAmount\nRoom charge\t450.00\nMinibar\t12.50\n\nTotal: 462.50");
  });

  it("decodes named, accented, decimal and hexadecimal entities, and refuses invalid code points", () => {
    expect(decodeEntities("Caf&eacute; &Uuml;ber &ccedil;a &euro;10 &#x20AC;5 &#8364;1 &amp;lt; &#0; &#xD800; &bogus;")).toBe("Café Über ça €10 €5 €1 &lt; \ufffd \ufffd &bogus;");
  });

  it("copes with broken markup: stray '<', unclosed tags, attributes with '>' and image alt text", () => {
    expect(htmlToText(`1 < 2 and <a href="x>y">link</a> <img alt="Total 5.00" src=x> <p>unclosed`)).toBe("1 < 2 and link Total 5.00\nunclosed");
  });

  it("stays fast on hostile markup", () => {
    const hostile = `<a title="${"<".repeat(10)}`.repeat(50_000) + "<td>".repeat(50_000);
    const start = Date.now();
    htmlToText(hostile);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});

describe("textSources", () => {
  it("returns PDF text first, then the HTML body as text, then the plain body", async () => {
    const pdf = await pdfFolio([FOLIO_PAGE]);
    const scan = await imageOnlyPdf();
    const raw = toMime({
      messageId: "<t1@hotel.example>",
      from: "desk@hotel.example",
      to: "folios@folio.test",
      subject: "Folios",
      text: "Plain body: folio attached.",
      html: "<p>HTML body: <b>folio</b> attached.</p>",
      attachments: [
        { filename: "folio.pdf", mimeType: "application/pdf", content: pdf },
        // Mail clients often send PDFs as octet-stream: the bytes say what it is.
        { filename: "scan.bin", mimeType: "application/octet-stream", content: scan },
      ],
    });
    const r = await textSources(await parsed(raw));
    expect(r.sources.map((s) => [s.kind, s.filename])).toEqual([
      ["pdf", "folio.pdf"],
      ["html", null],
      ["text", null],
    ]);
    expect(r.sources[0]!.text).toContain("HX48213");
    expect(r.sources[1]!.text).toBe("HTML body: folio attached.");
    expect(r.imageOnly).toEqual([{ filename: "scan.bin", pages: 1 }]);
    expect(r.unreadable).toEqual([]);
  });

  it("reads the shared messages: the broken PDF is reported, the torture test's HTML file is a source", async () => {
    const pdfMail = await textSources(await parsed(fixtureBytes("mikel-mail-attachment_pdf.eml")));
    expect(pdfMail.unreadable.map((u) => u.filename)).toEqual(["broken.pdf"]);
    expect(pdfMail.sources.map((s) => s.kind)).toEqual(["text"]);
    expect(pdfMail.sources[0]!.text).toMatch(/^Just attaching another PDF/);
    const torture = await textSources(await parsed(fixtureBytes("postal-mime-mimetorture.eml")));
    expect(torture.sources.some((s) => s.kind === "html" && s.filename === "htmlfile.html")).toBe(true);
    expect(torture.sources.at(-1)).toMatchObject({ kind: "text", filename: null });
  });
});
