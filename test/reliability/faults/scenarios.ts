// Fault scenarios, each run on its own records so the ledger can say exactly what each was meant to
// leave behind. They run one after another: aborting every Durable Object is a global act.
import { env } from "cloudflare:workers";
import { abortAllDurableObjects, runDurableObjectAlarm } from "cloudflare:test";
import worker from "../../../src/worker";
import type { EmailOutMessage } from "../../../src/domain/record-reactions";
import { recordRequest } from "../../../src/domain/record-input";
import { createRecord, recordIdFor, recordStub, stableUuid } from "../../../src/objects/folio-record/client";
import { hotelStub } from "../../../src/objects/hotel-line";
import { piiCipher } from "../../../src/platform/pii-cipher";
import { synthesizeSpeech } from "../../fakes/speech-synth";
import { twilioWebhook } from "../../fakes/twilio-webhooks";
import { agentNodes, installFakes, prepareCall, untilCall, type Fakes } from "../../call/helpers";
import { api, eventually, sleep } from "../../helpers";

/** A fake MessageBatch, as the platform hands one to worker.queue(). */
export function batchOf<T>(queue: string, bodies: T[]): { batch: MessageBatch<T>; acked: () => number; retried: () => number } {
  let acked = 0;
  let retried = 0;
  const batch = {
    queue,
    messages: bodies.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body, ack: () => void acked++, retry: () => void retried++ })),
    ackAll: () => {},
    retryAll: () => void (retried += bodies.length),
  } as unknown as MessageBatch<T>;
  return { batch, acked: () => acked, retried: () => retried };
}

let n = 0;
export async function newRecords(count: number, tag: string, hotelPhone = "+14155550199"): Promise<string[]> {
  const r = await api("POST", "/api/records", {
    json: {
      records: Array.from({ length: count }, () => {
        n++;
        return {
          external_id: `fault-${tag}-${n}-${crypto.randomUUID().slice(0, 8)}`,
          guest_name: `Fault Guest ${n}`,
          confirmation_number: `FG${n}`,
          // Far in the future: no hotel line calls these records while the drill runs.
          check_in: "2027-06-01",
          check_out: "2027-06-03",
          hotel: { name: "Fault Hotel", phone: hotelPhone, email: "desk@fault-hotel.example" },
        };
      }),
    },
  });
  if (r.status !== 201) throw new Error(`records: ${r.status} ${r.text}`);
  return r.json.records.map((x: { id: string }) => x.id);
}

// ---- every queue message three times ----

/** Email requests whose queue messages arrive three times at once (and once more by the real queue). */
export async function emailTriple(count: number): Promise<{ ids: string[]; sends: Record<string, number>; acked: number; retried: number }> {
  const ids = await newRecords(count, "email");
  for (const id of ids) {
    const stub = recordStub(env, id);
    const s = await stub.getState();
    await stub.append([{ event_type: "EmailRequested", data: { to: "desk@fault-hotel.example" } }], s!.sequence, { actor: "drill" });
  }
  const bodies: EmailOutMessage[] = ids.map((record_id) => ({ type: "email_request", record_id }));
  const runs = [1, 2, 3].map(() => batchOf("folio-email-out", bodies));
  await Promise.all(runs.map((r) => worker.queue(r.batch as MessageBatch<unknown>, env)));
  // The real queue's own delivery lands too; wait for every record's one EmailSent.
  for (const id of ids) await eventually(async () => ((await recordStub(env, id).getEvents()).some((e) => e.event_type === "EmailSent") ? true : undefined), 20_000);
  await sleep(300);
  const sends: Record<string, number> = {};
  for (const id of ids) {
    const row = await env.DB.prepare("SELECT COUNT(*) AS c FROM email_outbox WHERE record_ids LIKE ?1").bind(`%${id}%`).first<{ c: number }>();
    sends[id] = row!.c;
  }
  return { ids, sends, acked: runs.reduce((a, r) => a + r.acked(), 0), retried: runs.reduce((a, r) => a + r.retried(), 0) };
}

