// One thread: the texts between one of our numbers and one of theirs (docs/architecture.md,
// "Messaging"). It is the one writer of its texts. Out: a text is stored under its id (so a redelivered
// send is a no-op), checked against the contact ledger, given the sender number's next slot, and sent
// once; its status reports are kept. In: a text is stored under the provider's id, shown to the ledger
// (STOP, START, HELP), then routed — the oldest open expectation, else the product owning our number,
// else triage — and handed to the product through an outbox until its handler takes it.
import { createLogger, errorFields, type Logger } from "../../platform/log";
import type { PiiCipher } from "../../platform/pii-cipher";
import { confirmationText } from "./confirmations";
import { advanceStatus, messageIdFor, type MessageStatus, type OutboundMessage } from "./message";
import type { ContactLedgerPort, PacerPort, Reply, ReplyHandlersPort, SmsProvider } from "./ports";
import { routeReply, type Expectation } from "./reply-routing";
import { smsSegments } from "./segments";
import { RESUME_ROUTING_MS, ThreadStore, type MessageRow, type StatusReport } from "./thread-store";

export interface ThreadPair {
  ours: string;
  theirs: string;
}

export interface ThreadPorts {
  cipher: () => Promise<PiiCipher>;
  ledger: ContactLedgerPort;
  pacer: PacerPort;
  provider: () => SmsProvider | null;
  handlers: ReplyHandlersPort;
  /** The product that owns our number (the routing table), or null. */
  numberOwner: (ours: string) => Promise<string | null>;
  /** The read model; a failure is retried by the alarm. */
  project: (pair: ThreadPair, rows: readonly MessageRow[]) => Promise<void>;
  /** The object's alarm, set to the earliest of the times asked for. */
  wakeAt: (at: number) => Promise<void>;
  log?: Logger;
  now?: () => number;
}

export type SendOutcome = { message_id: string; status: MessageStatus; duplicate: boolean; detail?: string | null };

export type InboundOutcome = { message_id: string; duplicate: boolean; routed: string; late: boolean };

export interface MessageView {
  message_id: string;
  direction: "out" | "in";
  status: MessageStatus;
  error_code: number | null;
  detail: string | null;
  body: string;
  segments: number;
  encoding: string;
  product: string | null;
  routed: string | null;
  late: boolean;
  created_at: string;
  updated_at: string;
  statuses: Array<{ status: string; error_code: number | null; at: string }>;
}

/** A slot this close is now: not worth an alarm. */
const PACE_NOW_MS = 25;
const DELIVERY_RETRY_MS = [1_000, 5_000, 30_000, 120_000, 600_000];
const MAX_HISTORY = 500;

export class Thread {
  readonly store: ThreadStore;
  private readonly log: Logger;
  private readonly now: () => number;
  /** Inbound texts this instance is routing now (their requests are still awaiting the ledger or a product). */
  private readonly routing = new Set<string>();

  constructor(
    storage: DurableObjectStorage,
    private readonly ports: ThreadPorts,
  ) {
    this.store = new ThreadStore(storage);
    this.log = ports.log ?? createLogger(undefined, { service: "thread" });
    this.now = ports.now ?? Date.now;
    // A text left `sending` belongs to an instance that died mid-request: it may have gone out, so it
    // is never sent again (Twilio has no idempotency key) — an operator sees it as `unknown`.
    for (const row of this.store.withStatus("sending")) this.store.update(row.message_id, { status: "unknown", detail: "the send was interrupted; it may or may not have gone" }, this.now());
  }

