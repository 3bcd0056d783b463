// Latency figures for benchmark output.

/** Runs fn and returns how long it took, in ms (monotonic clock). */
export function timeMs(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Nearest-rank percentile (p in 0..1) of ascending-sorted values. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? NaN;
}

export const TABLE_HEADER = `${'n'.padStart(6)}${'p50'.padStart(9)}${'p95'.padStart(9)}${'p99'.padStart(9)}${'max'.padStart(9)}  ms`;

/** One row: count, p50/p95/p99/max in ms, and `extra` (e.g. average hits). */
export function latencyRow(label: string, ms: number[], extra = ''): string {
  const s = [...ms].sort((a, b) => a - b);
  const f = (v: number) => v.toFixed(2).padStart(9);
  return `${label}${String(s.length).padStart(6)}${f(percentile(s, 0.5))}${f(percentile(s, 0.95))}${f(percentile(s, 0.99))}${f(s.at(-1) ?? NaN)}  ${extra}`;
}

export const verdict = (met: boolean): string => (met ? 'met' : 'NOT met');
