/**
 * How long Cashfin asked us to wait. A 429 carries `retry_after` (seconds) in the body and/or a
 * `Retry-After` header (seconds or an HTTP date); both are honoured, the longer wins. Without
 * either, `X-RateLimit-Reset` (unix seconds) says when the window opens again.
 */

/** Never wait longer than a day on the provider's word: a bad header must not stall a payment forever. */
const MAX_WAIT_MS = 86_400_000;

export interface RetryHints {
  /** The body's `retry_after`, as sent (number or numeric text). */
  readonly bodyRetryAfter?: unknown;
  readonly retryAfterHeader?: string | null | undefined;
  readonly rateLimitResetHeader?: string | null | undefined;
}

function seconds(value: unknown): number | undefined {
  const number =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)
        ? Number(value)
        : undefined;
  return number !== undefined && Number.isFinite(number) && number >= 0
    ? Math.round(number * 1000)
    : undefined;
}

function fromHeader(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const delta = seconds(value);
  if (delta !== undefined) return delta;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function fromReset(value: string | null | undefined, nowMs: number): number | undefined {
  const resetMs = seconds(value);
  return resetMs === undefined ? undefined : Math.max(0, resetMs - nowMs);
}

/** Milliseconds to wait, or undefined when Cashfin gave no usable hint. */
export function retryAfterMs(hints: RetryHints, nowMs: number): number | undefined {
  const asked = [seconds(hints.bodyRetryAfter), fromHeader(hints.retryAfterHeader, nowMs)].filter(
    (ms): ms is number => ms !== undefined,
  );
  const wait = asked.length > 0 ? Math.max(...asked) : fromReset(hints.rateLimitResetHeader, nowMs);
  return wait === undefined ? undefined : Math.min(wait, MAX_WAIT_MS);
}
