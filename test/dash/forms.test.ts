// Dashboard forms as a browser sends them: repeated fields (a hotel's call days) survive the CSRF
// check reading the form first; a bad value comes back as the API's message, and nothing changes.
import { describe, expect, it } from "vitest";
import { call, keyFor, phone } from "../helpers";
import { signedIn, visit } from "./helpers";

describe("the hotel settings form", () => {
  it("saves every checked day, the window, timezone, email and IVR path", async () => {
    const HOTEL = phone(73);
    expect((await call("PUT", `/api/hotels/${encodeURIComponent(HOTEL)}`, { json: { name: "Form Hotel" } })).status).toBe(200);
    const { b, csrf } = await signedIn(await keyFor("operator"));
    const body = new URLSearchParams([
      ["_csrf", csrf],
      ["days", "mon"],
      ["days", "wed"],
      ["days", "fri"],
      ["start", "09:30"],
      ["end", "11:45"],
      ["timezone", "Europe/Paris"],
      ["email", "Desk@Form.example"],
      ["ivr_path", "2w1"],
    ]).toString();
    const saved = await visit(b, "POST", `/dash/hotels/${encodeURIComponent(HOTEL)}`, {
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://folio.test" },
    });
    expect(saved.status).toBe(303);
    expect(saved.location).toMatch(/^\/dash\/hotels\?msg=Saved/);
    const h = (await call("GET", `/api/hotels/${encodeURIComponent(HOTEL)}`)).json;
    expect(h).toMatchObject({ call_window: { days: ["mon", "wed", "fri"], start: "09:30", end: "11:45" }, timezone: "Europe/Paris", email: "desk@form.example", ivr_path: "2w1" });

    const bad = await visit(b, "POST", `/dash/hotels/${encodeURIComponent(HOTEL)}`, {
      form: { _csrf: csrf, days: "tue", start: "12:00", end: "10:00", ivr_path: "2w1" },
    });
    expect(bad.status).toBe(303);
    expect(new URL(bad.location!, "http://folio.test").searchParams.get("err")).toMatch(/call_window.end: start must be before end/);
    expect((await call("GET", `/api/hotels/${encodeURIComponent(HOTEL)}`)).json.call_window.days).toEqual(["mon", "wed", "fri"]);
  });
});
