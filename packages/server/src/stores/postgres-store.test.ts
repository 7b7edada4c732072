import { describe, expect, it } from 'vitest';
import { describeStoreConformance } from '../testing/store-conformance.js';
import { DATABASE_URL, useTestSchema } from '../testing/test-postgres.js';
import type { PaymentRecord } from './payment-record.js';
import { createPostgresStore, type PostgresStoreOptions } from './postgres-store.js';

const database = useTestSchema();
const { schema, newPool } = database;
let tableCounter = 0;

/** A migrated store on its own tables inside the test schema. */
async function setup(options: Partial<PostgresStoreOptions> = {}) {
  tableCounter += 1;
  const tablePrefix = options.tablePrefix ?? `t${tableCounter}_`;
  const store = createPostgresStore({ pool: database.admin(), schema, tablePrefix, ...options });
  await store.migrate();
  return { store, tablePrefix };
}

let counter = 0;
function attempt(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  counter += 1;
  return {
    id: `pay_pg_${counter}`,
    sessionId: `ses_pg_${counter}`,
    provider: 'daraja',
    status: 'pending',
    amount: { amount: 150000, currency: 'KES' },
    reference: `ORDER-${counter}`,
    phone: '254708374149' as PaymentRecord['phone'],
    callbackTokenHash: `${counter}`.padStart(64, 'c'),
    createdAt: 1_740_819_600_000 + counter,
    updatedAt: 1_740_819_600_000 + counter,
    queryCount: 0,
    version: 1,
    ...overrides,
  };
}

describeStoreConformance('the PostgreSQL store', async () => (await setup()).store);

