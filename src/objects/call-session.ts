// CallSession: one Durable Object per call, owner of the Twilio media socket (DESIGN §5).
// The call engine is the next piece of work; until it lands this object refuses every request
// with a clear answer rather than pretending to run a call.
import { DurableObject } from "cloudflare:workers";

export class CallSession extends DurableObject<Env> {
  override async fetch(): Promise<Response> {
    return Response.json(
      { error: { code: "not_implemented", message: "the call engine is not built yet" } },
      { status: 501 },
    );
  }
}
