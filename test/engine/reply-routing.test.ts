// An inbound text answers the oldest open expectation on its thread (late if past its deadline, never
// dropped), else goes to the product that owns our number, else to triage.
import { describe, expect, it } from "vitest";
import { routeReply, type Expectation } from "../../src/engine/messaging/reply-routing";

const expectation = (id: string, created: number, deadline: number, answered: string | null = null): Expectation => ({
  id,
  product: "maintenance",
  about: `offer_${id}`,
  created_at: created,
  deadline_at: deadline,
  answered_by: answered,
});

describe("routeReply", () => {
  it("answers the oldest open expectation, on time or late", () => {
    const both = [expectation("b", 200, 900), expectation("a", 100, 500)];
    expect(routeReply(both, "maintenance", 300)).toMatchObject({ kind: "expectation", expectation: { id: "a" }, late: false });
    expect(routeReply(both, "maintenance", 501)).toMatchObject({ kind: "expectation", expectation: { id: "a" }, late: true });
    // Once "a" has its answer, the next reply is for "b".
    const answered = [expectation("b", 200, 900), expectation("a", 100, 500, "msg_1")];
    expect(routeReply(answered, null, 600)).toMatchObject({ kind: "expectation", expectation: { id: "b" }, late: false });
  });

  it("with nothing open, goes to the number's owner, else to triage", () => {
    expect(routeReply([expectation("a", 100, 500, "msg_1")], "booking", 600)).toEqual({ kind: "owner", product: "booking" });
    expect(routeReply([], null, 600)).toEqual({ kind: "triage" });
  });
});
