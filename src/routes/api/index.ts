// The JSON API's routers, mounted in one place. The Worker serves them under /api behind a Bearer key;
// the dashboard mounts the same list behind its session (src/dash/api.ts), so the two cannot drift.
import type { Hono } from "hono";
import type { AppEnv } from "../../http/auth";
import { adminRoutes } from "./admin";
import { devRoutes } from "./dev";
import { escalationsRoutes } from "./escalations";
import { fileLinkRoutes } from "./files";
import { folioReviewRoutes } from "./folio-review";
import { hotelsRoutes } from "./hotels";
import { importRoutes } from "./import";
import { inboxRoutes } from "./inbox";
import { keysRoutes } from "./keys";
import { contactsRoutes } from "./contacts";
import { messagesRoutes } from "./messages";
import { phoneNumbersRoutes } from "./phone-numbers";
import { recordsRoutes } from "./records";

/** Mounts every API router on `api` (paths relative to /api); authentication is the caller's. */
export function mountApiRoutes(api: Hono<AppEnv>): Hono<AppEnv> {
  api.route("/records", importRoutes);
  api.route("/records", recordsRoutes);
  api.route("/records", folioReviewRoutes);
  api.route("/keys", keysRoutes);
  api.route("/hotels", hotelsRoutes);
  api.route("/phone-numbers", phoneNumbersRoutes);
  api.route("/", messagesRoutes);
  api.route("/contacts", contactsRoutes);
  api.route("/", adminRoutes);
  api.route("/", inboxRoutes);
  api.route("/escalations", escalationsRoutes);
  api.route("/dev", devRoutes);
  api.route("/", fileLinkRoutes);
  return api;
}
