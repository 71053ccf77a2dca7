// The hostile-input drill: seeded data, a snapshot, then N hostile HTTP requests over every route,
// hostile mail and broken media-stream messages; then the same snapshot again. It reports every 5xx,
// every crash in the logs, every command that was accepted, and any data that changed.
import { env } from "cloudflare:workers";
import { recordStub } from "../../../src/objects/folio-record/client";
import { installFakes, prepareCall } from "../../call/helpers";
import { api, eventually, keyFor, sleep } from "../../helpers";
import { captureConsole } from "../console-capture";
import { recordWithFiles } from "../files";
import { snapshotData, snapshotDiff, type DataSnapshot } from "../snapshot";
import { deliverHostile, hostileMails } from "./email";
import { hostileRequest, mountedRoutes, oversizeRequest, prng, send, takesNoBody, type HostileRequest, type Target } from "./http";
import { brokenMessage, openStream } from "./websocket";

export interface HostileOptions {
  seed: number;
  requests: number;
  /** Mail of 25 MiB and over, several times (slow); the small set always runs. */
  bigMail: boolean;
  streams: number;
  messagesPerStream: number;
  concurrency?: number;
}

export interface HostileReport {
  requests: number;
  routes: number;
  per_route_min: number;
  by_status: Record<string, number>;
  server_errors: { route: string; defect: string; status: number; body: string }[];
  accepted_commands: { route: string; defect: string; status: number; path: string }[];
  non_json_errors: { route: string; status: number }[];
  emails: { sent: number; rejected: number; threw: string[]; statuses: Record<string, number> };
  websocket: { streams: number; messages: number; abnormal_closes: number[] };
  crashes: string[];
  data_changed: string[];
  ms: number;
}

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

async function seed(): Promise<{ target: Target; recordIds: string[]; restore: () => Promise<void> }> {
  const keys = { viewer: await keyFor("viewer"), operator: await keyFor("operator"), admin: await keyFor("admin") };
  const files = await recordWithFiles("hostile");
  const plain = await api("POST", "/api/records", {
    json: { records: [{ guest_name: "Hostile Plain", confirmation_number: "HP1", check_in: "2027-06-01", check_out: "2027-06-03", hotel: { name: "Hostile Inn", phone: "+14155550188" } }] },
  });
  const plainId = plain.json.records[0].id as string;
  await api("PUT", "/api/hotels/+14155550188", { json: { name: "Hostile Inn" } });
  const job = await api("POST", "/api/records/import", { body: "guest_name,confirmation_number,check_in,check_out,hotel_name,hotel_phone\n", headers: { "content-type": "text/csv" } });
  const keyList = await api("GET", "/api/keys");
  const fakes = await installFakes({ transcript: "Yes, we will email it." });
  const { callId } = await prepareCall({ params: { question: "Could you email the folio?" } });
  // The seeded records' hotels reach D1 through the scheduling queue: wait for them, or the snapshot
  // would see them arrive.
  for (const phone of ["+14155550142", "+14155550177", "+14155550188"]) {
    await eventually(async () => ((await api("GET", `/api/hotels/${encodeURIComponent(phone)}`)).status === 200 ? true : undefined), 20_000);
  }
  const inbox = await env.DB.prepare("SELECT id FROM inbox LIMIT 3").all<{ id: string }>();
  // A contact on the do-not-call list and a routed number: the texts' and the ledger's routes find them.
  await api("PUT", `/api/contacts/${encodeURIComponent("+14155550166")}/dnd`, { json: { reason: "hostile seed" } });
  const known: Record<string, string[]> = {
    id: [files.id, plainId, job.json.job_id, ...inbox.results.map((r) => r.id), ...keyList.json.keys.map((k: { id: string }) => k.id)],
    phone: ["+14155550188", "%2B14155550177"],
    callId: [callId, files.callId],
    e164: ["%2B14155550166", "+14155550188"],
    messageId: ["msg_00000000000000000000000000000000"],
  };
  return { target: { known, keys }, recordIds: [files.id, plainId], restore: fakes.restore };
}

/** Snapshots until two in a row agree: background work from the seeding (queues, alarms) has settled. */
async function settled(recordIds: string[], skipTables: string[] = []): Promise<DataSnapshot> {
  let last = await snapshotData(recordIds, { skipTables });
  for (let i = 0; i < 40; i++) {
    await sleep(250);
    const next = await snapshotData(recordIds, { skipTables });
    if (snapshotDiff(last, next).length === 0) return next;
    last = next;
  }
  return last;
}

function isErrorShape(text: string): boolean {
  try {
    const j = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof j.error?.code === "string" && typeof j.error?.message === "string";
  } catch {
    return false;
  }
}