/** RecordCreated's scheduling messages three times at once: the hotel line admits each record once
 *  and places no call (the stays end in the future). */
export async function schedulingTriple(count: number): Promise<{ ids: string[]; members: number; duplicateMembers: number; calls: number }> {
  const phone = "+14155550198";
  const ids = await newRecords(count, "sched", phone);
  const states = await Promise.all(ids.map((id) => recordStub(env, id).getState()));
  const bodies = states.map((s) => ({ type: "record_created" as const, record_id: s!.id, hotel: s!.input.hotel, check_out: s!.input.check_out }));
  await Promise.all([1, 2, 3].map(() => worker.queue(batchOf("folio-scheduling", bodies).batch as MessageBatch<unknown>, env)));
  const line = hotelStub(env, phone);
  const members = (await line.members()).filter((m) => ids.includes(m));
  return { ids, members: new Set(members).size, duplicateMembers: members.length - new Set(members).size, calls: (await line.calls(200)).length };
}

/**
 * A hotel line that really places a call (a simulated hotel that agrees, its clock a minute before
 * its window, running 60× fast): the records' scheduling messages arrive three times at once, the
 * line's alarm runs beside them, every object is aborted while it places, and all of it again after.
 * Exactly one call may be placed, each record initiated once.
 */
export async function placedCallTriple(records: number, phone: string): Promise<{ ids: string[]; calls: number; initiated: Record<string, number> }> {
  const clock = { origin_real_ms: Date.now(), origin_sim_ms: Date.parse("2026-06-09T13:59:00Z"), scale: 60 };
  const tag = { campaign_id: `cmp_drill_${phone.slice(-4)}_${Date.now()}`, persona: "agrees", clock };
  await hotelStub(env, phone).admit({ phone, name: "Drill Line Hotel", email: "desk@drill-line.example", timezone: "America/New_York" }, [], tag);
  const ids: string[] = [];
  for (let i = 0; i < records; i++) {
    const id = await recordIdFor(`${tag.campaign_id}:${i}`);
    const input = recordRequest("US").parse({
      guest_name: `Line Guest ${i}`,
      confirmation_number: `LG${i}`,
      check_in: "2026-06-05",
      check_out: "2026-06-08",
      hotel: { name: "Drill Line Hotel", phone, email: "desk@drill-line.example", timezone: "America/New_York" },
    });
    await createRecord(env, input, { recordId: id, actor: "drill", inboundDomain: "folio.test", simulation: tag });
    ids.push(id);
  }
  const states = await Promise.all(ids.map((id) => recordStub(env, id).getState()));
  const bodies = states.map((st) => ({ type: "record_created" as const, record_id: st!.id, hotel: st!.input.hotel, check_out: st!.input.check_out, simulation: st!.simulation }));
  const line = () => env.HOTEL_LINE.get(env.HOTEL_LINE.idFromName(phone));
  const storm = async () => {
    await Promise.all([
      ...[1, 2, 3].map(() => worker.queue(batchOf("folio-scheduling", bodies).batch as MessageBatch<unknown>, env)),
      runDurableObjectAlarm(line()).catch(() => false),
      runDurableObjectAlarm(line()).catch(() => false),
    ]);
  };
  await storm();
  // The window opens a simulated minute (one real second) later: abort everything while it places.
  await sleep(1200);
  const placing = runDurableObjectAlarm(line()).catch(() => false);
  await sleep(30);
  await abortAllDurableObjects();
  await placing;
  await storm();
  await eventually(async () => ((await hotelStub(env, phone).calls()).length > 0 ? true : undefined), 30_000);
  await storm();
  await sleep(500);
  await storm();
  const initiated: Record<string, number> = {};
  for (const id of ids) initiated[id] = new Set((await recordStub(env, id).getEvents()).filter((e) => e.event_type === "CallInitiated").map((e) => (e.data as { call_id: string }).call_id)).size;
  return { ids, calls: (await hotelStub(env, phone).calls()).length, initiated };
}

/**
 * A CSV import whose chunk message (rebuilt here exactly as the route sends it) arrives three more
 * times at once: each line becomes one record, and the job counts each line once.
 */
