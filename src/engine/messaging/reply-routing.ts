// Where an inbound text goes (docs/architecture.md, "Messaging"). A product that sent something it wants
// an answer to (an offer to a vendor, a reminder to a patient) registers an expectation on the thread
// (our number, their number) with a deadline. A reply answers the oldest expectation still open; one
// that arrives after the deadline is still delivered, marked late, because a vendor's late "YES" is
// something a person must see, never something to drop. With nothing expected, the reply goes to the
// product that owns our number; with no owner, to the triage list.

export type Expectation = {
  id: string;
  /** The product waiting, and what it waits about (its own key: an offer, an appointment). */
  product: string;
  about: string;
  created_at: number;
  deadline_at: number;
  /** Set once a reply answered it: it takes no second reply. */
  answered_by: string | null;
};

export type ReplyRoute = { kind: "expectation"; expectation: Expectation; late: boolean } | { kind: "owner"; product: string } | { kind: "triage" };

export function routeReply(expectations: readonly Expectation[], numberOwner: string | null, receivedAt: number): ReplyRoute {
  const open = expectations.filter((e) => e.answered_by === null).sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const oldest = open[0];
  if (oldest) return { kind: "expectation", expectation: oldest, late: receivedAt > oldest.deadline_at };
  if (numberOwner) return { kind: "owner", product: numberOwner };
  return { kind: "triage" };
}
