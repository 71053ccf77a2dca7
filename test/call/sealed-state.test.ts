// CallSession's SQLite holds no plaintext PII: the call row (playbook params with the guest's name and
// confirmation number, the playbook's state), the transcript and the outbox's events are sealed with the
// records' PiiCipher, and come back decrypted after an eviction.
import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { CallSession } from "../../src/objects/call-session";
import type { CallStore } from "../../src/objects/call-session/store";
import type { SimulatedCarrier } from "../../src/objects/simulated-carrier";
import { piiCipher } from "../../src/platform/pii-cipher";
import { callStub, prepareCall, snapshot, untilCall } from "./helpers";

const GUEST = "Philippa Wolstenholme";
const CONF = "SEALCONF4471";

function carrier(callId: string): DurableObjectStub<SimulatedCarrier> {
  return env.SIMULATED_CARRIER.get(env.SIMULATED_CARRIER.idFromName(callId));
}

/** Every row of every table of the call's object, as one string, once its sealed writes have landed. */
async function dump(callId: string): Promise<string> {
  return runInDurableObject(callStub(callId), async (instance: CallSession, state) => {
    await (instance as unknown as { store: CallStore }).store.settled();
    const tables = state.storage.sql.exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '_cf_%' AND name NOT LIKE 'sqlite_%'").toArray();
    return JSON.stringify(Object.fromEntries(tables.map((t) => [t.name, state.storage.sql.exec(`SELECT * FROM "${t.name}"`).toArray()])));
  });
}

describe("CallSession state at rest", () => {
  it("seals the call, its transcript and its outbox; nothing readable is left in SQLite", async () => {
    const greeting = `Hello, this is Folio, calling about ${GUEST}, confirmation ${CONF}.`;
    const { callId } = await prepareCall({ params: { guest_name: GUEST, confirmation_number: CONF, greeting, question: "Could you email the folio?" } });
    await carrier(callId).dial(callId, "ivr_then_agrees");
    const s = await untilCall(callId, (x) => x.state?.finalized === true, 10_000, "the end");
    expect(JSON.stringify(s.transcript!.nodes.map((n) => [n.content, n.full_text]))).toContain(greeting);

    const raw = await dump(callId);
    const tables = JSON.parse(raw) as Record<string, Array<Record<string, unknown>>>;
    // The tables were really read: the call row, the nodes and the outbox rows are there...
    expect(tables.call).toHaveLength(1);
    expect(tables.nodes!.length).toBe(s.transcript!.nodes.length);
    expect(tables.outbox!.length).toBeGreaterThan(0);
    // ...each sealed under the current key...
    const { keyId } = await piiCipher(env);
    const sealed = [...tables.call!.map((r) => r.state), ...tables.nodes!.map((r) => r.node), ...tables.outbox!.map((r) => r.events)];
    for (const v of sealed) expect(String(v)).toMatch(new RegExp(`^v1\\.${keyId}\\.`));
    // ...and no secret, nor any word said on the call, is readable.
    for (const secret of [GUEST, "Wolstenholme", CONF, "Folio", "email", "FolioAgreed"]) expect(raw).not.toContain(secret);

    // A new instance reads it all back.
    await evictDurableObject(callStub(callId));
    const again = await snapshot(callId);
    expect(again.state!.config.params).toMatchObject({ guest_name: GUEST, confirmation_number: CONF });
    expect(again.transcript).toEqual(s.transcript);
    expect(again.state).toEqual(s.state);
  });

  it("reads a call stored before sealing (plain JSON) and seals it on its next write", async () => {
    const { callId } = await prepareCall({ records: 0, params: { guest_name: GUEST } });
    const plain = (await snapshot(callId)).state!;
    await runInDurableObject(callStub(callId), async (instance: CallSession, state) => {
      await (instance as unknown as { store: CallStore }).store.settled();
      state.storage.sql.exec("UPDATE call SET state = ? WHERE id = 1", JSON.stringify(plain));
    });
    await evictDurableObject(callStub(callId));
    expect((await snapshot(callId)).state).toEqual(plain);
    expect(await dump(callId)).toContain(GUEST); // still the old plain row
    await callStub(callId).amd(callId, { answeredBy: "human" });
    const raw = await dump(callId);
    expect(raw).not.toContain(GUEST);
    expect((await snapshot(callId)).state).toMatchObject({ answered_by: "human", config: { params: { guest_name: GUEST } } });
  });
});
