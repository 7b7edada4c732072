import { LipwaError } from '@lipwa/core';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { describeEventBusConformance } from '../testing/bus-conformance.js';
import { busView, firstView, uniqueChannel, waitingLogger } from '../testing/test-bus-kit.js';
import { DATABASE_URL, useTestSchema } from '../testing/test-postgres.js';
import { createPostgresEventBus, type PostgresEventBusOptions } from './postgres-bus.js';

// Checks PostgreSQL is reachable (failing loudly if not) and hands out pools ended after the file.
const database = useTestSchema();

/** Two buses on one fresh channel, each on its own pool as two instances would be. */
async function twoBuses(options: Partial<PostgresEventBusOptions> = {}) {
  const channel = uniqueChannel();
  const a = createPostgresEventBus({ pool: database.newPool(), channel, ...options });
  const b = createPostgresEventBus({ pool: database.newPool(), channel, ...options });
  await Promise.all([a.ready(), b.ready()]);
  return { a, b, channel };
}

async function listenBackends(channel: string): Promise<number> {
  const { rows } = await database
    .admin()
    .query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE query = $1 AND state IS NOT NULL`,
      [`LISTEN "${channel}"`],
    );
  return rows[0]?.n ?? 0;
}

describeEventBusConformance('the PostgreSQL bus', async () => {
  const { a, b } = await twoBuses({ logger: waitingLogger() });
  return [a, b];
});

describe('the PostgreSQL bus', () => {
  it('sends only the payment id when the view exceeds the 8000-byte NOTIFY limit, and receivers re-read it', async () => {
    const big = { ...busView('pay_big', 'completed'), reference: 'R'.repeat(9000) };
    const stored = { ...busView('pay_big', 'completed'), reference: 'ORDER-FROM-STORE' };
    const loaded: string[] = [];
    const { a, b } = await twoBuses({
      logger: waitingLogger(),
      load: async (id) => {
        loaded.push(id);
        return stored;
      },
    });
    const onB = firstView((listener) => b.subscribe('pay_big', listener));
    const onA = firstView((listener) => a.subscribe('pay_big', listener));

    a.publish('pay_big', big);

    expect(await onA).toEqual(big);
    expect(await onB).toEqual(stored);
    expect(loaded).toEqual(['pay_big']);
    await Promise.all([a.close(), b.close()]);
  });

  it('ignores malformed and forged notifications on its channel', async () => {
    const channel = uniqueChannel();
    const a = createPostgresEventBus({
      pool: database.newPool(),
      channel,
      logger: waitingLogger(),
    });
    const logger = waitingLogger();
    const b = createPostgresEventBus({ pool: database.newPool(), channel, logger });
    await Promise.all([a.ready(), b.ready()]);
    const heard: string[] = [];
    b.subscribe('pay_forged', (view) => heard.push(view.reference));
    const valid = firstView((listener) => b.subscribe('pay_forged', listener));

    await database.admin().query('SELECT pg_notify($1, $2)', [channel, 'not json']);
    await database
      .admin()
      .query('SELECT pg_notify($1, $2)', [
        channel,
        JSON.stringify({ paymentId: 'pay_forged', origin: 'x', view: { id: 'pay_forged' } }),
      ]);
    a.publish('pay_forged', busView('pay_forged', 'completed'));
    await valid;

    expect(heard).toEqual(['ORDER-1']);
    expect(
      logger.entries.filter((line) => line.message.startsWith('Ignored a malformed')),
    ).toHaveLength(2); // b heard both before the valid one: notifications keep commit order
    await Promise.all([a.close(), b.close()]);
  });

  it('reconnects after losing its LISTEN connection and re-reads the payments it streams', async () => {
    const channel = uniqueChannel();
    const appName = uniqueChannel('lipwa_bus_b');
    const logger = waitingLogger();
    const stored = busView('pay_gap', 'completed');
    const a = createPostgresEventBus({ pool: database.newPool(), channel, logger });
    const bPool = new pg.Pool({ connectionString: DATABASE_URL, application_name: appName });
    const b = createPostgresEventBus({
      pool: bPool,
      channel,
      logger,
      reconnectDelayMs: 1,
      load: async () => stored,
    });
    await Promise.all([a.ready(), b.ready()]);
    const resynced = firstView((listener) => b.subscribe('pay_gap', listener));

    await database
      .admin()
      .query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
        appName,
      ]);
    await logger.next('The PostgreSQL bus is listening again');
    const afterwards = firstView((listener) => b.subscribe('pay_next', listener));
    a.publish('pay_next', busView('pay_next', 'failed'));

    expect(await resynced).toEqual(stored);
    expect(await afterwards).toEqual(busView('pay_next', 'failed'));
    expect(logger.entries.map((line) => line.message)).toContain(
      'The PostgreSQL bus lost its LISTEN connection; reconnecting',
    );
    await Promise.all([a.close(), b.close()]);
    await bPool.end();
  });

  it('gives back the LISTEN connection of a pool you own on close, and leaves the pool open', async () => {
    const pool = database.newPool();
    const bus = createPostgresEventBus({ pool, channel: uniqueChannel() });
    await bus.ready();
    const heldBefore = pool.totalCount - pool.idleCount;

    await bus.close();

    expect(heldBefore).toBe(1);
    expect(pool.totalCount - pool.idleCount).toBe(0);
    expect((await pool.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('ends its own pool on close when made from a connection string', async () => {
    const channel = uniqueChannel();
    const bus = createPostgresEventBus({ connectionString: DATABASE_URL, channel });
    await bus.ready();
    const before = await listenBackends(channel);

    await bus.close();

    expect(before).toBe(1);
    // The server notices the disconnect asynchronously: ask until it has (bounded).
    const deadline = Date.now() + 5_000;
    while ((await listenBackends(channel)) > 0 && Date.now() < deadline);
    expect(await listenBackends(channel)).toBe(0);
  });

  it.each([
    [{}, 'exactly one of `pool`'],
    [{ pool: new pg.Pool(), connectionString: DATABASE_URL }, 'exactly one of `pool`'],
    [{ connectionString: '' }, '`connectionString` is empty'],
    [{ connectionString: DATABASE_URL, channel: 'Payments; DROP' }, '`channel` must be'],
    [{ connectionString: DATABASE_URL, reconnectDelayMs: 0 }, '`reconnectDelayMs` must be'],
  ] as [PostgresEventBusOptions, string][])('refuses bad options %#', (options, message) => {
    const attempt = () => createPostgresEventBus(options);

    expect(attempt).toThrow(LipwaError);
    expect(attempt).toThrow(message);
  });
});
