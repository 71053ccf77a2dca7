// The ledger's confirmation texts, in the words Twilio's Advanced Opt-Out sends by default, so a
// contact hears the same thing whether Twilio or Folio answers the keyword.
import type { KeywordReply } from "./contact-ledger";

export function confirmationText(reply: KeywordReply): string {
  switch (reply) {
    case "opted_out":
      return "You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.";
    case "opted_in":
      return "You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe.";
    case "help":
      return "Reply STOP to unsubscribe. Msg&Data Rates May Apply.";
  }
}
