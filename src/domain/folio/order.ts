// Which way round the document writes numeric dates. One document uses one order, so the choice is
// made once, from the strongest evidence available:
// 1. the record's stay: the order that puts arrival and departure (and item dates) on the stay, ±1 day;
// 2. the document itself: any numeric date with a part above 12 (13/10/2026 can only be DMY);
// 3. a plausible stay: departure not before arrival, item dates inside it, the shorter stay;
// 4. the currency: US dollars read MDY, everything else DMY.
import { daysBetween, orderEvidence, resolveDate, type DateCand, type DateOrder } from "./dates";

export interface OrderInput {
  arrival: DateCand | null;
  departure: DateCand | null;
  items: DateCand[];
  /** Every date in the document. */
  all: DateCand[];
  record?: { check_in: string; check_out: string } | undefined;
  currency: string | null;
  near: string | null;
}

export type OrderBasis = "record" | "document" | "stay" | "currency";

const within = (iso: string | null, from: string, to: string, slack = 1) => iso !== null && daysBetween(from, iso) >= -slack && daysBetween(iso, to) >= -slack;

export function chooseDateOrder(input: OrderInput): { order: DateOrder; basis: OrderBasis } {
  const orders: DateOrder[] = ["DMY", "MDY"];
  const read = (c: DateCand | null, o: DateOrder) => (c ? resolveDate(c, o, input.near) : null);
  const pickBest = (score: (o: DateOrder) => number): DateOrder | null => {
    const [a, b] = orders.map(score) as [number, number];
    return a === b ? null : a > b ? "DMY" : "MDY";
  };

  const { record } = input;
  if (record) {
    const best = pickBest((o) => {
      let s = 0;
      if (within(read(input.arrival, o), record.check_in, record.check_in)) s += 10;
      if (within(read(input.departure, o), record.check_out, record.check_out)) s += 10;
      for (const c of input.items) if (within(read(c, o), record.check_in, record.check_out)) s += 1;
      return s;
    });
    if (best) return { order: best, basis: "record" };
  }

  const evidence = input.all.filter((c) => c.year !== null).map(orderEvidence);
  const dmy = evidence.filter((e) => e === "DMY").length;
  const mdy = evidence.filter((e) => e === "MDY").length;
  if (dmy !== mdy) return { order: dmy > mdy ? "DMY" : "MDY", basis: "document" };

  if (input.arrival && input.departure) {
    const nights = (o: DateOrder) => {
      const a = read(input.arrival, o);
      const d = read(input.departure, o);
      return a && d ? daysBetween(a, d) : null;
    };
    const best = pickBest((o) => {
      const n = nights(o);
      if (n === null || n < 0) return -1000;
      const a = read(input.arrival, o)!;
      const d = read(input.departure, o)!;
      return input.items.filter((c) => within(read(c, o), a, d)).length * 10 - n / 100;
    });
    if (best) return { order: best, basis: "stay" };
  }

  return { order: input.currency === "USD" ? "MDY" : "DMY", basis: "currency" };
}
