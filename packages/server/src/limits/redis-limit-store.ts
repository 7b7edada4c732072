/**
 * Limits shared by every instance on one Redis (ioredis client). Counting is one atomic script
 * per hit in Redis, and Redis expires the keys, so nothing to sweep.
 */
import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { createFlexibleLimitStore } from './flexible-limit-store.js';
import type { LimitStore } from './limit-store.js';

export interface RedisLimitStoreOptions {
  readonly redis: Redis;
  /** Key prefix, so several kits can share one Redis apart (default `lipwa`). */
  readonly prefix?: string;
}

export function createRedisLimitStore(options: RedisLimitStoreOptions): LimitStore {
  return createFlexibleLimitStore(
    (settings) => new RateLimiterRedis({ ...settings, storeClient: options.redis }),
    options.prefix,
  );
}