  /** Sends a text once, however often it is asked for. */
  async send(pair: ThreadPair, message: OutboundMessage): Promise<SendOutcome> {
    const known = this.store.message(message.message_id);
    if (known) return { message_id: known.message_id, status: known.status, duplicate: true, detail: known.detail };
    // Sealing, the ledger and the pacer side by side: they are the send's whole latency. A text the
    // ledger blocks wastes its slot, which only spaces the sender's next text a little more.
    const cipher = await this.ports.cipher();
    const [sealed, decision, slot] = await Promise.all([
      cipher.seal(message.body),
      message.confirmation ? Promise.resolve({ ok: true } as const) : this.ports.ledger.mayContact(pair.theirs, "sms", pair.ours),
      this.ports.pacer.reserve(pair.ours),
    ]);
    const segments = smsSegments(message.body);
    const now = this.now();
    const blocked = decision.ok ? null : `${decision.reason}: ${decision.detail}`;
    const paced = !blocked && slot > now + PACE_NOW_MS;
    // The claim: of two deliveries of one text racing through the awaits above, one inserts it.
    const inserted = this.store.insert({
      message_id: message.message_id,
      direction: "out",
      provider_sid: null,
      status: blocked ? "blocked" : paced ? "paced" : "accepted",
      error_code: null,
      detail: blocked,
      segments: segments.segments,
      encoding: segments.encoding,
      body_sealed: sealed,
      product: message.product,
      cause: message.cause,
      routed: null,
      late: 0,
      send_at: paced ? slot : null,
      created_at: now,
      updated_at: now,
    });
    if (!inserted) {
      const row = this.store.message(message.message_id)!;
      return { message_id: row.message_id, status: row.status, duplicate: true, detail: row.detail };
    }
    if (message.expect) {
      this.store.expect({ id: message.message_id, product: message.product, about: message.expect.about, created_at: now, deadline_at: message.expect.deadline_at });
    }
    if (blocked) {
      this.log.info("text blocked by the contact ledger", { message_id: message.message_id, reason: decision.ok ? null : decision.reason, product: message.product });
      await this.project(pair);
      return { message_id: message.message_id, status: "blocked", duplicate: false, detail: blocked };
    }
    if (paced) {
      await this.ports.wakeAt(slot);
      await this.project(pair);
      return { message_id: message.message_id, status: "paced", duplicate: false };
    }
    const status = await this.dispatch(pair, message.message_id, message.body);
    await this.project(pair);
    return { message_id: message.message_id, status, duplicate: false };
  }

  /** An expectation registered on its own (the product asked by another channel, a call): idempotent by id. */
  expect(expectation: { id: string; product: string; about: string; deadline_at: number }): void {
    this.store.expect({ ...expectation, created_at: this.now() });
  }

  /** The one provider request for a text; claimed first, so no second caller can make it. */
  private async dispatch(pair: ThreadPair, id: string, body?: string): Promise<MessageStatus> {
    if (!this.store.claim(id, ["accepted", "paced"], "sending", this.now())) return this.store.message(id)!.status;
    const provider = this.ports.provider();
    if (!provider) {
      this.store.update(id, { status: "failed", detail: "no SMS provider is configured" }, this.now());
      return "failed";
    }
    const text = body ?? (await (await this.ports.cipher()).open(this.store.message(id)!.body_sealed));
    let result;
    try {
      result = await provider.send({ message_id: id, from: pair.ours, to: pair.theirs, body: text });
    } catch (err) {
      result = { ok: false as const, kind: "unknown" as const, message: String(err) };
    }
    const now = this.now();
    if (result.ok) {
      // Status callbacks may have landed while the request was out: they count too, in order.
      let status = advanceStatus("accepted", result.status);
      let errorCode: number | null = null;
      for (const r of this.store.statusReports(id)) {
        status = advanceStatus(status, r.status);
        errorCode = r.error_code ?? errorCode;
      }
      this.store.update(id, { provider_sid: result.provider_sid, status, ...(status === "failed" || status === "undelivered" ? { error_code: errorCode } : {}) }, now);
    } else if (result.kind === "busy") {
      const at = now + (result.retry_after_ms ?? 1_000);
      this.store.update(id, { status: "paced", send_at: at }, now);
      await this.ports.wakeAt(at);
    } else if (result.kind === "refused") {
      this.store.update(id, { status: "failed", error_code: result.error_code, detail: result.message }, now);
      this.log.warn("text refused by the provider", { message_id: id, error_code: result.error_code });
    } else {
      this.store.update(id, { status: "unknown", detail: result.message }, now);
      this.log.warn("text send lost its answer; not sent again", { message_id: id });
    }
    return this.store.message(id)!.status;
  }

