/**
 * Two instances on one Redis, and two on one PostgreSQL, share one allowance: each store here
 * has its own connection, as a second server process would.
 */

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { useTestSchema } from '../testing/test-postgres.js';
import { REDIS_URL, useTestRedis } from '../testing/test-redis.js';
import type { LimitRule, LimitStore } from './limit-store.js';
import { createPostgresLimitStore } from './postgres-limit-store.js';
import { createRedisLimitStore } from './redis-limit-store.js';

const rule: LimitRule = { name: 'start-phone', max: 3, windowMs: 10 * 60_000 };

async function grantedAcross(stores: readonly LimitStore[], key: string, tries: number) {
  let granted = 0;
  for (let i = 0; i < tries; i++) {
    const decision = await stores[i % stores.length]!.consume(rule, key);
    if (decision.allowed) granted += 1;
    else expect(decision.retryAfterMs).toBeGreaterThan(0);
  }
  return granted;
}

describe('limits shared on Redis', () => {
  useTestRedis();
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('grants two instances the per-phone allowance once between them, not once each', async () => {
    const prefix = `lipwa-test-${randomBytes(4).toString('hex')}`;
    const stores = [0, 1].map(() => {
      const redis = new Redis(REDIS_URL);
      clients.push(redis);
      return createRedisLimitStore({ redis, prefix });
    });
    expect(await grantedAcross(stores, '254712345678', 20)).toBe(3);
  });
});

describe('limits shared on PostgreSQL', () => {
  const db = useTestSchema();

  it('grants two instances the per-phone allowance once between them, not once each', async () => {
    const stores = [db.newPool(), db.newPool()].map((pool) =>
      createPostgresLimitStore({ pool, schemaName: db.schema }),
    );
    // The first hit on each store creates (or finds) the table.
    expect(await grantedAcross(stores, '254712345678', 20)).toBe(3);
  });
});
