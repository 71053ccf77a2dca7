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

export function errorFields(err: unknown): LogFields {
  return err instanceof Error ? { error: err.name, error_message: err.message.slice(0, 300) } : { error: String(err).slice(0, 300) };
}
