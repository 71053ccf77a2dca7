// CSRF: every form post needs the session's token, and a post from another origin is refused even
// with it. Nothing happens on a refused post.
import { describe, expect, it } from "vitest";
import { call, keyFor } from "../helpers";
import { newRecord, signedIn, visit } from "./helpers";

async function statusOf(id: string): Promise<string> {
  return (await call("GET", `/api/records/${id}`)).json.status;
}

describe("dashboard CSRF", () => {
  it("refuses a post without the token, with a wrong one, or from another origin; accepts the right one", async () => {
    const { b, csrf } = await signedIn(await keyFor("operator"));
    const id = await newRecord();
    const path = `/dash/records/${id}/cancel`;

    const missing = await visit(b, "POST", path, { form: { reason: "no token" } });
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.text).error.code).toBe("csrf_failed");

    const wrong = await visit(b, "POST", path, { form: { _csrf: `${csrf.slice(0, -1)}x`, reason: "wrong token" } });
    expect(wrong.status).toBe(403);

    const crossSite = await visit(b, "POST", path, { form: { _csrf: csrf, reason: "cross site" }, headers: { origin: "https://evil.example" } });
    expect(crossSite.status).toBe(403);

    // Another session's token is no good either: tokens are bound to their session.
    const other = await signedIn(await keyFor("operator"));
    const borrowed = await visit(b, "POST", path, { form: { _csrf: other.csrf, reason: "borrowed" } });
    expect(borrowed.status).toBe(403);
    expect(await statusOf(id)).toBe("pending");

    const ok = await visit(b, "POST", path, { form: { _csrf: csrf, reason: "for real" } });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(`/dash/records/${id}?msg=The+record+was+cancelled.`);
    expect(await statusOf(id)).toBe("cancelled");
  });

  it("takes the token from the x-csrf-token header too (scripted posts)", async () => {
    const { b, csrf } = await signedIn(await keyFor("operator"));
    const id = await newRecord();
    const res = await visit(b, "POST", `/dash/records/${id}/cancel`, {
      body: new URLSearchParams({ reason: "header" }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", "x-csrf-token": csrf, origin: "http://folio.test" },
    });
    expect(res.status).toBe(303);
    expect(await statusOf(id)).toBe("cancelled");
  });
});
