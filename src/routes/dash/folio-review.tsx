// The dashboard's folio review: the document shown inline beside the fields, the corrections posted
// through the API's own handler (POST /api/records/:id/folio), and a hotel's page with the layout
// hints its folios taught.
import { Hono } from "hono";
import { HotelPage } from "../../dash/views/hotel";
import { RECORD_ID } from "../../objects/folio-record/client";
import { apiFor, back, errorText, flashOf, pageCtx, parseForm, render, requireDashRole, type DashEnv } from "./context";

export const folioReviewPages = new Hono<DashEnv>();

/** The folio document, to show in the page: the API's fresh signed link, asked to display inline. */
folioReviewPages.get("/records/:id/folio/document", async (c) => {
  const id = c.req.param("id");
  if (!RECORD_ID.test(id)) return c.notFound();
  const res = await apiFor(c).raw("GET", `/api/records/${id}/folio/attachment`);
  const location = res.headers.get("location");
  if (res.status !== 302 || !location) return res;
  const url = new URL(location);
  url.searchParams.set("inline", "1");
  return c.redirect(url.toString(), 302);
});

const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (typeof x === "string" ? x.trim() : ""));
/** "1.234,50", "1234.50", "95" → a number; "" → null; anything else → NaN (the API says what is wrong). */
function amount(s: string): number | null {
  if (!s) return null;
  const t = s.replace(/\s/g, "");
  const normalized = /,\d{1,2}$/.test(t) ? t.replace(/\./g, "").replace(",", ".") : t.replace(/,/g, "");
  return /^-?\d+(\.\d+)?$/.test(normalized) ? Number(normalized) : Number.NaN;
}

folioReviewPages.post("/records/:id/folio", requireDashRole("operator"), async (c) => {
  const id = c.req.param("id");
  if (!RECORD_ID.test(id)) return c.notFound();
  const form = await parseForm(c, { all: true });
  const one = (name: string) => list(form[name])[0] ?? "";
  const [dates, descriptions, amounts] = [list(form.charge_date), list(form.charge_description), list(form.charge_amount)];
  const charges = descriptions.flatMap((description, i) => {
    const a = amount(amounts[i] ?? "");
    if (!description && a === null) return [];
    return [{ ...(dates[i] ? { date: dates[i] } : {}), description, amount: a ?? Number.NaN }];
  });
  const total = amount(one("total_amount"));
  if (Number.isNaN(total) || charges.some((ch) => Number.isNaN(ch.amount))) {
    return back(c, `/dash/records/${id}`, "amounts must be numbers, e.g. 95.00 or 95,00", true);
  }
  const text = (name: string) => one(name) || null;
  const json = {
    fields: {
      folio_number: text("folio_number"),
      guest_name: text("guest_name"),
      check_in: text("check_in"),
      check_out: text("check_out"),
      room_number: text("room_number"),
      currency: text("currency")?.toUpperCase() ?? null,
      total_amount: total,
      charges,
    },
    ...(one("accept_issues") ? { accept_issues: true } : {}),
  };
  const reply = await apiFor(c)("POST", `/api/records/${id}/folio`, { json });
  if (!reply.ok) {
    // Issues quote the folio and the record (names, dates): only their codes go into the redirect's URL.
    const issues = (reply.error?.details as { issues?: string[] } | undefined)?.issues;
    const codes = issues ? [...new Set(issues.map((i) => i.split(":")[0]))].join(", ") : null;
    const message = codes ? `${reply.error!.message} (${codes})` : errorText(reply.error);
    return back(c, `/dash/records/${id}`, message, true);
  }
  const learned = (reply.json.learned_hints as string[]).length;
  return back(c, `/dash/records/${id}`, `The folio was saved and the record completed.${learned ? ` The hotel's layout was learned for ${learned} fields.` : ""}`);
});

folioReviewPages.get("/hotels/:phone", async (c) => {
  const reply = await apiFor(c)("GET", `/api/hotels/${encodeURIComponent(c.req.param("phone"))}`);
  if (!reply.ok) return c.notFound();
  return render(c, <HotelPage ctx={pageCtx(c)} hotel={reply.json} flash={flashOf(c)} />);
});
