// Structured JSON logs. Callers pass ids and counts, never record contents: PII stays in the
// encrypted event store. `redact` is the last line of defence for keys that must never be logged.
type Level = "debug" | "info" | "warn" | "error";
const order: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEYS = /(key|token|secret|password|authorization|guest|name|email|confirmation|phone_raw|notes|transcript)/i;

export type LogFields = Record<string, string | number | boolean | null | undefined>;

function redact(fields: LogFields): LogFields {
  const out: LogFields = {};
  for (const [k, v] of Object.entries(fields)) out[k] = SECRET_KEYS.test(k) && k !== "key_id" ? "[redacted]" : v;
  return out;
}

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function createLogger(level: string | undefined, base: LogFields = {}): Logger {
  const min = order[(level as Level) in order ? (level as Level) : "info"];
  const emit = (lvl: Level, msg: string, fields: LogFields = {}) => {
    if (order[lvl] < min) return;
    const line = JSON.stringify({ level: lvl, msg, time: new Date().toISOString(), ...redact({ ...base, ...fields }) });
    if (lvl === "error") console.error(line);
    else if (lvl === "warn") console.warn(line);
    else console.log(line);
  };
  return {
    debug: (m, f) => emit("debug", m, f),
    info: (m, f) => emit("info", m, f),
    warn: (m, f) => emit("warn", m, f),
    error: (m, f) => emit("error", m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }),
  };
}

/** A logger whose lines carry fields known only later (an object's settings, read when a line is logged). */
export function withLateFields(log: Logger, fields: () => LogFields): Logger {
  const add = (f?: LogFields): LogFields => ({ ...fields(), ...f });
  return {
    debug: (m, f) => log.debug(m, add(f)),
    info: (m, f) => log.info(m, add(f)),
    warn: (m, f) => log.warn(m, add(f)),
    error: (m, f) => log.error(m, add(f)),
    child: (f) => withLateFields(log.child(f), fields),
  };
}

/** Longest error message a log line carries. */
const ERROR_MESSAGE_MAX = 300;

// Errors echo their input: a mail server the address it refused, JSON.parse the text it choked on
// (a reply that said a guest's name), a provider the value it rejected. Keys cannot redact that, so an
// error's text is masked before it is logged: addresses, anything in double quotes, long numbers, and
// codes that mix capitals and digits (a confirmation number). Errors are logged with errorFields only.
const MASKS: ReadonlyArray<readonly [RegExp, (match: string) => string]> = [
  [/[^\s@"'<>(),;:]+@[^\s@"'<>(),;:]+/g, () => "[email]"],
  [/"[^"]*"|\u201c[^\u201d]*\u201d/g, () => '"[…]"'],
  // A phone or card number (8 digits or more, however grouped); "550 5.1.1" or "HTTP 500" stay.
  [/\+?\d[\d ().-]{6,}\d/g, (m) => (m.replace(/\D/g, "").length >= 8 ? "[number]" : m)],
  [/\b(?=[A-Z0-9]*\d[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{5,}\b/g, () => "[code]"],
];

/** An error's text as a log may carry it: masked, then trimmed. */
export function loggableText(text: string): string {
  return MASKS.reduce((t, [pattern, mask]) => t.replace(pattern, mask), text).slice(0, ERROR_MESSAGE_MAX);
}

/** How a log line carries an error (never `String(err)`, which would bypass the masks and the trim). */
export function errorFields(err: unknown): LogFields {
  return err instanceof Error ? { error: err.name, error_message: loggableText(err.message) } : { error: loggableText(String(err)) };
}