describe('the PostgreSQL store', () => {
  it('creates exactly one row when two instances start the same reference at once', async () => {
    const { store: first, tablePrefix } = await setup();
    const second = createPostgresStore({ pool: newPool(), schema, tablePrefix });
    const reference = attempt().reference;

    const results = await Promise.all([
      first.createAttempt(attempt({ reference })),
      second.createAttempt(attempt({ reference })),
      first.createAttempt(attempt({ reference })),
      second.createAttempt(attempt({ reference })),
    ]);

    const { rows } = await database
      .admin()
      .query(`SELECT count(*)::int AS n FROM ${first.tables.payments} WHERE reference = $1`, [
        reference,
      ]);
    expect(rows[0].n).toBe(1);
    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.record.id)).size).toBe(1);
  });

  it('lets an expired attempt complete late beside a newer one, and then refuses a third', async () => {
    const { store } = await setup();
    const expired = attempt();
    await store.createAttempt(expired);
    await store.update(expired.id, 1, { status: 'expired', decidedBy: 'deadline' });
    const retry = attempt({ reference: expired.reference });
    await store.createAttempt(retry);

    const late = await store.update(expired.id, 2, { status: 'completed', receipt: 'NLJ7RT61SV' });
    await store.update(retry.id, 1, { status: 'failed', reason: 'insufficient_funds' });
    const third = await store.createAttempt(attempt({ reference: expired.reference }));

    expect(late).toMatchObject({ status: 'completed', version: 3 });
    expect(third).toEqual({ created: false, record: late });
  });

  it('keeps identity fields and the version out of reach of a patch', async () => {
    const { store } = await setup();
    const record = attempt();
    await store.createAttempt(record);

    const updated = await store.update(record.id, 1, {
      status: 'cancelled',
      ...({ id: 'pay_other', sessionId: 'ses_other', version: 40 } as object),
    });

    expect(updated).toMatchObject({
      id: record.id,
      sessionId: record.sessionId,
      status: 'cancelled',
      version: 2,
    });
  });

  it('migrates idempotently, even from two instances at once', async () => {
    const { store, tablePrefix } = await setup();
    const other = createPostgresStore({ pool: newPool(), schema, tablePrefix });
    const record = attempt();
    await store.createAttempt(record);

    await Promise.all([store.migrate(), other.migrate(), store.migrate()]);

    expect(await other.get(record.id)).toEqual(record);
  });

  it('says to run migrate() when the tables are missing', async () => {
    const store = createPostgresStore({
      pool: database.admin(),
      schema,
      tablePrefix: 'never_migrated_',
    });

    await expect(store.get('pay_1')).rejects.toMatchObject({ code: 'config_invalid' });
    await expect(store.get('pay_1')).rejects.toThrow(/call `await store.migrate\(\)`/);
  });

  it('refuses a second payment with an existing id', async () => {
    const { store } = await setup();
    const record = attempt({ status: 'failed' });
    await store.createAttempt(record);

    const again = store.createAttempt({ ...record, sessionId: 'ses_elsewhere' });

    await expect(again).rejects.toThrow(`A payment with id ${record.id} already exists.`);
  });

  it('with a pending lease, hands each pending payment to one reconciler at a time', async () => {
    const { tablePrefix } = await setup();
    const a = createPostgresStore({ pool: newPool(), schema, tablePrefix, pendingLeaseMs: 60_000 });
    const b = createPostgresStore({ pool: newPool(), schema, tablePrefix, pendingLeaseMs: 60_000 });
    const records = [attempt(), attempt(), attempt(), attempt(), attempt()];
    for (const record of records) await a.createAttempt(record);

    const [first, second] = await Promise.all([a.listPending(3), b.listPending(3)]);
    const third = await a.listPending(3);

    const claimed = [...first, ...second].map((record) => record.id).sort();
    expect(claimed).toEqual(records.map((record) => record.id).sort());
    expect(first.length + second.length).toBe(5);
    expect(third).toEqual([]);
    expect(first.map((record) => record.createdAt)).toEqual(
      [...first.map((record) => record.createdAt)].sort((x, y) => x - y),
    );
  });

  it('opens its own pool from a connection string and ends it on close', async () => {
    const store = createPostgresStore({
      connectionString: DATABASE_URL,
      schema,
      tablePrefix: 'own_',
    });
    await store.migrate();
    const record = attempt();
    await store.createAttempt(record);

    const read = await store.get(record.id);
    await store.close();

    expect(read).toEqual(record);
    await expect(store.get(record.id)).rejects.toThrow();
    await expect(store.close()).resolves.toBeUndefined();
  });

  it('reads through one pool from stores on different tables, prepared or not, each its own rows', async () => {
    const pool = newPool();
    const stores = await Promise.all(
      [true, true, false].map(async (preparedStatements) => {
        tableCounter += 1;
        const store = createPostgresStore({
          pool,
          schema,
          tablePrefix: `t${tableCounter}_`,
          preparedStatements,
        });
        await store.migrate();
        return store;
      }),
    );
    // The same id in every store, a different amount in each.
    const id = attempt().id;
    const pairs = stores.map((store, index) => ({
      store,
      record: attempt({ id, amount: { amount: 100 * (index + 1), currency: 'KES' } }),
    }));
    await Promise.all(pairs.map(({ store, record }) => store.createAttempt(record)));

    for (let round = 0; round < 3; round++) {
      for (const { store, record } of pairs) {
        expect(await store.get(id)).toEqual(record);
        expect(await store.latestForReference(record.reference)).toEqual(record);
      }
    }
  });

  it('refuses unclear options at construction with a message that says what to pass', () => {
    expect(() => createPostgresStore({})).toThrow(/exactly one of `pool`/);
    expect(() =>
      createPostgresStore({ pool: database.admin(), connectionString: DATABASE_URL }),
    ).toThrow(/exactly one of `pool`/);
    expect(() => createPostgresStore({ pool: database.admin(), schema: 'Robert"; DROP' })).toThrow(
      /`schema` must be a lower-case identifier/,
    );
    expect(() => createPostgresStore({ pool: database.admin(), tablePrefix: 'x-' })).toThrow(
      /`tablePrefix`/,
    );
    expect(() => createPostgresStore({ pool: database.admin(), pendingLeaseMs: 0 })).toThrow(
      /`pendingLeaseMs`/,
    );
    expect(() =>
      createPostgresStore({
        pool: database.admin(),
        preparedStatements: 'yes' as unknown as boolean,
      }),
    ).toThrow(/`preparedStatements` must be true or false/);
  });
});
