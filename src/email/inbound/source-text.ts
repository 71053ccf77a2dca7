// The text a folio was read from, read again from where the email pipeline kept it: an attachment in
// R2 (PDF, HTML or plain text), or the body of the raw message. Used to learn a hotel's layout from
// an operator's correction, after the fact.
import { BUNDLED_CMAPS } from "./cmaps";
import { parseEmail } from "./parse";
import { htmlToText, looksLikePdf, pdfText, textSources } from "./text";

export async function folioSourceText(env: Env, source: string | null, rawKey: string | null): Promise<string | null> {
  if (source?.startsWith("attachments/")) {
    const object = await env.BLOBS.get(source);
    if (!object) return null;
    const bytes = new Uint8Array(await object.arrayBuffer());
    if (looksLikePdf(bytes)) {
      const r = await pdfText(bytes, BUNDLED_CMAPS);
      return r.kind === "text" ? r.text : null;
    }
    const text = new TextDecoder("utf-8").decode(bytes);
    const type = object.httpMetadata?.contentType ?? "";
    return type.includes("html") || /\.html?$/i.test(source) ? htmlToText(text) : text.trim();
  }
  if (source === "body" && rawKey) {
    const raw = await env.BLOBS.get(rawKey);
    if (!raw) return null;
    const parsed = await parseEmail(new Uint8Array(await raw.arrayBuffer()));
    if (!parsed.ok) return null;
    return (await textSources(parsed.email)).sources.find((s) => s.filename === null)?.text ?? null;
  }
  return null;
}
