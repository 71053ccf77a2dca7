// How a composed folio request leaves (issue 5): the Cloudflare send_email binding in production, a
// Resend-style HTTP provider where Email Routing is not set up, and a local outbox (R2 + D1) in
// local mode. The queue consumer only sees `EmailSender`; what it must know from a failure is
// whether a retry can help (EmailSendFailed.permanent).
export { EmailSendError, type EmailSender, type SendResult } from "./send-error";
export { CloudflareSender, type EmailMessageFactory } from "./cloudflare-sender";
export { HttpSender, type HttpSenderOptions } from "./http-sender";
export { LocalOutboxSender, EMAIL_OUTBOX_MIGRATION, outboxKey } from "./outbox-sender";
