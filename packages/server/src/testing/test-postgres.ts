/**
 * Test helper: a throwaway PostgreSQL schema per test file, created before and dropped after, so
 * parallel runs never collide. CI runs PostgreSQL, so an unreachable server fails loudly.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly schema: string;
  /** The shared pool (valid once `beforeAll` ran). */
  admin(): pg.Pool;
  /** Another pool, as a second server instance would have; ended after the file. */
  newPool(): pg.Pool;
}

export function useTestSchema(): TestDatabase {
  const schema = `lipwa_test_${randomBytes(6).toString('hex')}`;
  const pools: pg.Pool[] = [];
  let admin: pg.Pool | undefined;

  function newPool(): pg.Pool {
    const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4 });
    pools.push(pool);
    return pool;
  }

  beforeAll(async () => {
    const pool = newPool();
    try {
      await pool.query('SELECT 1');
    } catch (error) {
      throw new Error(
        `PostgreSQL is unreachable at ${DATABASE_URL.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}). Start it or set DATABASE_URL; these tests do not skip.`,
      );
    }
    await pool.query(`CREATE SCHEMA ${schema}`);
    admin = pool;
  });

  afterAll(async () => {
    await admin?.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    for (const pool of pools) await pool.end();
  });

  return {
    schema,
    newPool,
    admin() {
      if (!admin) throw new Error('The test schema is not ready: call admin() inside a test.');
      return admin;
    },
  };
}