export async function runHostile(opts: HostileOptions): Promise<HostileReport> {
  const started = Date.now();
  const { target, recordIds, restore } = await seed();
  const routes = await mountedRoutes();
  const before = await settled(recordIds);
  const capture = captureConsole();
  const r = prng(opts.seed);
  const report: HostileReport = {
    requests: 0,
    routes: routes.length,
    per_route_min: 0,
    by_status: {},
    server_errors: [],
    accepted_commands: [],
    non_json_errors: [],
    emails: { sent: 0, rejected: 0, threw: [], statuses: {} },
    websocket: { streams: 0, messages: 0, abnormal_closes: [] },
    crashes: [],
    data_changed: [],
    ms: 0,
  };
  const perRoute = new Map<string, number>();
  try {
    // HTTP: every route in turn, in a shuffled order each round, a few at a time.
    const jsonPosts = routes.filter((x) => x.method === "POST" && x.path.startsWith("/api/") && !x.path.includes("import") && !takesNoBody(x));
    const queue: Promise<HostileRequest>[] = [];
    for (let i = 0; i < opts.requests; i++) {
      const route = routes[(i + Math.floor(r() * routes.length)) % routes.length]!;
      if (i % 1000 === 999 && jsonPosts.length) {
        const big = jsonPosts[Math.floor(r() * jsonPosts.length)]!;
        queue.push(Promise.resolve(oversizeRequest(big, target, big.path.replace(/:[A-Za-z_]+/g, "rec_doesnotexistdoesnotexist"))));
      } else queue.push(hostileRequest(r, route, target));
    }
    const concurrency = opts.concurrency ?? 8;
    for (let i = 0; i < queue.length; i += concurrency) {
      const batch = await Promise.all(queue.slice(i, i + concurrency));
      await Promise.all(
        batch.map(async (req) => {
          let status: number;
          let text = "";
          try {
            const res = await send(req);
            status = res.status;
            text = res.status === 101 ? "" : await res.text();
            res.webSocket?.accept();
            res.webSocket?.close(1000, "hostile");
          } catch (err) {
            status = 599;
            text = err instanceof Error ? err.message : String(err);
          }
          report.requests++;
          perRoute.set(req.route, (perRoute.get(req.route) ?? 0) + 1);
          report.by_status[status] = (report.by_status[status] ?? 0) + 1;
          if (status >= 500) report.server_errors.push({ route: req.route, defect: req.defect, status, body: text.slice(0, 300) });
          else if (status < 300 && MUTATING.has(req.method)) report.accepted_commands.push({ route: req.route, defect: req.defect, status, path: req.path.slice(0, 200) });
          if (status >= 400 && status < 500 && req.path.startsWith("/api/") && !isErrorShape(text)) report.non_json_errors.push({ route: req.route, status });
        }),
      );
    }
    report.per_route_min = Math.min(...routes.map((x) => perRoute.get(`${x.method} ${x.path}`) ?? 0));
    await sleep(500);
    report.data_changed.push(...snapshotDiff(before, await settled(recordIds)));

    // Mail: refused, or kept for triage as failed or unmatched; never a record's business.
    const mailBefore = await settled(recordIds, ["inbox"]);
    for (const mail of hostileMails(opts.seed, { big: opts.bigMail })) {
      const out = await deliverHostile(mail);
      report.emails.sent++;
      report.requests++;
      if (out.rejected) report.emails.rejected++;
      if (out.threw) report.emails.threw.push(`${mail.name}: ${out.threw}`);
    }
    const { results } = await env.DB.prepare("SELECT status, COUNT(*) AS n FROM inbox GROUP BY status").all<{ status: string; n: number }>();
    for (const row of results) report.emails.statuses[row.status] = row.n;
    // Stored mail (R2, inbox rows) is expected; the records, their projections and the rest are not.
    const mailAfter = await settled(recordIds, ["inbox"]);
    report.data_changed.push(...snapshotDiff({ ...mailBefore, blobs: 0 }, { ...mailAfter, blobs: 0 }).map((d) => `after hostile mail: ${d}`));

    // Media streams: broken frames on live, signed streams to prepared calls.
    for (let s = 0; s < opts.streams; s++) {
      const { callId, recordIds: callRecords } = await prepareCall({ params: { question: "Could you email the folio?" } });
      const ws = await openStream(callId);
      const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
      const sids = { streamSid: `MZ${crypto.randomUUID().replaceAll("-", "")}`, callSid: `CA${crypto.randomUUID().replaceAll("-", "")}`, callId };
      for (let m = 0; m < opts.messagesPerStream; m++) {
        try {
          ws.send(brokenMessage(r, sids));
        } catch {
          break; // the session closed the socket: allowed, as long as it closed cleanly
        }
        report.websocket.messages++;
        report.requests++;
        if (m % 50 === 49) await sleep(5);
      }
      try {
        ws.close(1000, "done");
      } catch {
        /* already closed */
      }
      const code = await Promise.race([closed, sleep(5000).then(() => -1)]);
      if (code === 1011 || code === 1006) report.websocket.abnormal_closes.push(code);
      report.websocket.streams++;
      // A stream of junk is not a conversation: the records hold no outcome from it.
      for (const id of callRecords) {
        const types = (await recordStub(env, id).getEvents()).map((e) => e.event_type);
        const acted = types.filter((t) => ["FolioAgreed", "FolioRefused", "CallbackRequested", "CallbackScheduled", "VoicemailLeft"].includes(t));
        if (acted.length) report.data_changed.push(`record ${id} acted on junk media: ${acted.join(",")}`);
      }
    }
  } finally {
    capture.restore();
    await restore();
  }
  report.crashes = capture.lines.filter((l) => /unhandled|uncaught|internal error/i.test(l)).map((l) => l.slice(0, 300));
  report.ms = Date.now() - started;
  return report;
}

/** The counts the drill fails on. */
export function hostileViolations(r: HostileReport): Record<string, number> {
  return {
    server_errors: r.server_errors.length,
    crashes: r.crashes.length + r.emails.threw.length + r.websocket.abnormal_closes.length,
    data_changed: r.data_changed.length,
    accepted_commands: r.accepted_commands.length,
    non_json_errors: r.non_json_errors.length,
  };
}
