// The kinds of object that place calls and hear how they ended (CallOwner), registered here in the shell
// so the engine imports none of them (docs/architecture.md, "The dependency rule"). A product whose line
// places calls adds its type; a call stores its owner's type and id, so a type, once used, keeps its name.
import { CallOwners } from "../engine/call-owner";
import { hotelStub } from "./hotel-line";
import { HOTEL_LINE_OWNER } from "./hotel-line/owner";

export const callOwners = new CallOwners();

callOwners.register(HOTEL_LINE_OWNER, (env) => (phone) => ({
  async callFinished(report) {
    await hotelStub(env, phone).callFinished(report);
  },
}));