export async function importTriple(rows: number): Promise<{ ids: string[]; job: { total: number; done: number; status: string }; createdTwice: number; missing: number }> {
  const tag = crypto.randomUUID().slice(0, 8);
  const lines = Array.from({ length: rows }, (_, i) => ({
    guest_name: `Import Guest ${tag} ${i}`,
    confirmation_number: `IG${tag}${i}`,
    check_in: "2027-06-01",
    check_out: "2027-06-03",
    hotel: { name: "Import Hotel", phone: "+14155550195" },
  }));
  const csv =
    "guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone\n" +
    lines.map((l) => `${l.guest_name},${l.confirmation_number},${l.check_in},${l.check_out},${l.hotel.name},${l.hotel.phone}`).join("\n") +
    "\n";
  const r = await api("POST", "/api/records/import", { body: csv, headers: { "content-type": "text/csv" } });
  if (r.status !== 202) throw new Error(`import: ${r.status} ${r.text}`);
  const jobId = r.json.job_id as string;
  const sealed = await (await piiCipher(env)).sealJson(lines.map((l, i) => ({ line: i + 2, input: recordRequest("US").parse(l) })));
  const chunk = { type: "import_chunk" as const, job_id: jobId, chunk: 0, actor: "key:bootstrap", rows_sealed: sealed };
  await Promise.all([1, 2, 3].map(() => worker.queue(batchOf("folio-jobs", [chunk]).batch as MessageBatch<unknown>, env)));
  const job = await eventually(async () => {
    const j = (await api("GET", `/api/jobs/${jobId}`)).json as { status: string; total: number; done: number };
    return j.status === "done" ? j : undefined;
  }, 30_000);
  await sleep(300); // the real delivery may still be running: it must change nothing either
  const again = (await api("GET", `/api/jobs/${jobId}`)).json as { status: string; total: number; done: number };
  const ids = await Promise.all(lines.map((_, i) => recordIdFor(`import:${jobId}:${i + 2}`)));
  let createdTwice = 0;
  let missing = 0;
  for (const id of ids) {
    const created = (await recordStub(env, id).getEvents()).filter((e) => e.event_type === "RecordCreated").length;
    if (created === 0) missing++;
    else if (created > 1) createdTwice++;
  }
  return { ids: ids.filter(Boolean), job: { total: again.total, done: Math.max(job.done, again.done), status: again.status }, createdTwice, missing };
}

// ---- Durable Objects aborted mid-append ----

/**
 * Writers append numbered OperatorActions to records, each with a stable event id, and retry whatever
 * failed; meanwhile every Durable Object is aborted `aborts` times. Each intended event must land once.
 */
export async function abortMidAppend(records: number, perRecord: number, aborts: number): Promise<{ ids: string[]; intended: Map<string, string[]>; retries: number; aborted: number }> {
  const ids = await newRecords(records, "append");
  const intended = new Map<string, string[]>();
  let retries = 0;
  let aborted = 0;
  // Appends take well under a millisecond here, so a timer would miss them: the first writer fires
  // the abort itself, right after its append has left and before the answer is back, `aborts` times.
  const step = Math.max(1, Math.floor(perRecord / Math.max(1, aborts)));
  const writers = ids.map(async (id, w) => {
    const want: string[] = [];
    intended.set(id, want);
    for (let k = 1; k <= perRecord; k++) {
      const eventId = await stableUuid(`drill:${id}:${k}`);
      want.push(eventId);
      for (let attempt = 0; ; attempt++) {
        try {
          const stub = recordStub(env, id); // a fresh stub: an aborted object's stub is broken for good
          const s = await stub.getState();
          const pending = stub.append([{ event_id: eventId, event_type: "OperatorAction", data: { action: "drill", actor: "drill", note: `#${k}` } }], s!.sequence, { actor: "drill" });
          if (w === 0 && attempt === 0 && k % step === 0 && aborted < aborts) {
            aborted++;
            void abortAllDurableObjects();
          }
          const r = await pending;
          if (r.ok) break;
          if (r.code !== "conflict") throw new Error(`append refused: ${r.code}`);
        } catch (err) {
          if (attempt > 50) throw err;
        }
        retries++;
        await sleep(5 + attempt * 5);
      }
    }
  });
  await Promise.all(writers);
  await sleep(50);
  return { ids, intended, retries, aborted };
}

