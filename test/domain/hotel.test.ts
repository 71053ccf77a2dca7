import { describe, expect, it } from "vitest";
import { admitHotel, applyHotelPatch, callWindow, defaultCallWindow, hotelSettingsPatch, ivrPath, type HotelSettings } from "../../src/domain/hotel";

const T1 = "2026-10-05T10:00:00.000Z";
const T2 = "2026-10-06T10:00:00.000Z";
const phone = "+14155550100";

function known(overrides: Partial<HotelSettings> = {}): HotelSettings {
  return {
    phone,
    name: "Grand Hotel",
    email: null,
    timezone: null,
    country: null,
    call_window: defaultCallWindow,
    ivr_path: null,
    notes: null,
    version: 3,
    updated_at: T1,
    ...overrides,
  };
}

describe("callWindow", () => {
  it("defaults to 10:00–15:00, Monday to Friday, and the default is valid", () => {
    expect(defaultCallWindow).toEqual({ days: ["mon", "tue", "wed", "thu", "fri"], start: "10:00", end: "15:00" });
    expect(callWindow.safeParse(defaultCallWindow).success).toBe(true);
  });

  it("accepts 24 h times and any non-empty set of weekdays", () => {
    expect(callWindow.safeParse({ days: ["sat", "sun"], start: "00:00", end: "23:59" }).success).toBe(true);
    expect(callWindow.safeParse({ days: ["wed"], start: "09:05", end: "09:06" }).success).toBe(true);
  });

  it("refuses malformed times", () => {
    for (const t of ["24:00", "9:00", "10:60", "10:00:00", "1000", "", "ab:cd"]) {
      expect(callWindow.safeParse({ days: ["mon"], start: t, end: "23:00" }).success, t).toBe(false);
    }
  });

  it("refuses a window that ends at or before it starts", () => {
    const equal = callWindow.safeParse({ days: ["mon"], start: "10:00", end: "10:00" });
    expect(equal.success).toBe(false);
    expect(equal.error!.issues[0]!.path).toEqual(["end"]);
    expect(callWindow.safeParse({ days: ["mon"], start: "15:00", end: "10:00" }).success).toBe(false);
  });

  it("refuses no days, unknown days, too many days and unknown keys", () => {
    expect(callWindow.safeParse({ days: [], start: "10:00", end: "15:00" }).success).toBe(false);
    expect(callWindow.safeParse({ days: ["monday"], start: "10:00", end: "15:00" }).success).toBe(false);
    expect(callWindow.safeParse({ days: ["mon", "tue", "wed", "thu", "fri", "sat", "sun", "mon"], start: "10:00", end: "15:00" }).success).toBe(false);
    expect(callWindow.safeParse({ ...defaultCallWindow, tz: "UTC" }).success).toBe(false);
  });
});

describe("ivrPath", () => {
  it("accepts DTMF digits with w pauses and refuses anything else", () => {
    for (const p of ["1", "2w1", "*9#", "0w0w0", "1".repeat(32)]) expect(ivrPath.safeParse(p).success, p).toBe(true);
    for (const p of ["", "1 2", "a", "2W1", "1".repeat(33), "1-2"]) expect(ivrPath.safeParse(p).success, p).toBe(false);
  });
});

describe("hotelSettingsPatch", () => {
  it("accepts a partial patch and normalizes email", () => {
    expect(hotelSettingsPatch.parse({ email: " Desk@Grand.Example ", ivr_path: null })).toEqual({ email: "desk@grand.example", ivr_path: null });
    expect(hotelSettingsPatch.parse({})).toEqual({});
  });

  it("refuses unknown fields, including the phone, and invalid values", () => {
    expect(hotelSettingsPatch.safeParse({ phone: "+14155550199" }).success).toBe(false);
    expect(hotelSettingsPatch.safeParse({ name: "  " }).success).toBe(false);
    expect(hotelSettingsPatch.safeParse({ timezone: "Nowhere/Town" }).success).toBe(false);
    expect(hotelSettingsPatch.safeParse({ country: "usa" }).success).toBe(false);
    expect(hotelSettingsPatch.safeParse({ call_window: { days: ["mon"], start: "15:00", end: "10:00" } }).success).toBe(false);
  });
});

