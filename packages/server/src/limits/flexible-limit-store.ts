/**
 * Adapts rate-limiter-flexible to a sliding-window `LimitStore` (see `sliding-window.ts`): one
 * library limiter per rule, created on first use, whose keys are `<key>:<sub-window index>`. A hit
 * adds its points to the current sub-window with the library's atomic increment (`penalty`), reads
 * the older sub-windows, and takes the points back (`reward`) when the total is over: a refusal
 * costs nothing, so a client that keeps knocking is not locked out for longer. A store failure is
 * passed on as the error it is (a limit store that is down must not silently grant all).
 *
 * Instances race safely within a sub-window: each sees every increment made before its own, so
 * they never grant more than `max` between them (a racer refused for a moment by another's
 * increment that is then taken back is a refusal too many, never a grant too many). Across a
 * sub-window edge, an older count is read while a racer still on the previous sub-window (or on a
 * clock that is behind) may add to it: the worst case is `max` plus the hits racing across that
 * edge, or within the instances' clock skew.
 */
import { type Clock, systemClock } from '@lipwa/core';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitDecision, LimitRule, LimitStore } from './limit-store.js';
import { msUntilFits, SUB_WINDOWS, slidingWindow } from './sliding-window.js';

/** Builds the library limiter for one rule (`points`/`duration` in the library's units). */
export type LimiterFactory = (settings: {
  readonly keyPrefix: string;
  readonly points: number;
  /** Seconds, as the library counts: how long a sub-window's count is kept. */
  readonly duration: number;
}) => RateLimiterAbstract | Promise<RateLimiterAbstract>;

/**
 * Reads the counts of several of the library's keys (`limiter.getKey(...)`) in one round trip,
 * 0 for a missing or expired key. Without it each key is one `limiter.get`.
 */
export type CountsReader = (storeKeys: readonly string[]) => Promise<readonly number[]>;
export interface FlexibleLimitStoreOptions {
  /** Key prefix, so several kits can share one store apart (default `lipwa`). */
  readonly prefix?: string | undefined;
  /** Which sub-window a hit falls in (default the system clock). */
  readonly clock?: Clock | undefined;
  /** The backend's batched read of the older sub-windows (see `CountsReader`). */
  readonly readCounts?: CountsReader | undefined;
}

export function createFlexibleLimitStore(
  build: LimiterFactory,
  options: FlexibleLimitStoreOptions = {},
): LimitStore {
  const prefix = options.prefix ?? 'lipwa';
  const clock = options.clock ?? systemClock;
  const limiters = new Map<string, Promise<RateLimiterAbstract>>();

  function limiterFor(rule: LimitRule): Promise<RateLimiterAbstract> {
    const id = `${rule.name}:${rule.max}:${rule.windowMs}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      const { subWindowMs } = slidingWindow(rule.windowMs, 0);
      limiter = Promise.resolve(
        build({
          keyPrefix: `${prefix}:${rule.name}:${rule.windowMs}`,
          points: rule.max,
          // A count is read until a whole window has passed after its sub-window; a second more
          // covers the store's clock being a little behind ours.
          duration: Math.ceil(((SUB_WINDOWS + 1) * subWindowMs) / 1000) + 1,
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
      const now = clock.now();
      const window = slidingWindow(rule.windowMs, now);
      const limiter = await limiterFor(rule);
      const currentKey = `${key}:${window.current}`;
      const olderKeys = window.counted.slice(0, -1).map((index) => `${key}:${index}`);
      const [older, added] = await Promise.all([
        options.readCounts
          ? options.readCounts(olderKeys.map((olderKey) => limiter.getKey(olderKey)))
          : Promise.all(
              olderKeys.map(async (olderKey) => (await limiter.get(olderKey))?.consumedPoints ?? 0),
            ),
        limiter.penalty(currentKey, points),
      ]);
      const before = [...older, added.consumedPoints - points];
      const retryAfterMs = msUntilFits(window, before, points, rule.max, now);
      if (retryAfterMs === 0) return { allowed: true, retryAfterMs: 0 };
      await limiter.reward(currentKey, points);
      return { allowed: false, retryAfterMs };
    },

    async penalize(rule, key, points) {
      const window = slidingWindow(rule.windowMs, clock.now());
      await (await limiterFor(rule)).penalty(`${key}:${window.current}`, points);
    },
  };
}
