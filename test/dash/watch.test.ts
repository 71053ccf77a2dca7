// The live transcript socket: signed in, the dashboard forwards the upgrade to the call's CallSession,
// which sends the call's state and transcript so far, then each node as the call adds it (speech, DTMF
// sent, call events), and closes when the call ends.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { SimulatedCarrier } from "../../src/objects/simulated-carrier";
import { prepareCall, untilCall } from "../call/helpers";
import { keyFor } from "../helpers";
import { signedIn, type Browser } from "./helpers";

const carrier = (callId: string): DurableObjectStub<SimulatedCarrier> => env.SIMULATED_CARRIER.get(env.SIMULATED_CARRIER.idFromName(callId));

async function openWatch(b: Browser | null, callId: string, origin = "http://folio.test") {
  const headers: Record<string, string> = { upgrade: "websocket", origin };
  if (b) headers.cookie = [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  return (exports as unknown as { default: Fetcher }).default.fetch(`http://folio.test/dash/calls/${callId}/watch`, { headers });
}

describe("the live transcript socket", () => {
  it("streams a simulated call's transcript as it happens, then closes", async () => {
    const { b } = await signedIn(await keyFor("viewer"));
    const { callId } = await prepareCall({ params: { digits: "2", greeting: "Hello, this is Folio.", question: "Could you email the folio?" } });
    const res = await openWatch(b, callId);
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const messages: any[] = [];
    const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
    ws.addEventListener("message", (e) => messages.push(JSON.parse(String(e.data))));
    ws.accept();
    await untilCall(callId, (s) => s.state !== null, 5_000, "prepared");
    expect(await carrier(callId).dial(callId, "scripted_ivr")).toMatchObject({ connected: true });
    expect(await Promise.race([closed, new Promise((r) => setTimeout(() => r("timeout"), 15_000))])).toBe(1000);

    expect(messages[0]).toMatchObject({ type: "state", phase: "prepared" });
    const nodes = messages.filter((m) => m.type === "node");
    expect(nodes.every((m) => !m.replay)).toBe(true); // nothing had happened yet when we connected
    const said = nodes.filter((m) => m.change === "added").map((m) => [m.node.type, m.node.content]);
    expect(said).toContainEqual(["dtmf_sent", "2"]);
    expect(said).toContainEqual(["system_utterance", "Hello, this is Folio."]);
    expect(said).toContainEqual(["hotel_response", "Front desk here. Sure, we can email it."]);
    expect(said.at(-1)).toEqual(["call_event", "call ended"]);
    expect(messages.filter((m) => m.type === "state").map((m) => m.phase)).toEqual(["prepared", "live", "ended"]);

    // Afterwards a watcher gets the whole transcript at once, marked as replayed, and the socket closes.
    const late = await openWatch(b, callId);
    const ws2 = late.webSocket!;
    const replayed: any[] = [];
    const closed2 = new Promise<void>((resolve) => ws2.addEventListener("close", () => resolve()));
    ws2.addEventListener("message", (e) => replayed.push(JSON.parse(String(e.data))));
    ws2.accept();
    await closed2;
    expect(replayed[0]).toMatchObject({ type: "state", phase: "ended" });
    expect(replayed.slice(1).every((m) => m.type === "node" && m.replay === true)).toBe(true);
    expect(replayed.length - 1).toBe(nodes.filter((m) => m.change === "added").length);
  });

  it("follows the next call to start, connected before it is placed", async () => {
    const { b } = await signedIn(await keyFor("operator"));
    const headers = { upgrade: "websocket", origin: "http://folio.test", cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; ") };
    const res = await (exports as unknown as { default: Fetcher }).default.fetch("http://folio.test/dash/calls/next/watch", { headers });
    expect(res.status).toBe(101);
    const ws = res.webSocket!;
    const messages: any[] = [];
    ws.addEventListener("message", (e) => messages.push(JSON.parse(String(e.data))));
    ws.accept();
    // The call appears in the read model as HotelLine projects it (placing), then is prepared and dialed.
    const { callId, recordIds } = await prepareCall({ params: { digits: "2", greeting: "Hello, this is Folio.", question: "Could you email the folio?" } });
    await env.DB.prepare("INSERT INTO calls (id, hotel_phone, record_ids, status, started_at, version) VALUES (?1, '+14155550100', ?2, 'placing', ?3, 1)")
      .bind(callId, JSON.stringify(recordIds), new Date().toISOString())
      .run();
    const until = Date.now() + 10_000;
    while (!messages.some((m) => m.type === "state" && m.phase === "prepared") && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await carrier(callId).dial(callId, "scripted_ivr");
    while (!messages.some((m) => m.type === "state" && m.phase === "ended") && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    ws.close(1000, "done");
    expect(messages[0]).toMatchObject({ type: "state", phase: "waiting" });
    expect(messages).toContainEqual({ type: "call", call_id: callId });
    const nodes = messages.filter((m) => m.type === "node");
    expect(nodes.length).toBeGreaterThan(2);
    expect(nodes.every((m) => !m.replay)).toBe(true);
    expect(nodes.some((m) => m.node.type === "hotel_response")).toBe(true);
  });

  it("refuses a watcher without a session, from another site, or for a call that does not exist", async () => {
    const { b } = await signedIn(await keyFor("viewer"));
    const { callId } = await prepareCall({ params: { greeting: "Hello." } });
    expect((await openWatch(null, callId)).status).toBe(401);
    expect((await openWatch(b, callId, "https://evil.example")).status).toBe(403);
    expect((await openWatch(b, "call_that_never_was")).status).toBe(404);
  });
});