describe("admitHotel", () => {
  it("creates a new hotel from what its first record knew, with the default window", () => {
    expect(admitHotel(null, { phone, name: "Grand", email: "desk@grand.example", timezone: "America/Los_Angeles", country: "US" }, T1)).toEqual({
      phone,
      name: "Grand",
      email: "desk@grand.example",
      timezone: "America/Los_Angeles",
      country: "US",
      call_window: defaultCallWindow,
      ivr_path: null,
      notes: null,
      version: 1,
      updated_at: T1,
    });
  });

  it("stores missing optional facts as null", () => {
    expect(admitHotel(null, { phone, name: "Grand" }, T1)).toMatchObject({ email: null, timezone: null, country: null });
  });

  it("returns null when a record brings nothing new", () => {
    expect(admitHotel(known(), { phone, name: "Other name" }, T2)).toBeNull();
    const full = known({ email: "a@grand.example", timezone: "Europe/Paris" });
    expect(admitHotel(full, { phone, name: "Grand", email: "a@grand.example", timezone: "Europe/Paris" }, T2)).toBeNull();
  });

  it("fills a missing email or timezone and bumps the version", () => {
    const next = admitHotel(known(), { phone, name: "Grand", email: "b@grand.example", timezone: "Europe/Paris" }, T2);
    expect(next).toEqual({ ...known(), email: "b@grand.example", timezone: "Europe/Paris", version: 4, updated_at: T2 });
  });

  it("never overwrites what the hotel already has", () => {
    const current = known({ email: "ops@grand.example", timezone: "America/New_York", name: "Operator's name" });
    expect(admitHotel(current, { phone, name: "Record's name", email: "other@grand.example", timezone: "Europe/Paris" }, T2)).toBeNull();
    const partial = admitHotel(known({ email: "ops@grand.example" }), { phone, name: "x", email: "other@grand.example", timezone: "Asia/Tokyo" }, T2);
    expect(partial).toMatchObject({ email: "ops@grand.example", timezone: "Asia/Tokyo", name: "Grand Hotel", version: 4 });
  });
});

describe("applyHotelPatch", () => {
  it("creates a hotel from a patch at version 1", () => {
    expect(applyHotelPatch(null, phone, { name: "Grand", ivr_path: "2w1" }, T1)).toEqual({
      phone,
      name: "Grand",
      email: null,
      timezone: null,
      country: null,
      call_window: defaultCallWindow,
      ivr_path: "2w1",
      notes: null,
      version: 1,
      updated_at: T1,
    });
  });

  it("changes only the patched fields and bumps the version", () => {
    const window = { days: ["sat" as const], start: "08:00", end: "09:00" };
    const next = applyHotelPatch(known({ email: "a@grand.example" }), phone, { call_window: window, notes: "ask for Sam" }, T2);
    expect(next).toEqual({ ...known({ email: "a@grand.example" }), call_window: window, notes: "ask for Sam", version: 4, updated_at: T2 });
  });

  it("clears a field patched to null", () => {
    const next = applyHotelPatch(known({ email: "a@grand.example", ivr_path: "1" }), phone, { email: null, ivr_path: null }, T2);
    expect(next).toMatchObject({ email: null, ivr_path: null });
  });

  it("takes the phone from its caller, never from the patch", () => {
    const sneaky = { name: "x", phone: "+14155550199" } as never;
    expect(applyHotelPatch(known(), phone, sneaky, T2).phone).toBe(phone);
    expect(applyHotelPatch(null, phone, sneaky, T2).phone).toBe(phone);
  });

  it("does not mutate the current settings", () => {
    const current = known();
    const copy = structuredClone(current);
    applyHotelPatch(current, phone, { name: "New" }, T2);
    admitHotel(current, { phone, name: "x", email: "e@x.example" }, T2);
    expect(current).toEqual(copy);
  });
});
