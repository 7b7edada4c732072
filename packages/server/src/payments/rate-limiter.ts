/**
 * A tiny fixed-window counter per key. Enough for one process; several instances would share a
 * Redis counter instead.
 */
import type { Clock } from '@lipwa/core';

export interface RateLimitDecision {
  readonly allowed: boolean;
  /** Milliseconds until the window resets (0 when allowed). */
  readonly retryAfterMs: number;
}

export interface RateLimiter {
  hit(key: string): RateLimitDecision;
}

export interface FixedWindowOptions {
  readonly windowMs: number;
  readonly max: number;
  readonly clock: Clock;
}

// Above this many keys, expired windows are swept so memory stays bounded.
const SWEEP_THRESHOLD = 10_000;

export function createFixedWindowLimiter(options: FixedWindowOptions): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();

  function sweep(now: number): void {
    for (const [key, window] of windows) {
      if (now - window.start >= options.windowMs) windows.delete(key);
    }
  }

  return {
    hit(key) {
      const now = options.clock.now();
      if (windows.size > SWEEP_THRESHOLD) sweep(now);
      let window = windows.get(key);
      if (!window || now - window.start >= options.windowMs) {
        window = { start: now, count: 0 };
        windows.set(key, window);
      }
      if (window.count >= options.max) {
        return { allowed: false, retryAfterMs: window.start + options.windowMs - now };
      }
      window.count += 1;
      return { allowed: true, retryAfterMs: 0 };
    },
  };
}
