// Escalations: the list, and each operator action as an OperatorAction naming the actor, then the
// events that carry it out.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { recordStub } from "../../src/objects/folio-record/client";
import { call, eventually, keyFor, recordInput } from "../helpers";

async function escalated(hotelEmail: string | null = "desk@esc.example") {
  const hotel = { name: "Esc Inn", phone: "+14155550188", ...(hotelEmail ? { email: hotelEmail } : {}) };
  const r = await call("POST", "/api/records", { json: { records: [recordInput({ hotel })] } });
  const id: string = r.json.records[0].id;
  const stub = recordStub(env, id);
  await stub.append([{ event_type: "EscalationTriggered", data: { reason: "refused", details: "authorization form needed" } }], 1, { actor: "test" });
  return { id, stub };
}

const types = async (stub: ReturnType<typeof recordStub>) => (await stub.getEvents()).map((e) => e.event_type);

describe("escalations", () => {
  it("lists escalated records with their reason", async () => {
    const { id } = await escalated();
    const list = await eventually(async () => {
      const r = await call("GET", "/api/escalations");
      return r.json.escalations.find((e: { id: string }) => e.id === id);
    });
    expect(list).toMatchObject({ status: "escalated", escalation_reason: "refused" });
    expect((await call("GET", "/api/escalations?limit=0")).status).toBe(400);
  });

  it("retry_call: names the actor, leaves escalation and queues the record for its hotel", async () => {
    const operator = await keyFor("operator");
    const { id, stub } = await escalated();
    const r = await call("POST", `/api/escalations/${id}/actions`, { key: operator, json: { action: "retry_call", note: "they have the form now" } });
    expect(r.status, r.text).toBe(200);
    expect(r.json.status).toBe("queued");
    const events = await stub.getEvents();
    const action = events.find((e) => e.event_type === "OperatorAction")!;
    expect(action.data).toMatchObject({ action: "retry_call", note: "they have the form now" });
    expect((action.data as { actor: string }).actor).toMatch(/^key:key_/);
    expect(action.metadata.actor).toBe((action.data as { actor: string }).actor);
    expect(await types(stub)).toEqual(expect.arrayContaining(["EscalationResolved", "RecordQueued"]));
    const members = await eventually(async () => {
      const m = await env.HOTEL_LINE.get(env.HOTEL_LINE.idFromName("+14155550188")).members();
      return m.includes(id) ? m : undefined;
    });
    expect(members).toContain(id);
  });

  it("email_request sends the request; resolve completes; cancel cancels", async () => {
    const a = await escalated();
    expect((await call("POST", `/api/escalations/${a.id}/actions`, { json: { action: "email_request" } })).json.status).toBe("awaiting_folio");
    await eventually(async () => ((await types(a.stub)).includes("EmailSent") ? true : undefined));

    const b = await escalated();
    expect((await call("POST", `/api/escalations/${b.id}/actions`, { json: { action: "resolve", note: "folio received by fax" } })).json.status).toBe("completed");

    const c = await escalated();
    expect((await call("POST", `/api/escalations/${c.id}/actions`, { json: { action: "cancel" } })).json.status).toBe("cancelled");
  });

  it("refuses what cannot be done: not escalated, no email, bad actions, viewers", async () => {
    const r = await call("POST", "/api/records", { json: { records: [recordInput()] } });
    const plain = r.json.records[0].id;
    expect((await call("POST", `/api/escalations/${plain}/actions`, { json: { action: "resolve", note: "x" } })).status).toBe(409);

    const noEmail = await escalated(null);
    const refused = await call("POST", `/api/escalations/${noEmail.id}/actions`, { json: { action: "email_request" } });
    expect(refused.status).toBe(400);
    expect(refused.json.error.details.email).toBeDefined();
    expect((await noEmail.stub.getState())!.status).toBe("escalated");

    expect((await call("POST", `/api/escalations/${noEmail.id}/actions`, { json: { action: "explode" } })).status).toBe(400);
    expect((await call("POST", `/api/escalations/${noEmail.id}/actions`, { json: { action: "resolve" } })).status).toBe(400);
    const viewer = await keyFor("viewer");
    expect((await call("POST", `/api/escalations/${noEmail.id}/actions`, { key: viewer, json: { action: "cancel" } })).status).toBe(403);
    expect((await call("POST", "/api/escalations/rec_nope/actions", { json: { action: "cancel" } })).status).toBe(404);
    expect((await noEmail.stub.getState())!.status).toBe("escalated");
  });
});

describe("the escalations queue", () => {
  it("alerts once per escalated record, without PII, and acknowledges", async () => {
    const { default: worker } = await import("../../src/worker");
    const lines: string[] = [];
    const original = console.warn;
    console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    let acked = 0;
    try {
      const messages = [{ id: "m1", timestamp: new Date(), attempts: 1, body: { type: "escalated", record_id: "rec_x", reason: "not_found" }, ack: () => void acked++, retry: () => {} }];
      await worker.queue({ queue: "folio-escalations", messages, ackAll: () => {}, retryAll: () => {} } as unknown as MessageBatch<unknown>, env);
    } finally {
      console.warn = original;
    }
    expect(acked).toBe(1);
    const alert = lines.map((l) => JSON.parse(l)).find((l) => l.msg === "record escalated");
    expect(alert).toMatchObject({ record_id: "rec_x", reason: "not_found", service: "escalations" });
  });
});
