// Records that hold files, for the signed-link tests and the role matrix: a folio attachment that
// arrived through the real inbound mail path, and a call recording in R2 named by a CallEnded.
import { env } from "cloudflare:workers";
import worker from "../../src/worker";
import { toMime } from "../../src/email/outbound/mime";
import { recordStub } from "../../src/objects/folio-record/client";
import { call } from "../helpers";
import { pdfFolio } from "../email/helpers";

let n = 0;

export async function recordWithFiles(tag: string): Promise<{ id: string; callId: string; wav: Uint8Array; guest: string }> {
  n++;
  const guest = `Files Guest ${tag} ${n}`;
  const created = await call("POST", "/api/records", {
    json: {
      records: [
        {
          guest_name: guest,
          confirmation_number: `FL${tag.toUpperCase()}${n}`,
          check_in: "2026-10-01",
          check_out: "2026-10-03",
          hotel: { name: "Files Hotel", phone: "+14155550177", email: "desk@files-hotel.example" },
        },
      ],
    },
  });
  if (created.status !== 201) throw new Error(`record creation failed: ${created.status} ${created.text}`);
  const { id, reply_to } = created.json.records[0] as { id: string; reply_to: string };

  // A call with a recording: CallInitiated, then CallEnded naming the WAV in R2.
  const callId = `call_files_${tag}_${n}`;
  const wav = new Uint8Array(4096).map((_, i) => (i * 7 + n) & 0xff);
  const key = `recordings/${callId}.wav`;
  await env.BLOBS.put(key, wav, { httpMetadata: { contentType: "audio/wav" } });
  const stub = recordStub(env, id);
  const s = await stub.getState();
  await stub.append(
    [
      { event_type: "CallInitiated", data: { call_id: callId, to: "+14155550177" } },
      { event_type: "CallEnded", data: { call_id: callId, outcome: "no_answer", recording_key: key } },
    ],
    s!.sequence,
    { actor: "test" },
  );

  // A folio attachment through the Email Worker handler.
  const lines = ["Files Hotel - Guest Folio", "Folio No: F-777", `Guest Name: ${guest}`, "Arrival: 01/10/2026    Departure: 03/10/2026", "01/10/2026    Room Charge    100.00", "Total    100.00"];
  const raw = toMime({
    messageId: `<${crypto.randomUUID()}@files-hotel.example>`,
    from: "desk@files-hotel.example",
    to: reply_to,
    subject: "Folio",
    text: "Attached.",
    headers: {},
    attachments: [{ filename: "folio.pdf", mimeType: "application/pdf", content: await pdfFolio([lines]) }],
  });
  const bytes = new TextEncoder().encode(raw);
  const message = { from: "desk@files-hotel.example", to: reply_to, raw: new Blob([bytes]).stream(), rawSize: bytes.byteLength, headers: new Headers(), setReject: () => {} };
  await worker.email(message as unknown as ForwardableEmailMessage, env);
  const state = await stub.getState();
  if (typeof state?.folio?.source !== "string") throw new Error("the folio attachment did not reach the record");
  return { id, callId, wav, guest };
}
