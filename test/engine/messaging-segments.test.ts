// SMS segments as carriers count them: GSM-7 (the extension table counts twice) or UCS-2 (UTF-16 units),
// 160/153 and 70/67 a segment, and the 1,600-character limit refused before anything is sent.
import { describe, expect, it } from "vitest";
import { checkSmsBody, MAX_BODY_CHARACTERS, smsSegments } from "../../src/engine/messaging/segments";

describe("smsSegments", () => {
  it("counts a plain message in GSM-7, one segment up to 160 characters, 153 a segment after", () => {
    expect(smsSegments("Job T-17 at 4 Elm St: reply YES to accept")).toMatchObject({ encoding: "GSM-7", segments: 1 });
    expect(smsSegments("a".repeat(160))).toMatchObject({ encoding: "GSM-7", units: 160, segments: 1 });
    expect(smsSegments("a".repeat(161)).segments).toBe(2);
    expect(smsSegments("a".repeat(306)).segments).toBe(2);
    expect(smsSegments("a".repeat(307)).segments).toBe(3);
    expect(smsSegments("").segments).toBe(0);
  });

  it("keeps accented letters of the GSM alphabet in GSM-7, and counts the extension table twice", () => {
    expect(smsSegments("Café Ñoño, Ørsted, £5, ¿qué?")).toMatchObject({ encoding: "GSM-7" });
    expect(smsSegments("Price: 12€ [approx] {ok}")).toMatchObject({ encoding: "GSM-7", characters: 24, units: 29 });
    expect(smsSegments("€".repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments("€".repeat(81)).segments).toBe(2);
    // An escape pair is never split: after 152 septets a € starts the next segment, so 306 septets take 3.
    expect(smsSegments("a".repeat(152) + "€" + "a".repeat(152))).toMatchObject({ units: 306, segments: 3 });
    expect(smsSegments("a".repeat(306)).segments).toBe(2);
  });

  it("switches to UCS-2 for any character outside the alphabet, counting UTF-16 units", () => {
    expect(smsSegments("Your visit is confirmed ✓")).toMatchObject({ encoding: "UCS-2", units: 25, segments: 1 });
    expect(smsSegments("Ваш визит подтверждён")).toMatchObject({ encoding: "UCS-2", segments: 1 });
    expect(smsSegments("x".repeat(69) + "✓").segments).toBe(1);
    expect(smsSegments("x".repeat(70) + "✓").segments).toBe(2);
    // An emoji is two units, one character, and is never split between segments.
    expect(smsSegments("👍")).toMatchObject({ characters: 1, units: 2 });
    expect(smsSegments("👍".repeat(35))).toMatchObject({ units: 70, segments: 1 });
    expect(smsSegments("👍".repeat(36)).segments).toBe(2);
    expect(smsSegments("a".repeat(66) + "👍" + "a".repeat(66))).toMatchObject({ units: 134, segments: 3 });
  });
});

describe("checkSmsBody", () => {
  it("refuses an empty body and one over Twilio's limit, naming the limit", () => {
    expect(checkSmsBody("  \n ")).toEqual({ ok: false, message: "the message is empty" });
    const long = checkSmsBody("a".repeat(MAX_BODY_CHARACTERS + 1));
    expect(long.ok).toBe(false);
    expect(!long.ok && long.message).toContain("1600");
    expect(checkSmsBody("a".repeat(MAX_BODY_CHARACTERS))).toMatchObject({ ok: true, segments: { segments: 11 } });
    // The limit is in characters: 1,600 emoji are 3,200 units and still one body.
    expect(checkSmsBody("👍".repeat(MAX_BODY_CHARACTERS)).ok).toBe(true);
  });
});
