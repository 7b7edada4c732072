/**
 * Limits shared by every instance on one PostgreSQL database (a `pg` pool). The library keeps one
 * row per key and sub-window in `tableName` (created on first use), adds a hit with one atomic
 * upsert, and every 5 minutes deletes rows that expired over an hour ago (sub-window keys are
 * never reused, so without that sweep the table would only grow). The older sub-windows of a hit
 * are read in one query.
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
  const tableName = options.tableName ?? 'lipwa_limits';
  const table = options.schemaName ? `"${options.schemaName}"."${tableName}"` : `"${tableName}"`;
  return createFlexibleLimitStore(
    // The library creates its table in the background; hits wait for it to be ready.
    (settings) =>
      new Promise<RateLimiterPostgres>((resolve, reject) => {
        const limiter: RateLimiterPostgres = new RateLimiterPostgres(
          {
            ...settings,
            storeClient: options.pool,
            storeType: 'pool',
            tableName,
            ...(options.schemaName ? { schemaName: options.schemaName } : {}),
            clearExpiredByTimeout: true,
          },
          (error?: unknown) => (error ? reject(error) : resolve(limiter)),
        );
      }),
    {
      ...options,
      // The library's own test for a live row: its `expire` (ms, from Date.now()) still ahead.
      readCounts: async (keys) => {
        const { rows } = await options.pool.query<{ key: string; points: number }>(
          `SELECT key, points FROM ${table} WHERE key = ANY($1) AND (expire > $2 OR expire IS NULL)`,
          [keys, Date.now()],
        );
        const points = new Map(rows.map((row) => [row.key, Number(row.points)]));
        return keys.map((key) => points.get(key) ?? 0);
      },
    },
  );
}
