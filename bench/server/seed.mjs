/**
 * Fills a store with settled payments before a row runs, so callbacks can be measured at 1,000
 * and at 100,000 stored payments. PostgreSQL: one INSERT … SELECT over generate_series (row by
 * row through the store would take minutes); memory and file stores: through the store API in
 * batches, so the file store's journal and index are what it would have built itself.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const BATCH = 1_000;

async function seedRecords(dist) {
  const { paymentRecord } = await import(pathToFileURL(join(dist, 'testing/records.js')).href);
  // Settled and not holding a session: old business, as a shop's store is mostly made of.
  return (i) =>
    paymentRecord({
      id: `pay_seed_${i}`,
      sessionId: `ses_seed_${i}`,
      reference: `SEED-${i}`,
      provider: 'scripted',
      providerRef: `seed_ref_${i}`,
      status: 'completed',
      callbackTokenHash: `seed${i}`.padStart(64, '0'),
    });
}

async function seedThroughApi(store, count, dist) {
  const record = await seedRecords(dist);
  for (let start = 0; start < count; start += BATCH) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + BATCH); i += 1)
      batch.push(store.createAttempt(record(i)));
    await Promise.all(batch);
  }
}

async function seedPostgres(pgClient, table, count, dist) {
  const template = (await seedRecords(dist))(0);
  await pgClient.query(
    `INSERT INTO ${table} (id, data, holds_session)
     SELECT 'pay_seed_' || g,
            $1::jsonb || jsonb_build_object(
              'id', 'pay_seed_' || g, 'sessionId', 'ses_seed_' || g, 'reference', 'SEED-' || g,
              'providerRef', 'seed_ref_' || g, 'callbackTokenHash', lpad('seed' || g, 64, '0')),
            false
     FROM generate_series(1, $2::int) AS g`,
    [JSON.stringify(template), count],
  );
  // A table grown over months has statistics (autovacuum); one bulk INSERT has none yet.
  await pgClient.query(`ANALYZE ${table}`);
}

/** `target`: { kind: 'memory' | 'file', store } or { kind: 'postgres', client, table }. */
export async function seed(target, count, dist) {
  if (count <= 0) return;
  if (target.kind === 'postgres') await seedPostgres(target.client, target.table, count, dist);
  else await seedThroughApi(target.store, count, dist);
}
