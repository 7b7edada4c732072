/**
 * Limits shared by every instance on one Redis (ioredis client). A hit is one atomic increment
 * script on its sub-window's key and one MGET of the older sub-windows, sent together; Redis
 * expires the keys, so nothing to sweep.
 */
import type { Clock } from '@lipwa/core';
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createFlexibleLimitStore } from './flexible-limit-store.js';
import type { LimitStore } from './limit-store.js';

export interface RedisLimitStoreOptions {
  readonly redis: Redis;
  /** Key prefix, so several kits can share one Redis apart (default `lipwa`). */
  readonly prefix?: string;
  /** Which sub-window a hit falls in (default the system clock; keys expire on Redis's own). */
  readonly clock?: Clock;
}

export function createRedisLimitStore(options: RedisLimitStoreOptions): LimitStore {
  return createFlexibleLimitStore(
    (settings) => new RateLimiterRedis({ ...settings, storeClient: options.redis }),
    {
      ...options,
      // One MGET for the older sub-windows; Redis has already dropped the expired ones.
      readCounts: async (keys) =>
        (await options.redis.mget(...keys)).map((value) => Number(value ?? 0)),
    },
  );
}
