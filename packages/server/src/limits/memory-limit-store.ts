/** Limits for one process (the default): counts in memory, expired keys dropped by the library. */
import type { Clock } from '@lipwa/core';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { createFlexibleLimitStore } from './flexible-limit-store.js';
import type { LimitStore } from './limit-store.js';

export interface MemoryLimitStoreOptions {
  /** Which sub-window a hit falls in (default the system clock). */
  readonly clock?: Clock | undefined;
}

export function createMemoryLimitStore(options: MemoryLimitStoreOptions = {}): LimitStore {
  return createFlexibleLimitStore((settings) => new RateLimiterMemory(settings), options);
}
