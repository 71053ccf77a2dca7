// A call's end reaches each record once, whichever paths finalize it and however often. The load drill
// once found a record with two CallEnded: the hang-up's finalize and the keepalive alarm's finalize ran
// together. Each checked "not finalized yet", then both waited on the recording's R2 write, then both
// queued CallEnded under fresh random ids, which the record could not tell apart. Here that interleaving
// is made explicit: Twilio's terminal status and the alarm enter finalize in the same instant.
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import type { CallSession } from "../../src/objects/call-session";
import type { CallStore } from "../../src/objects/call-session/store";
import { agentNodes, callStub, installFakes, prepareCall, recordEvents, untilCall, type Fakes } from "./helpers";

let fakes: Fakes | null = null;
afterEach(() => fakes?.restore());

const callEnded = async (recordId: string) => (await recordEvents(recordId)).filter((e) => e.event_type === "CallEnded");

/** A live media call with the agent's opening heard (so there is a recording to store at the end). */
async function liveCall(): Promise<{ callId: string; recordIds: string[] }> {
  fakes = await installFakes({ transcript: "One moment please.", chat: { text: "Hello, this is Folio." } });
  const call = await prepareCall({ records: 2, params: { question: "Could you email the folio?" } });
  await fakes.connect({ callId: call.callId });
  await untilCall(call.callId, (x) => agentNodes(x).length >= 2, 20_000, "the opening");
  return call;
}

describe("the end of a call", () => {
  it("gives each record one CallEnded when the hang-up and the keepalive alarm finalize at once", async () => {
    const { callId, recordIds } = await liveCall();
    await runInDurableObject(callStub(callId), async (session: CallSession) => {
      // Twilio says the call completed (finish → finalize) and, before that finalize has stored the
      // recording, the keepalive alarm runs (the call is ended: it finalizes too).
      await Promise.all([session.twilioStatus(callId, { status: "completed" }), session.alarm()]);
    });
    await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 20_000, "the end");
    for (const id of recordIds) expect(await callEnded(id)).toHaveLength(1);
  });

  it("gives each record one CallEnded when an evicted session finalizes again", async () => {
    const { callId, recordIds } = await liveCall();
    await callStub(callId).twilioStatus(callId, { status: "completed" });
    await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 20_000, "the end");
    for (const id of recordIds) expect(await callEnded(id)).toHaveLength(1);
    // What an eviction between the delivery and the stored "finalized" mark would leave: a session that
    // believes it has not finalized. The alarm finalizes again: the same events, not new ones.
    await runInDurableObject(callStub(callId), async (session: CallSession, state) => {
      const store = (session as unknown as { store: CallStore }).store;
      store.save({ ...store.load()!, finalized: false });
      await store.settled();
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    await evictDurableObject(callStub(callId));
    expect(await runDurableObjectAlarm(callStub(callId))).toBe(true);
    await untilCall(callId, (x) => x.state?.finalized === true && x.outbox_pending === 0, 20_000, "the second finalize");
    for (const id of recordIds) expect(await callEnded(id)).toHaveLength(1);
  });
});