// ---- calls: aborted mid-call, and providers failing ----

interface CallRun {
  callId: string;
  recordIds: string[];
  outcome: string | null | undefined;
  hangups: number;
  dials: number;
  streams: number;
}

/**
 * A media call that agrees. `abortAfterQuestion` aborts every object once the question was asked
 * (Twilio then asks the <Connect action> URL and streams again); `faults` makes the providers fail.
 */
export async function agreedCall(opts: { abortAfterQuestion?: boolean; faults?: (f: Fakes) => Promise<void> }): Promise<CallRun> {
  const f = await installFakes({ transcript: "Yes, we will email it." });
  try {
    await opts.faults?.(f);
    const { callId, recordIds } = await prepareCall({ records: 2, params: { greeting: "Hello, this is Folio.", question: "Could you email the folio?" } });
    const callSid = `CA${crypto.randomUUID().replaceAll("-", "")}`;
    let emu = await f.connect({ callId, callSid });
    await untilCall(callId, (x) => agentNodes(x).length >= 2, 30_000, "greeting and question");
    let streams = 1;
    if (opts.abortAfterQuestion) {
      await sleep(600);
      await abortAllDurableObjects();
      await emu.closed;
      const twiml = await twilioWebhook(`/twilio/voice/${callId}`, { CallSid: callSid, AccountSid: f.rest.accountSid, CallStatus: "in-progress" });
      if (twiml.status !== 200) throw new Error(`voice webhook after abort: ${twiml.status}`);
      emu = await f.connect({ callId, callSid });
      streams++;
      await untilCall(callId, (x) => agentNodes(x).length >= 3, 30_000, "the resumed question");
    }
    await emu.say(synthesizeSpeech("Yes we will email it"));
    const s = await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 40_000, "the end of the call");
    const rest = await f.rest.log();
    const hangups = rest.requests.filter((r) => r.form.get("Status") === "completed").length;
    const dials = rest.requests.filter((r) => r.path.endsWith("/Calls.json")).length;
    return { callId, recordIds, outcome: s.state?.outcome, hangups, dials, streams };
  } finally {
    await f.restore();
  }
}

// ---- D1 failing while projecting ----

/** Records written while D1's tables are gone; they must catch up from their alarms once D1 is back. */
export async function d1Outage(records: number, appendsEach: number): Promise<{ ids: string[]; intended: Map<string, string[]>; behindDuringOutage: number }> {
  const intended = new Map<string, string[]>();
  await env.DB.exec("ALTER TABLE events RENAME TO events_offline");
  await env.DB.exec("ALTER TABLE records RENAME TO records_offline");
  let ids: string[] = [];
  try {
    ids = await newRecords(records, "d1");
    for (const id of ids) {
      const want: string[] = [];
      intended.set(id, want);
      for (let k = 1; k <= appendsEach; k++) {
        const eventId = await stableUuid(`d1:${id}:${k}`);
        want.push(eventId);
        const s = await recordStub(env, id).getState();
        const r = await recordStub(env, id).append([{ event_id: eventId, event_type: "OperatorAction", data: { action: "drill", actor: "drill", note: `d1 #${k}` } }], s!.sequence, { actor: "drill" });
        if (!r.ok) throw new Error(`append during outage: ${r.code}`);
      }
    }
    await sleep(200);
  } finally {
    await env.DB.exec("ALTER TABLE events_offline RENAME TO events");
    await env.DB.exec("ALTER TABLE records_offline RENAME TO records");
  }
  const list = ids.map((_, i) => `?${i + 1}`).join(",");
  const row = await env.DB.prepare(`SELECT COUNT(*) AS c FROM records WHERE id IN (${list})`)
    .bind(...ids)
    .first<{ c: number }>();
  return { ids, intended, behindDuringOutage: ids.length - row!.c };
}
