/**
 * Cashfin's per-plan rate limits (cashfin.md): fixed windows on the simulator's clock, counted
 * per client secret. Every answer carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and
 * `X-RateLimit-Reset` (unix seconds) for the window closest to running out.
 */
import { createHash } from 'node:crypto';

export interface RateWindow {
  readonly windowMs: number;
  readonly limit: number;
}

/** Cashfin's plans as documented: per second, per minute, per day. */
export const cashfinPlans = Object.freeze({
  free: { perSecond: 5, perMinute: 60, perDay: 1_000 },
  starter: { perSecond: 10, perMinute: 300, perDay: 10_000 },
  professional: { perSecond: 25, perMinute: 1_000, perDay: 100_000 },
});

/**
 * The simulated account is on Professional. Its per-second burst limit is not enforced: test
 * suites fire requests faster than any shop would, and a flaky 429 would hide real failures
 * (queue an `http` 429 fault to test throttling instead).
 */
export const defaultRateWindows: readonly RateWindow[] = Object.freeze([
  { windowMs: 60_000, limit: cashfinPlans.professional.perMinute },
  { windowMs: 86_400_000, limit: cashfinPlans.professional.perDay },
]);

export interface RateDecision {
  readonly allowed: boolean;
  readonly limit: number;
  readonly remaining: number;
  /** Unix seconds when the reported window starts afresh. */
  readonly resetAt: number;
  /** Whole seconds until a refused caller may try again (at least 1). */
  readonly retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one request for `credential` (hashed, never kept in clear) and decides whether it may pass. */
  take(credential: string): RateDecision;
}

export function createRateLimiter(
  now: () => number,
  windows: readonly RateWindow[] = defaultRateWindows,
): RateLimiter {
  // Window start per (window, caller); stale entries are replaced when their window moves on.
  const counts = new Map<string, { start: number; used: number }>();
  return {
    take(credential) {
      const caller = createHash('sha256').update(credential).digest('hex').slice(0, 16);
      const at = now();
      const states = windows.map((window, index) => {
        const start = Math.floor(at / window.windowMs) * window.windowMs;
        const key = `${index}:${caller}`;
        const entry = counts.get(key);
        const current = entry && entry.start === start ? entry : { start, used: 0 };
        counts.set(key, current);
        return { window, current, resetMs: start + window.windowMs };
      });
      const refusing = states.filter((s) => s.current.used >= s.window.limit);
      if (refusing.length === 0) for (const s of states) s.current.used += 1;
      // Report the window that is refusing (the longest wait), else the one closest to its limit.
      const reported =
        refusing.sort((a, b) => b.resetMs - a.resetMs)[0] ??
        [...states].sort(
          (a, b) => a.window.limit - a.current.used - (b.window.limit - b.current.used),
        )[0];
      if (!reported) {
        return { allowed: true, limit: 0, remaining: 0, resetAt: 0, retryAfterSeconds: 1 };
      }
      return {
        allowed: refusing.length === 0,
        limit: reported.window.limit,
        remaining: Math.max(0, reported.window.limit - reported.current.used),
        resetAt: Math.ceil(reported.resetMs / 1000),
        retryAfterSeconds: Math.max(1, Math.ceil((reported.resetMs - at) / 1000)),
      };
    },
  };
}
