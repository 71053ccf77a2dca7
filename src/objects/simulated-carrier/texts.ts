// The simulated carrier's texts (docs/architecture.md, "Running offline"): what Twilio would do with a
// text we send to a simulated party — report it delivered, and later post the party's answer, if its
// persona gives one — kept as due items in the carrier's SQLite and played by its alarm, on the scaled
// clock. The reports and answers go to the thread the way Twilio's webhooks would.
import { DEFAULT_CLOCK_SCALE } from "../../domain/simulation";
import { partyReply, smsPersonaFor } from "../../simulation/sms-parties";

export type DueText = {
  n: number;
  at: number;
  kind: "delivered" | "reply";
  ours: string;
  theirs: string;
  message_id: string;
  provider_sid: string;
  body: string;
};

/** Time for a simulated text to reach the handset. */
const DELIVERY_MS = 150;

export function textsSchema(sql: SqlStorage): void {
  sql.exec(
    "CREATE TABLE IF NOT EXISTS due_texts (n INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL, ours TEXT NOT NULL, theirs TEXT NOT NULL, message_id TEXT NOT NULL, provider_sid TEXT NOT NULL, body TEXT NOT NULL)",
  );
}

/** A provider sid for a simulated text, stable per message (Twilio's shape: SM and 32 characters). */
export function simulatedSid(messageId: string, suffix = ""): string {
  return `SM${(messageId.replace(/^msg_/, "") + suffix).slice(0, 32).padEnd(32, "0")}`;
}

/** What receiving one text makes due: its delivery report, and the party's answer. */
export function dueAfterText(text: { ours: string; theirs: string; message_id: string; body: string }, now: number, clockScale = DEFAULT_CLOCK_SCALE): Omit<DueText, "n">[] {
  const sid = simulatedSid(text.message_id);
  const due: Omit<DueText, "n">[] = [{ at: now + DELIVERY_MS, kind: "delivered", ...text, body: "", provider_sid: sid }];
  const reply = partyReply(smsPersonaFor(text.theirs), text.body);
  if (reply) {
    const replySid = `SM${[...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
    due.push({
      at: now + DELIVERY_MS + Math.round(reply.after_sim_ms / clockScale),
      kind: "reply",
      ours: text.ours,
      theirs: text.theirs,
      message_id: text.message_id,
      provider_sid: replySid,
      body: reply.text,
    });
  }
  return due;
}
