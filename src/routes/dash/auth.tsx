// Sign-in and sign-out. Sign-in is itself CSRF-protected (double submit: a random cookie that the form
// repeats), so another site cannot sign a browser into someone else's key.
import { Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { authenticateKey } from "../../http/auth";
import { cookieOptions, issueSession, PRESESSION_COOKIE, randomToken, readSession, SESSION_COOKIE, SESSION_TTL_S } from "../../dash/session";
import { SignInPage } from "../../dash/views/signin";
import { csrfValid, render, type DashEnv, parseForm } from "./context";

export const authRoutes = new Hono<DashEnv>();

/** Only a path inside the dashboard: never another origin (`//evil`, `/\\evil`). */
export function safeNext(next: string | undefined): string {
  return next && /^\/dash(\/[^\\]*)?(\?.*)?$/.test(next) && !next.startsWith("//") ? next : "/dash";
}

authRoutes.get("/signin", async (c) => {
  if (await readSession(c.env, getCookie(c, SESSION_COOKIE))) return c.redirect(safeNext(c.req.query("next")), 303);
  const token = randomToken();
  setCookie(c, PRESESSION_COOKIE, token, { ...cookieOptions(c.env, 3600, "Strict"), path: "/dash" });
  return render(c, <SignInPage csrf={token} next={safeNext(c.req.query("next"))} message={c.req.query("msg")?.slice(0, 200) ?? null} />);
});

authRoutes.post("/signin", async (c) => {
  const form = await parseForm(c);
  const field = (k: string) => (typeof form[k] === "string" ? (form[k] as string) : "");
  const pre = getCookie(c, PRESESSION_COOKIE) ?? "";
  const next = safeNext(field("next"));
  const retry = async (error: string, status: 400 | 403) => {
    const token = randomToken();
    setCookie(c, PRESESSION_COOKIE, token, { ...cookieOptions(c.env, 3600, "Strict"), path: "/dash" });
    return render(c, <SignInPage csrf={token} next={next} error={error} />, status);
  };
  if (!csrfValid(c, pre, field("_csrf"))) return retry("The sign-in form expired. Please try again.", 403);
  const key = field("key").trim();
  const principal = key ? await authenticateKey(c.env, key) : null;
  if (!principal) return retry("That API key is not valid.", 403);
  setCookie(c, SESSION_COOKIE, await issueSession(c.env, principal, key), cookieOptions(c.env, SESSION_TTL_S));
  deleteCookie(c, PRESESSION_COOKIE, { path: "/dash" });
  return c.redirect(next, 303);
});

authRoutes.post("/signout", async (c) => {
  const session = await readSession(c.env, getCookie(c, SESSION_COOKIE));
  const form = await parseForm(c);
  if (session && !csrfValid(c, session.csrf, typeof form._csrf === "string" ? form._csrf : undefined)) {
    return c.json({ error: { code: "csrf_failed", message: "the form's CSRF token is missing or wrong" } }, 403);
  }
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure: cookieOptions(c.env, 0).secure });
  return c.redirect("/dash/signin?msg=Signed%20out", 303);
});
