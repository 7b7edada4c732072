/** Limits for one process (the default): counts in memory, expired keys dropped by the library. */
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { createFlexibleLimitStore } from './flexible-limit-store.js';
import type { LimitStore } from './limit-store.js';

export function createMemoryLimitStore(): LimitStore {
  return createFlexibleLimitStore((settings) => new RateLimiterMemory(settings));
}
