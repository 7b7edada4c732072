/**
 * 200 requests per minute per token, Laravel's `throttle` way: the first request opens a
 * one-minute window on the simulator's clock; past the limit the answer is 429 with
 * `Retry-After` (seconds) until the window closes.
 */
export const REQUESTS_PER_MINUTE = 200;
const WINDOW_MS = 60_000;

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Whole seconds until the window closes (at least 1). */
  readonly retryAfterSeconds: number;
  /** Epoch seconds when the window closes. */
  readonly resetAt: number;
}

export interface RateLimiter {
  hit(key: string, now: number): RateDecision;
}

export function createRateLimiter(limit = REQUESTS_PER_MINUTE): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    hit(key, now) {
      let window = windows.get(key);
      if (!window || now >= window.start + WINDOW_MS) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      window.count += 1;
      const closesAt = window.start + WINDOW_MS;
      return {
        allowed: window.count <= limit,
        limit,
        remaining: Math.max(limit - window.count, 0),
        retryAfterSeconds: Math.max(Math.ceil((closesAt - now) / 1000), 1),
        resetAt: Math.ceil(closesAt / 1000),
      };
    },
  };
}
