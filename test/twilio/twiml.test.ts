import { describe, expect, it } from "vitest";
import { connectStream, escapeXmlAttribute, escapeXmlText, hangup, pause, playDigits, say, twimlResponse, type TwimlVerb } from "../../src/providers/twilio/twiml";

describe("TwiML builder", () => {
  it("builds <Connect><Stream> with values in <Parameter>s, not the query string", () => {
    const xml = twimlResponse(connectStream({ url: "wss://folio.example.com/twilio/media", parameters: { call_id: "c_123", record_id: "r_9" } }));
    expect(xml).toBe(
      '<Response><Connect><Stream url="wss://folio.example.com/twilio/media">' +
        '<Parameter name="call_id" value="c_123"/><Parameter name="record_id" value="r_9"/>' +
        "</Stream></Connect></Response>",
    );
  });

  it("escapes quotes, ampersands and angle brackets in parameter names and values", () => {
    const xml = twimlResponse(connectStream({ url: "wss://h/twilio/media", parameters: [["a&b", `"quoted" & 'single' <tag> >`]] }));
    expect(xml).toBe(
      '<Response><Connect><Stream url="wss://h/twilio/media">' + '<Parameter name="a&amp;b" value="&quot;quoted&quot; &amp; &apos;single&apos; &lt;tag&gt; &gt;"/>' + "</Stream></Connect></Response>",
    );
  });

  it("cannot be broken out of by an attribute value", () => {
    const hostile = `x"/></Stream></Connect><Hangup/><Connect><Stream url="wss://evil`;
    const xml = twimlResponse(connectStream({ url: "wss://h/m", parameters: { call_id: hostile } }));
    expect(xml.match(/<Stream /g)).toHaveLength(1);
    expect(xml).not.toContain("<Hangup/>");
    expect(xml).toContain("&quot;/&gt;&lt;/Stream&gt;");
  });

  it("keeps whitespace in attributes as character references and replaces characters XML cannot hold", () => {
    expect(escapeXmlAttribute("a\tb\nc\rd")).toBe("a&#9;b&#10;c&#13;d");
    expect(escapeXmlText("a\u0000b\u001Fc\uFFFEd\uD800e")).toBe("a\uFFFDb\uFFFDc\uFFFDd\uFFFDe");
    expect(escapeXmlText("emoji 😀 stays")).toBe("emoji 😀 stays");
    expect(escapeXmlText(`<&>"'`)).toBe(`&lt;&amp;&gt;"'`);
  });

  it("orders verbs: DTMF, pause, then a fresh stream", () => {
    const xml = twimlResponse(playDigits("1w2#*"), pause(2), connectStream({ url: "wss://h/twilio/media", parameters: { call_id: "c" } }));
    expect(xml).toBe('<Response><Play digits="1w2#*"/><Pause length="2"/>' + '<Connect><Stream url="wss://h/twilio/media"><Parameter name="call_id" value="c"/></Stream></Connect></Response>');
  });

  it("renders <Say> with escaped text, <Pause> without a length, and <Hangup/>", () => {
    expect(twimlResponse(say("Rooms & rates <today>", { voice: "Polly.Joanna", language: "en-US" }), pause(), hangup())).toBe(
      '<Response><Say voice="Polly.Joanna" language="en-US">Rooms &amp; rates &lt;today&gt;</Say><Pause/><Hangup/></Response>',
    );
    expect(twimlResponse()).toBe("<Response></Response>");
  });

  it("passes stream name and status callback through escaped", () => {
    const verb = connectStream({ url: "ws://localhost:8787/twilio/media", name: "a<b", statusCallback: "https://h/twilio/status?x=1&y=2", statusCallbackMethod: "POST" });
    expect(verb.xml).toBe('<Connect><Stream url="ws://localhost:8787/twilio/media" name="a&lt;b" statusCallback="https://h/twilio/status?x=1&amp;y=2" statusCallbackMethod="POST"/></Connect>');
  });

  it.each([
    ["a query string on the stream URL", () => connectStream({ url: "wss://h/twilio/media?call_id=1" })],
    ["a fragment on the stream URL", () => connectStream({ url: "wss://h/twilio/media#x" })],
    ["an https stream URL", () => connectStream({ url: "https://h/twilio/media" })],
    ["a relative stream URL", () => connectStream({ url: "/twilio/media" })],
    ["an empty parameter name", () => connectStream({ url: "wss://h/m", parameters: { "": "x" } })],
    ["letters in DTMF digits", () => playDigits("12a")],
    ["empty DTMF digits", () => playDigits("")],
    ["a fractional pause", () => pause(1.5)],
    ["a zero pause", () => pause(0)],
    ["empty <Say>", () => say("")],
    ["a raw string posing as a verb", () => twimlResponse("<Hangup/>" as unknown as TwimlVerb)],
    ["a look-alike object", () => twimlResponse({ xml: "<Hangup/>" } as unknown as TwimlVerb)],
  ])("rejects %s", (_, build) => {
    expect(build).toThrow(TypeError);
  });
});
