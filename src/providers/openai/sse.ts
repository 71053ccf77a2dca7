// A small Server-Sent Events parser (the WHATWG event-stream rules), enough for OpenAI's streams:
// `data:` lines joined with "\n", `event:` and `id:` fields, comments (":") ignored, an event dispatched on
// a blank line. Lines may end in \n, \r\n or \r, and any of them may be split across network chunks.
// An event still open when the stream ends is dropped, as the spec says: it may be truncated.

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export async function* parseSse(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = "";
  let data: string[] = [];
  let event = "";
  let id: string | undefined;

  const line = (text: string): SseEvent | null => {
    if (text === "") {
      const out = data.length > 0 ? { event: event || "message", data: data.join("\n"), ...(id !== undefined ? { id } : {}) } : null;
      data = [];
      event = "";
      return out;
    }
    if (text.startsWith(":")) return null;
    const colon = text.indexOf(":");
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? "" : text.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
    else if (field === "event") event = value;
    else if (field === "id" && !value.includes("\0")) id = value;
    return null;
  };

  for await (const chunk of chunks) {
    buffer += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let i = 0; i < buffer.length; i++) {
      const c = buffer.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      // A \r at the end of the buffer may be the first half of \r\n: wait for the next chunk.
      if (c === 13 && i === buffer.length - 1) break;
      const out = line(buffer.slice(start, i));
      if (c === 13 && buffer.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
      if (out) yield out;
    }
    buffer = buffer.slice(start);
  }
  buffer += decoder.decode();
  // A final lone \r still ends its line; anything else unterminated is an incomplete event.
  if (buffer.endsWith("\r")) {
    const out = line(buffer.slice(0, -1));
    if (out) yield out;
  }
}
