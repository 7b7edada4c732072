/**
 * Adapts rate-limiter-flexible limiters to `LimitStore`: one limiter per rule (created on first
 * use), a refusal read from the library's `RateLimiterRes`, and a store failure passed on as the
 * error it is (the caller decides; a limit store that is down must not silently grant all).
 */
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { LimitDecision, LimitRule, LimitStore } from './limit-store.js';

/** Builds the library limiter for one rule (`points`/`duration` in the library's units). */
export type LimiterFactory = (settings: {
  readonly keyPrefix: string;
  readonly points: number;
  /** Seconds, as the library counts. */
  readonly duration: number;
}) => RateLimiterAbstract | Promise<RateLimiterAbstract>;

export function createFlexibleLimitStore(build: LimiterFactory, prefix = 'lipwa'): LimitStore {
  const limiters = new Map<string, Promise<RateLimiterAbstract>>();

  function limiterFor(rule: LimitRule): Promise<RateLimiterAbstract> {
    const id = `${rule.name}:${rule.max}:${rule.windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      limiter = Promise.resolve(
        build({
          keyPrefix: `${prefix}:${rule.name}:${rule.windowMs}`,
          points: rule.max,
          duration: Math.max(1, Math.ceil(rule.windowMs / 1000)),
        }),
      );
      // A limiter that failed to start (e.g. its table) is built again on the next hit.
      limiter.catch(() => limiters.delete(id));
      limiters.set(id, limiter);
    }
    return limiter;
  }

  return {
    async consume(rule, key, points = 1): Promise<LimitDecision> {
      try {
        await (await limiterFor(rule)).consume(key, points);
        return { allowed: true, retryAfterMs: 0 };
      } catch (error) {
        if (error instanceof RateLimiterRes) {
          return { allowed: false, retryAfterMs: Math.max(1, error.msBeforeNext) };
        }
        throw error;
      }
    },
  };
}
