/**
 * The order book two shop instances share in PostgreSQL (`npm run start:cluster`): what one
 * instance writes the other reads, and a webhook delivered to both at once applies once.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findProduct } from './catalogue.js';
import { DEFAULT_DATABASE_URL } from './cluster-schema.js';
import type { OrderBook } from './orders.js';
import { openPostgresOrderBook } from './postgres-orders.js';

const schema = `shop_orders_test_${randomBytes(6).toString('hex')}`;
// Two pools, as two instances have.
const poolA = new pg.Pool({ connectionString: process.env.DATABASE_URL || DEFAULT_DATABASE_URL });
const poolB = new pg.Pool({ connectionString: process.env.DATABASE_URL || DEFAULT_DATABASE_URL });
let bookA: OrderBook;
let bookB: OrderBook;

beforeAll(async () => {
  bookA = await openPostgresOrderBook({ pool: poolA, schema });
  bookB = await openPostgresOrderBook({ pool: poolB, schema });
});

afterAll(async () => {
  await poolA.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await Promise.all([poolA.end(), poolB.end()]);
});

function kikoi() {
  const product = findProduct('kikoi');
  if (!product) throw new Error('the catalogue has no kikoi');
  return product;
}

describe('the PostgreSQL order book', () => {
  it('shows an order opened on one instance, and its changes, on the other', async () => {
    const order = await bookA.open(kikoi());

    expect(await bookB.get(order.reference)).toEqual(order);
    await bookB.update(order.reference, { status: 'paid', receipt: 'SIM123' });
    expect(await bookA.get(order.reference)).toMatchObject({ status: 'paid', receipt: 'SIM123' });
  });

  it('applies a webhook-id once when two instances receive it at the same moment', async () => {
    const order = await bookA.open(kikoi());
    const markPaid = () => ({ status: 'paid' as const });

    const outcomes = await Promise.all([
      bookA.recordWebhook(order.reference, 'msg_1', markPaid),
      bookB.recordWebhook(order.reference, 'msg_1', markPaid),
    ]);

    expect(outcomes.sort()).toEqual(['applied', 'repeat']);
    expect(await bookA.get(order.reference)).toMatchObject({
      status: 'paid',
      webhooksReceived: 2,
      webhookIds: ['msg_1'],
    });
  });

  it('answers unknown_order for a webhook about an order it never opened', async () => {
    expect(await bookB.recordWebhook('LWNOSUCHORDR', 'msg_2', () => ({}))).toBe('unknown_order');
    expect(await bookB.update('LWNOSUCHORDR', { status: 'paid' })).toBeUndefined();
    expect(await bookB.get('LWNOSUCHORDR')).toBeUndefined();
  });

  it('refuses a schema name it would have to quote', async () => {
    await expect(openPostgresOrderBook({ pool: poolA, schema: 'Shop; DROP' })).rejects.toThrow(
      /lower-case identifier/,
    );
  });
});
