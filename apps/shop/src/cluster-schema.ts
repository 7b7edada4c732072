/**
 * The cluster's tables, all in one PostgreSQL schema: payments, events and the webhook outbox
 * (the kit's store), the abuse limits' counts and the shop's orders. Created once by the parent
 * before the instances start, so two instances never race to create one table.
 */
import { createPostgresLimitStore, createPostgresStore } from '@lipwa/server/postgres';
import pg from 'pg';
import { openPostgresOrderBook } from './postgres-orders.js';

/** `DATABASE_URL` when unset: the local server with trust auth, database `test`. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function prepareClusterSchema(databaseUrl: string, schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  try {
    await createPostgresStore({ pool, schema }).migrate();
    await openPostgresOrderBook({ pool, schema });
    // The limits' table is made by the library on a limiter's first hit: make that hit here.
    await createPostgresLimitStore({ pool, schemaName: schema }).consume(
      { name: 'cluster_start', max: 1_000_000, windowMs: 1_000 },
      'start',
    );
  } finally {
    await pool.end();
  }
}

/** Drops the schema and everything in it (the end-to-end suite's run, never the demo's data). */
export async function dropClusterSchema(databaseUrl: string, schema: string): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await pool.end();
  }
}

/** `postgres://user:secret@host:5432/db` as `host:5432/db`: a password never reaches the console. */
export function describeDatabase(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    return `${url.host}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