  /** A provider's status report (`queued`, `sent`, `delivered`, `undelivered`, `failed` with a code). */
  async providerStatus(pair: ThreadPair, report: { message_id: string | null; provider_sid: string; status: string; error_code: number | null }): Promise<boolean> {
    const row = (report.message_id ? this.store.message(report.message_id) : null) ?? this.store.messageBySid(report.provider_sid);
    if (!row || row.direction !== "out") return false;
    const now = this.now();
    this.store.addStatusReport({ message_id: row.message_id, status: report.status, error_code: report.error_code, at: now });
    // While the request is out, the report waits in status_reports for dispatch to fold in.
    const status = row.status === "sending" ? row.status : advanceStatus(row.status, report.status);
    const fields: Parameters<ThreadStore["update"]>[1] = {};
    if (!row.provider_sid && row.status !== "sending") fields.provider_sid = report.provider_sid;
    if (status !== row.status) fields.status = status;
    if (report.error_code !== null && (status === "failed" || status === "undelivered")) fields.error_code = report.error_code;
    this.store.update(row.message_id, fields, now);
    await this.project(pair);
    return true;
  }

  /** An inbound text, once per provider id: the ledger's keywords first, then its product. */
  async inbound(pair: ThreadPair, text: { provider_sid: string; body: string }): Promise<InboundOutcome> {
    const id = await messageIdFor(`in:${pair.ours}:${pair.theirs}:${text.provider_sid}`);
    const known = this.store.message(id);
    if (known) return this.resume(pair, known);
    const sealed = await (await this.ports.cipher()).seal(text.body);
    const segments = smsSegments(text.body);
    const receivedAt = this.now();
    const claimed = this.store.insert({
      message_id: id,
      direction: "in",
      provider_sid: text.provider_sid,
      status: "received",
      error_code: null,
      detail: null,
      segments: segments.segments,
      encoding: segments.encoding,
      body_sealed: sealed,
      product: null,
      cause: null,
      routed: null,
      late: 0,
      send_at: null,
      created_at: receivedAt,
      updated_at: receivedAt,
    });
    if (!claimed) return this.resume(pair, this.store.message(id)!);
    return this.route(pair, id, text);
  }

  /**
   * A text seen before: done, or being routed by this instance (a redelivery racing the first), or left
   * half-way by an instance that died (the ledger or a product was down): routed now. The ledger answers
   * a keyword it has seen the same way, and the confirmation's id is the inbound one's, so nothing doubles.
   */
  private async resume(pair: ThreadPair, row: MessageRow): Promise<InboundOutcome> {
    if (row.routed !== null || this.routing.has(row.message_id)) return { message_id: row.message_id, duplicate: true, routed: row.routed ?? "pending", late: row.late === 1 };
    const body = await (await this.ports.cipher()).open(row.body_sealed);
    if (this.store.message(row.message_id)!.routed !== null || this.routing.has(row.message_id))
      return { message_id: row.message_id, duplicate: true, routed: row.routed ?? "pending", late: row.late === 1 };
    return this.route(pair, row.message_id, { provider_sid: row.provider_sid!, body });
  }

  private async route(pair: ThreadPair, id: string, text: { provider_sid: string; body: string }): Promise<InboundOutcome> {
    this.routing.add(id);
    try {
      // Should this request die half-way, the alarm takes the text up again.
      await this.ports.wakeAt(this.now() + RESUME_ROUTING_MS);
      const keyword = await this.ports.ledger.inbound(pair.theirs, pair.ours, text.body, text.provider_sid);
      if (keyword.reply) {
        await this.send(pair, {
          message_id: await messageIdFor(`confirm:${pair.ours}:${pair.theirs}:${text.provider_sid}`),
          from: pair.ours,
          to: pair.theirs,
          body: confirmationText(keyword.reply),
          product: "ledger",
          cause: `confirm:${text.provider_sid}`,
          expect: null,
          confirmation: true,
        });
      }
      if (keyword.consumed) {
        this.store.update(id, { routed: "ledger" }, this.now());
        await this.project(pair);
        return { message_id: id, duplicate: false, routed: "ledger", late: false };
      }
      const owner = await this.ports.numberOwner(pair.ours);
      const receivedAt = this.store.message(id)!.created_at;
      // Routing and answering the expectation happen with no await between them: a second reply arriving
      // meanwhile must see the expectation taken.
      const route = routeReply(this.store.expectations(), owner, receivedAt);
      let routed: string;
      let late = false;
      if (route.kind === "expectation") {
        this.store.answer(route.expectation.id, id);
        routed = `expectation:${route.expectation.id}`;
        late = route.late;
        this.store.addDelivery(id, route.expectation.product, receivedAt);
      } else if (route.kind === "owner") {
        routed = `owner:${route.product}`;
        this.store.addDelivery(id, route.product, receivedAt);
      } else routed = "triage";
      this.store.update(id, { routed, late: late ? 1 : 0 }, this.now());
      if (routed !== "triage") await this.deliver(pair, id);
      await this.project(pair);
      return { message_id: id, duplicate: false, routed, late };
    } finally {
      this.routing.delete(id);
    }
  }

