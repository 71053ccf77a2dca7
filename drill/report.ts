// How a drill hands its figures to scripts/drill.mjs: one `DRILL {json}` line on the console.
export function report(part: string, figures: Record<string, unknown> & { violations: Record<string, number> }): void {
  console.log(`DRILL ${JSON.stringify({ [part]: figures })}`);
}

export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
