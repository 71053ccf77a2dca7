// Security sweep: every mounted /api route refuses a missing or unknown key; every /twilio route refuses
// an unsigned request; stored files are reachable only through a valid, unexpired link for their own
// record; and nothing personal reaches the logs meanwhile. (The full role matrix, every route for
// every role, is test/api/roles.test.ts, which this run includes.)
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signLink } from "../src/platform/signed-links";
import { api, call, keyFor } from "../test/helpers";
import { captureConsole, leaks } from "../test/reliability/console-capture";
import { recordWithFiles } from "../test/reliability/files";
import { mountedRoutes } from "../test/reliability/hostile/http";
import { report } from "./report";

describe("drill: security", () => {
  it("no way in without a key, a signature or a valid link; no PII in logs", async () => {
    // The most talkative level, so whatever any layer would log is scanned.
    const level = env.LOG_LEVEL;
    (env as { LOG_LEVEL: string }).LOG_LEVEL = "debug";
    const capture = captureConsole();
    const a = await recordWithFiles("sec-a");
    const b = await recordWithFiles("sec-b");
    const viewer = await keyFor("viewer");
    const fill = (path: string) =>
      path
        .replace(/:id/g, a.id)
        .replace(/:callId/g, a.callId)
        .replace(/:phone/g, "%2B14155550177")
        .replace(/:[A-Za-z_]+/g, "x");
    const routes = await mountedRoutes();
    const open: string[] = [];
    let apiChecks = 0;
    let twilioChecks = 0;
    for (const r of routes) {
      if (r.path.startsWith("/api/")) {
        for (const key of [null, "fk_notARealKeyNotARealKeyNotARealKey00"]) {
          const res = await call(r.method, fill(r.path), { key, json: r.method === "GET" ? undefined : {} });
          apiChecks++;
          if (res.status !== 401) open.push(`${r.method} ${r.path} without a valid key: ${res.status}`);
        }
      } else if (r.path.startsWith("/twilio/")) {
        const res =
          r.method === "GET"
            ? await call("GET", fill(r.path), { key: null, headers: { upgrade: "websocket" } })
            : await call(r.method, fill(r.path), { key: null, body: "CallSid=CA1&CallStatus=completed", headers: { "content-type": "application/x-www-form-urlencoded" } });
        twilioChecks++;
        if (res.status !== 403) open.push(`${r.method} ${r.path} unsigned: ${res.status}`);
      }
    }

    // Links: valid → 200/206; expired, tampered, another record's → 403; a key is no substitute.
    const links: Record<string, number> = {};
    const mint = async (id: string, body: unknown) => new URL((await api("POST", `/api/records/${id}/links`, { json: body, key: viewer })).json.url);
    const rec = await mint(a.id, { resource: "recording", call_id: a.callId });
    const att = await mint(a.id, { resource: "folio_attachment" });
    const other = await mint(b.id, { resource: "recording", call_id: b.callId });
    const expired = new URL((await signLink(env, "https://folio.test", rec.pathname, 60, Date.now() - 3_600_000)).url);
    const tampered = `${rec.pathname}?expires=${rec.searchParams.get("expires")}&sig=${(rec.searchParams.get("sig")![0] === "A" ? "B" : "A") + rec.searchParams.get("sig")!.slice(1)}`;
    const cases: [string, string, Record<string, string>, number[]][] = [
      ["recording, valid", rec.pathname + rec.search, {}, [200]],
      ["recording, valid, Range", rec.pathname + rec.search, { range: "bytes=0-99" }, [206]],
      ["attachment, valid", att.pathname + att.search, {}, [200]],
      ["expired", expired.pathname + expired.search, {}, [403]],
      ["tampered", tampered, {}, [403]],
      ["another record's link", `/files/records/${a.id}/calls/${a.callId}/recording${other.search}`, {}, [403]],
      ["a recording link on the attachment", `/files/records/${a.id}/folio/attachment${rec.search}`, {}, [403]],
      ["no link, admin key", rec.pathname, { authorization: "Bearer local-dev-admin-key" }, [403]],
    ];
    for (const [name, path, headers, want] of cases) {
      const res = await call("GET", path, { key: null, headers });
      links[name] = res.status;
      if (!want.includes(res.status)) open.push(`link ${name}: ${res.status}`);
    }
    capture.restore();
    (env as { LOG_LEVEL: string }).LOG_LEVEL = level;
    const pii = leaks(capture.lines, [a.guest, b.guest, `FLSEC-A`, `FLSEC-B`, "desk@files-hotel.example"]);

    report("security", {
      routes: routes.length,
      api_unauthenticated_checks: apiChecks,
      twilio_unsigned_checks: twilioChecks,
      link_checks: links,
      log_lines_scanned: capture.lines.length,
      roles_matrix: "test/api/roles.test.ts (in this run)",
      violations: { open_routes: open.length, pii_in_logs: pii.length },
      details: { open, pii: pii.slice(0, 10) },
    });
    expect(open).toEqual([]);
    expect(pii).toEqual([]);
  });
});