  /** The alarm: paced texts whose slot came, replies a product has not taken yet, the read model. */
  async alarm(pair: ThreadPair): Promise<void> {
    const now = this.now();
    for (const row of this.store.unrouted(now - RESUME_ROUTING_MS)) await this.resume(pair, row);
    for (const row of this.store.withStatus("paced")) if ((row.send_at ?? 0) <= now + PACE_NOW_MS) await this.dispatch(pair, row.message_id);
    for (const d of this.store.pendingDeliveries(now)) await this.deliver(pair, d.message_id);
    await this.project(pair);
    const next = this.store.nextDue();
    if (next !== null) await this.ports.wakeAt(next);
    else if (this.store.unprojected(1).length) await this.ports.wakeAt(this.now() + 5_000);
  }

  private async deliver(pair: ThreadPair, id: string): Promise<void> {
    const delivery = this.store.pendingDeliveries(Number.MAX_SAFE_INTEGER).find((d) => d.message_id === id);
    const row = this.store.message(id);
    if (!delivery || !row) return;
    const expectation = row.routed?.startsWith("expectation:") ? (this.store.expectations().find((e) => `expectation:${e.id}` === row.routed) ?? null) : null;
    const reply: Reply = {
      message_id: id,
      ours: pair.ours,
      theirs: pair.theirs,
      body: await (await this.ports.cipher()).open(row.body_sealed),
      received_at: row.created_at,
      route: expectation ? { kind: "expectation", expectation, late: row.late === 1 } : { kind: "owner", product: delivery.product },
    };
    try {
      if (!(await this.ports.handlers.deliver(delivery.product, reply))) {
        // No such product in this worker: the reply goes to triage rather than waiting forever.
        this.store.delivered(id, this.now());
        this.store.update(id, { routed: "triage", detail: `no reply handler for ${delivery.product}` }, this.now());
        return;
      }
      this.store.delivered(id, this.now());
    } catch (err) {
      const at = this.now() + DELIVERY_RETRY_MS[Math.min(delivery.attempts, DELIVERY_RETRY_MS.length - 1)]!;
      this.store.deliveryFailed(id, at);
      this.log.warn("reply handler failed; retrying", { message_id: id, product: delivery.product, attempts: delivery.attempts + 1, ...errorFields(err) });
      await this.ports.wakeAt(at);
    }
  }

  private async project(pair: ThreadPair): Promise<void> {
    const rows = this.store.unprojected(100);
    if (rows.length === 0) return;
    try {
      await this.ports.project(pair, rows);
      this.store.markProjected(rows);
    } catch (err) {
      this.log.warn("thread projection failed; the alarm retries", errorFields(err));
      await this.ports.wakeAt(this.now() + 5_000);
    }
  }

  /** The thread for reading: every text with its status reports, bodies opened. */
  async history(): Promise<{ messages: MessageView[]; expectations: Expectation[] }> {
    const cipher = await this.ports.cipher();
    const rows = this.store.all(MAX_HISTORY);
    const messages = await Promise.all(rows.map(async (r) => view(r, await cipher.open(r.body_sealed), this.store.statusReports(r.message_id))));
    return { messages, expectations: this.store.expectations() };
  }
}

function view(r: MessageRow, body: string, reports: StatusReport[]): MessageView {
  return {
    message_id: r.message_id,
    direction: r.direction,
    status: r.status,
    error_code: r.error_code,
    detail: r.detail,
    body,
    segments: r.segments,
    encoding: r.encoding,
    product: r.product,
    routed: r.routed,
    late: r.late === 1,
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
    statuses: reports.map((s) => ({ status: s.status, error_code: s.error_code, at: new Date(s.at).toISOString() })),
  };
}
