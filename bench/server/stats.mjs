/** Percentiles of a list of milliseconds (nearest rank), and ratio formatting for the tables. */
export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values) => percentile(values, 50);
export const ms = (value) => (Number.isFinite(value) ? value.toFixed(1) : '—');
export const ratio = (value, base) => (base > 0 ? `${(value / base).toFixed(2)}x` : '—');

/** Runs `task(i)` for i in [0, count) with at most `concurrency` in flight. */
export async function pool(count, concurrency, task) {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}
