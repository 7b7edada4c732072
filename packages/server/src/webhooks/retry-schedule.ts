/**
 * When a failed delivery is tried again: exponential backoff with full jitter (a random delay
 * between 0 and a ceiling that doubles each retry, from `firstRetryDelayMs` up to
 * `maxRetryDelayMs`), for at least `retryWindowMs` (72 h by default) after the event. The last
 * retry is placed at the end of the window, so a merchant down for up to 72 h still gets it. A
 * `Retry-After` longer than the jittered delay wins (capped at the ceiling, so one header cannot
 * park a delivery for a month).
 */

export interface RetryTimings {
  readonly retryWindowMs: number;
  readonly firstRetryDelayMs: number;
  readonly maxRetryDelayMs: number;
  readonly random: () => number;
}

/** The ceiling of the delay before retry number `attempts` (1 = the first retry). */
export function retryCeiling(attempts: number, timings: RetryTimings): number {
  const exponent = Math.min(Math.max(0, attempts - 1), 40);
  return Math.min(timings.maxRetryDelayMs, timings.firstRetryDelayMs * 2 ** exponent);
}

/**
 * The next attempt's time after a failure at `now` (`attempts` sends so far), or `undefined`
 * when the window is spent and the delivery has failed for good.
 */
export function nextAttemptAt(
  createdAt: number,
  now: number,
  attempts: number,
  timings: RetryTimings,
  retryAfterMs?: number,
): number | undefined {
  const deadline = createdAt + timings.retryWindowMs;
  if (now >= deadline) return undefined;
  const ceiling = retryCeiling(attempts, timings);
  const jittered = Math.floor(timings.random() * ceiling);
  const delay = Math.max(jittered, Math.min(retryAfterMs ?? 0, timings.maxRetryDelayMs), 1);
  return Math.min(now + delay, deadline);
}

/** `Retry-After` in ms: delta-seconds or an HTTP date; `undefined` when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
