// The products that take text replies in this worker (docs/architecture.md, "Messaging"), as
// call-owners.ts lists the call owners. A product's handler is registered here when the product runs
// here; a reply for a product not registered goes to triage.
import { ReplyHandlers } from "../engine/messaging/reply-handlers";

export const replyHandlers = new ReplyHandlers();
