import { describe, expect, it } from "vitest";
import { SentenceSplitter, sentenceChunker } from "../../src/providers/voice";

/** Feeds `text` in deltas of `size` characters, like an LLM stream, and returns every sentence. */
function split(text: string, size = 3): string[] {
  const s = new SentenceSplitter();
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...s.push(text.slice(i, i + size)));
  const rest = s.flush();
  if (rest !== null) out.push(rest);
  return out;
}

describe("SentenceSplitter", () => {
  it("keeps abbreviations, decimals and emails inside their sentence", () => {
    const text = "Hello Mr. Smith, Dr. Jones called. Your total is 3.5 dollars. Email a.b@c.com. Thanks!";
    const expected = ["Hello Mr. Smith, Dr. Jones called.", "Your total is 3.5 dollars.", "Email a.b@c.com.", "Thanks!"];
    // Every delta size, so no boundary depends on where the stream happened to split.
    for (let size = 1; size <= text.length; size++) expect(split(text, size), `delta size ${size}`).toEqual(expected);
  });

  it("gives a sentence back as soon as the next one starts", () => {
    const s = new SentenceSplitter();
    expect(s.push("Good evening. How")).toEqual(["Good evening."]);
    expect(s.push(" can I help?")).toEqual([]);
    expect(s.flush()).toBe("How can I help?");
  });

  it("waits on a terminator at the end of a delta, since 3. may become 3.5", () => {
    const s = new SentenceSplitter();
    expect(s.push("It costs 3.")).toEqual([]);
    expect(s.push("5 euros.")).toEqual([]);
    expect(s.push(" Fine.")).toEqual(["It costs 3.5 euros."]);
    expect(s.flush()).toBe("Fine.");
  });

  it("ends on ? ! and ellipses, keeping closing quotes", () => {
    expect(split('He said "stop." Then he left?! Well... maybe. Ok')).toEqual(['He said "stop."', "Then he left?!", "Well...", "maybe.", "Ok"]);
  });

  it("treats list numbers and initials as part of the sentence", () => {
    expect(split("Options:\n1. Pay now.\n2. Pay later.")).toEqual(["Options:", "1. Pay now.", "2. Pay later."]);
    expect(split("J. R. Smith called. He will wait.")).toEqual(["J. R. Smith called.", "He will wait."]);
  });

  it("lets a.m./p.m. end a sentence only before a capital", () => {
    expect(split("See you at 5 p.m. Thanks.")).toEqual(["See you at 5 p.m.", "Thanks."]);
    expect(split("Check-in at 3 p.m. sharp, checkout at 11 a.m. tomorrow.")).toEqual(["Check-in at 3 p.m. sharp, checkout at 11 a.m. tomorrow."]);
  });

  it("returns nothing for whitespace", () => {
    expect(split("   \n  ")).toEqual([]);
  });
});

describe("sentenceChunker", () => {
  it("yields the first sentence before the stream has finished", async () => {
    const log: string[] = [];
    async function* deltas() {
      for (const d of ["Your fo", "lio is ready", ". I will e", "mail it", " now."]) {
        log.push(`delta ${d}`);
        yield d;
      }
    }
    for await (const sentence of sentenceChunker(deltas())) log.push(`sentence ${sentence}`);
    expect(log).toEqual(["delta Your fo", "delta lio is ready", "delta . I will e", "sentence Your folio is ready.", "delta mail it", "delta  now.", "sentence I will email it now."]);
  });
});
