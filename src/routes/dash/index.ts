// The operator dashboard (issue 6): server-rendered pages under /dash, signed in with an API key.
// `/` leads here. Assets and sign-in are public; everything else needs a session, every post a CSRF
// token, and every action the operator role.
import { Hono } from "hono";
import { CLIENT_JS, CSS } from "../../dash/assets";
import { authRoutes } from "./auth";
import { callRoutes } from "./calls";
import { requireCsrf, requireSession, securityHeaders, type DashEnv } from "./context";
import { folioReviewPages } from "./folio-review";
import { liveRoutes } from "./live";
import { messagesPages } from "./messages";
import { opsRoutes } from "./ops";
import { pageRoutes } from "./pages";

const dash = new Hono<DashEnv>();
dash.get("/assets/app.css", (c) => c.body(CSS, 200, { "content-type": "text/css; charset=utf-8", "cache-control": "public, max-age=300" }));
dash.get("/assets/app.js", (c) => c.body(CLIENT_JS, 200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=300" }));
dash.route("/", authRoutes);
dash.use("*", requireSession, requireCsrf);
dash.route("/", liveRoutes);
dash.route("/", callRoutes);
dash.route("/", opsRoutes);
dash.route("/", folioReviewPages);
dash.route("/", messagesPages);
dash.route("/", pageRoutes);

export const dashRoutes = new Hono<DashEnv>();
dashRoutes.use("/dash/*", securityHeaders);
dashRoutes.use("/dash", securityHeaders);
dashRoutes.get("/", (c) => c.redirect("/dash", 302));
dashRoutes.route("/dash", dash);
