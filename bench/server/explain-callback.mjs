/**
 * The plans of an accepted callback's statements on PostgreSQL at SEEDS stored payments (default
 * 100,000, each with 3 events), by EXPLAIN ANALYZE; the write runs in a transaction rolled back.
 *   SEEDS=100000 node server/explain-callback.mjs
 */
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { seed } from './seed.mjs';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SEEDS = Number(process.env.SEEDS ?? 100_000);
const dist = resolve(import.meta.dirname, '../../packages/server/dist');
const load = (file) => import(pathToFileURL(join(dist, file)).href);

const { createPostgresStore } = await load('stores/postgres-store.js');
const { paymentRecord } = await load('testing/records.js');
const schema = `lipwa_bench_x_${process.pid}`;
const pool = new pg.Pool({ connectionString: DATABASE_URL });
const store = createPostgresStore({ pool, schema });
const { payments, events } = store.tables;
const plan = async (title, text, values) => {
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, COSTS OFF, TIMING ON) ${text}`, values);
  console.log(`\n-- ${title}\n${rows.map((row) => row['QUERY PLAN']).join('\n')}`);
};
try {
  await store.migrate();
  const client = await pool.connect();
  await seed({ kind: 'postgres', client, table: payments }, SEEDS, dist);
  client.release();
  await pool.query(
    `INSERT INTO ${events} (payment_id, data)
     SELECT 'pay_seed_' || g, '{"at":1,"kind":"transition"}'::jsonb
     FROM generate_series(1, $1::int) AS g, generate_series(1, 3)`,
    [SEEDS],
  );
  await pool.query(`ANALYZE ${events}`);
  const record = paymentRecord({ providerRef: 'ws_CO_explain' });
  await store.createAttempt(record);
  await plan(
    'find by callback token',
    `SELECT data FROM ${payments} WHERE callback_token_hash = $1 ORDER BY seq LIMIT 1`,
    [record.callbackTokenHash],
  );
  await plan(
    'attempts for the reference',
    `SELECT data FROM ${payments} WHERE reference = $1 ORDER BY seq`,
    [record.reference],
  );
  await pool.query('BEGIN');
  await plan(
    'the change with its events (rolled back)',
    `WITH updated AS (
       UPDATE ${payments} SET data = data || $3::jsonb || jsonb_build_object('version', version + 1)
       WHERE id = $1 AND version = $2 RETURNING data),
     audit AS (
       INSERT INTO ${events} (payment_id, data)
       SELECT $1, e.value FROM updated CROSS JOIN jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(value, n)
       ORDER BY e.n)
     SELECT data FROM updated`,
    [
      record.id,
      record.version,
      JSON.stringify({ status: 'completed', lastCallbackAt: 1 }),
      JSON.stringify([
        { at: 1, kind: 'callback' },
        { at: 1, kind: 'transition' },
      ]),
    ],
  );
  await pool.query('ROLLBACK');
} finally {
  await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await pool.end();
}
