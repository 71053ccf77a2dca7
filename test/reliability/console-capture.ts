// Captures everything the isolate writes to the console (workerd's logs: the worker, its Durable
// Objects and queue consumers run in the test's isolate), so a test can scan it.
const methods = ["log", "info", "warn", "error", "debug"] as const;

function text(arg: unknown): string {
  if (typeof arg === "string") return arg;
  if (arg instanceof Error) return `${arg.name}: ${arg.message}\n${arg.stack ?? ""}`;
  try {
    return JSON.stringify(arg);
  } catch {
    return String(arg);
  }
}

export interface Capture {
  lines: string[];
  restore(): void;
}

/** Replaces console methods until restore(); lines are kept, not printed (errors are both). */
export function captureConsole(): Capture {
  const original = Object.fromEntries(methods.map((m) => [m, console[m]])) as Record<(typeof methods)[number], (...a: unknown[]) => void>;
  const lines: string[] = [];
  for (const m of methods) {
    console[m] = (...args: unknown[]) => {
      lines.push(`${m}: ${args.map(text).join(" ")}`);
      if (m === "error") original.error(...args);
    };
  }
  return { lines, restore: () => methods.forEach((m) => (console[m] = original[m])) };
}

/** Every captured line that contains one of `needles` (case-insensitive), with the needle. */
export function leaks(lines: readonly string[], needles: readonly string[]): { needle: string; line: string }[] {
  const out: { needle: string; line: string }[] = [];
  const lower = needles.filter((n) => n.length >= 4).map((n) => [n, n.toLowerCase()] as const);
  for (const line of lines) {
    const l = line.toLowerCase();
    for (const [needle, n] of lower) if (l.includes(n)) out.push({ needle, line: line.slice(0, 400) });
  }
  return out;
}
