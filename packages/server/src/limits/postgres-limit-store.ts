/**
 * Limits shared by every instance on one PostgreSQL database (a `pg` pool). The library keeps one
 * row per key and sub-window in `tableName` (created on first use), adds a hit with one atomic
 * upsert, and deletes rows that expired over an hour ago.
 */
import type { Clock } from '@lipwa/core';
import type pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { createFlexibleLimitStore } from './flexible-limit-store.js';
import type { LimitStore } from './limit-store.js';

export interface PostgresLimitStoreOptions {
  readonly pool: pg.Pool;
  /** Table for the counts (default `lipwa_limits`). */
  readonly tableName?: string;
  /** Schema for the table (default the connection's search path). */
  readonly schemaName?: string;
  readonly prefix?: string;
  /** Which sub-window a hit falls in (default the system clock). */
  readonly clock?: Clock;
}

export function createPostgresLimitStore(options: PostgresLimitStoreOptions): LimitStore {
  return createFlexibleLimitStore(
    // The library creates its table in the background; hits wait for it to be ready.
    (settings) =>
      new Promise<RateLimiterPostgres>((resolve, reject) => {
        const limiter: RateLimiterPostgres = new RateLimiterPostgres(
          {
            ...settings,
            storeClient: options.pool,
            storeType: 'pool',
            tableName: options.tableName ?? 'lipwa_limits',
            ...(options.schemaName ? { schemaName: options.schemaName } : {}),
            clearExpiredByTimeout: false,
          },
          (error?: unknown) => (error ? reject(error) : resolve(limiter)),
        );
      }),
    options,
  );
}
