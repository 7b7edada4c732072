/**
 * Test helper: checks Redis is reachable before a test file runs (CI runs Redis, so these tests
 * fail loudly instead of skipping) and ends the connections the file opened.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  /** A connection for the test's own commands (valid once `beforeAll` ran). */
  admin(): Redis;
}

export function useTestRedis(): TestRedis {
  let admin: Redis | undefined;

  beforeAll(async () => {
    const probe = new Redis(REDIS_URL, {
      lazyConnect: true,
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
    } catch (error) {
      probe.disconnect();
      throw new Error(
        `Redis is unreachable at ${REDIS_URL.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}). Start it or set REDIS_URL; these tests do not skip.`,
      );
    }
    admin = probe;
  });

  afterAll(async () => {
    await admin?.quit();
  });

  return {
    admin() {
      if (!admin) throw new Error('Redis is not ready: call admin() inside a test.');
      return admin;
    },
  };
}
