// Hostile mail through the Email Worker handler: 25 MiB and over (declared honestly, and lied about),
// deeply nested MIME, broken boundaries and encodings, header bombs, binary junk. The handler must
// neither throw nor touch a record; such mail is refused, or kept as failed or unmatched for triage.
import { env } from "cloudflare:workers";
import worker from "../../../src/worker";
import { prng } from "../../support/prng";

const MiB = 1024 * 1024;
const enc = new TextEncoder();

export interface HostileMail {
  name: string;
  bytes: () => Uint8Array;
  /** rawSize as the platform would state it; a liar states less than the stream holds. */
  declared?: (actual: number) => number;
}

function header(from: string, extra = ""): string {
  return `From: ${from}\r\nTo: accounts@folio.test\r\nSubject: hostile ${crypto.randomUUID()}\r\nMessage-ID: <${crypto.randomUUID()}@hostile.example>\r\n${extra}`;
}

function nested(depth: number): Uint8Array {
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    open += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
    close = `\r\n--b${i}--\r\n` + close;
  }
  return enc.encode(header("nest@hostile.example") + open + "Content-Type: text/plain\r\n\r\ndeep inside" + close);
}

function padded(size: number): Uint8Array {
  const head = enc.encode(header("big@hostile.example", "Content-Type: text/plain\r\n") + "\r\n");
  const out = new Uint8Array(size).fill(0x61);
  out.set(head);
  for (let i = head.length + 76; i < size; i += 78) {
    out[i] = 0x0d;
    if (i + 1 < size) out[i + 1] = 0x0a;
  }
  return out;
}

export function hostileMails(seed: number, opts: { big: boolean }): HostileMail[] {
  const r = prng(seed);
  const junk = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
  const mails: HostileMail[] = [
    { name: "empty", bytes: () => new Uint8Array() },
    { name: "binary junk", bytes: () => junk(4096) },
    { name: "headers only, no blank line", bytes: () => enc.encode(header("a@hostile.example")) },
    { name: "nested MIME x100", bytes: () => nested(100) },
    { name: "nested MIME x1000", bytes: () => nested(1000) },
    { name: "nested MIME x5000", bytes: () => nested(5000) },
    {
      name: "broken boundary",
      bytes: () => enc.encode(header("b@hostile.example", 'Content-Type: multipart/mixed; boundary="x"\r\n') + "\r\n--y\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x"),
    },
    {
      name: "invalid base64 PDF",
      bytes: () =>
        enc.encode(
          header("c@hostile.example", 'Content-Type: multipart/mixed; boundary="x"\r\n') +
            '\r\n--x\r\nContent-Type: application/pdf; name="f.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n%%%not base64!!!\r\n--x--\r\n',
        ),
    },
    {
      name: "PDF that is not a PDF",
      bytes: () =>
        enc.encode(
          header("d@hostile.example", 'Content-Type: multipart/mixed; boundary="x"\r\n') +
            `\r\n--x\r\nContent-Type: application/pdf; name="f.pdf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${btoa("%PDF-1.7\n" + "garbage ".repeat(500))}\r\n--x--\r\n`,
        ),
    },
    { name: "10,000 headers", bytes: () => enc.encode(header("e@hostile.example", Array.from({ length: 10_000 }, (_, i) => `X-H${i}: ${i}\r\n`).join("")) + "\r\nbody") },
    { name: "1 MiB header line", bytes: () => enc.encode(header("f@hostile.example", `Subject: ${"s".repeat(MiB)}\r\n`) + "\r\nbody") },
    {
      name: "bad charset and encoded words",
      bytes: () => enc.encode(header("g@hostile.example", "Content-Type: text/plain; charset=x-nope\r\nContent-Transfer-Encoding: quoted-printable\r\n") + "\r\n=ZZ=0=\r\n=?x-nope?Q?=FF?="),
    },
    { name: "malformed From", bytes: () => enc.encode(`From: <<<>>>@@\r\nTo: folios+AAAAAAAAAAAA@folio.test\r\nMessage-ID: <${crypto.randomUUID()}@x>\r\n\r\nhi`) },
    {
      name: "reply token that maps to nothing",
      bytes: () =>
        enc.encode(
          `From: h@hostile.example\r\nTo: folios+zzzzzzzzzzzz@folio.test\r\nSubject: [Folio REF-ZZZZZZZZ] re\r\nIn-Reply-To: <nope@folio.test>\r\nMessage-ID: <${crypto.randomUUID()}@x>\r\n\r\nFolio attached`,
        ),
    },
  ];
  if (opts.big) {
    mails.push(
      { name: "25 MiB + 1 byte", bytes: () => padded(25 * MiB + 1) },
      { name: "30 MiB", bytes: () => padded(30 * MiB) },
      { name: "26 MiB declared as 1 KiB", bytes: () => padded(26 * MiB), declared: () => 1024 },
    );
  } else {
    mails.push({ name: "26 MiB declared as 1 KiB", bytes: () => padded(26 * MiB), declared: () => 1024 });
  }
  return mails;
}

export interface MailOutcome {
  name: string;
  rejected: string | null;
  threw: string | null;
}

/** Delivers one hostile mail through the real handler (worker.email), as the platform would. */
export async function deliverHostile(mail: HostileMail): Promise<MailOutcome> {
  const bytes = mail.bytes();
  let rejected: string | null = null;
  const message = {
    from: "hostile@hostile.example",
    to: "accounts@folio.test",
    raw: new Blob([bytes]).stream(),
    rawSize: mail.declared ? mail.declared(bytes.byteLength) : bytes.byteLength,
    headers: new Headers(),
    setReject: (reason: string) => void (rejected = reason),
    forward: async () => ({}) as never,
    reply: async () => ({}) as never,
  };
  try {
    await worker.email(message as unknown as ForwardableEmailMessage, env);
    return { name: mail.name, rejected, threw: null };
  } catch (err) {
    return { name: mail.name, rejected, threw: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
  }
}
