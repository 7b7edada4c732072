/**
 * The shop's order book in PostgreSQL, shared by every shop instance on one database
 * (`npm run start:cluster`): an order paid through instance B shows paid on instance A's page.
 * One row per order, the order whole in a `jsonb` column. A webhook is recorded under a row lock,
 * so two deliveries of one `webhook-id` racing on two instances apply once.
 */
import type pg from 'pg';
import { type Checkout, newOrder, type Order, type OrderBook, withWebhook } from './orders.js';

export interface PostgresOrderBookOptions {
  /** A pool the caller owns (the book never ends it). */
  readonly pool: pg.Pool;
  /** Schema holding the `shop_orders` table; created if missing. Lower-case identifier. */
  readonly schema: string;
}

/** A schema name safe to put in SQL as it is: lower-case letters, digits and _, at most 63. */
export const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

interface OrderRow {
  readonly data: Order;
}

/** Creates the schema and table if missing (safe at every start) and opens the book. */
export async function openPostgresOrderBook({
  pool,
  schema,
}: PostgresOrderBookOptions): Promise<OrderBook> {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`The order book's schema must be a lower-case identifier; got "${schema}".`);
  }
  const table = `"${schema}"."shop_orders"`;
  await pool.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await pool.query(
    `CREATE TABLE IF NOT EXISTS ${table} (reference text PRIMARY KEY, data jsonb NOT NULL)`,
  );
  // Checkout tokens are short-lived secrets: kept per instance, never in the database.
  const checkouts = new Map<string, Checkout>();

  return {
    async open(product) {
      const order = newOrder(product);
      await pool.query(`INSERT INTO ${table} (reference, data) VALUES ($1, $2)`, [
        order.reference,
        order,
      ]);
      return order;
    },
    async get(reference) {
      const { rows } = await pool.query<OrderRow>(
        `SELECT data FROM ${table} WHERE reference = $1`,
        [reference],
      );
      return rows[0]?.data;
    },
    async update(reference, changes) {
      // One statement: `||` merges the changes into the stored order atomically.
      const { rows } = await pool.query<OrderRow>(
        `UPDATE ${table} SET data = data || $2::jsonb WHERE reference = $1 RETURNING data`,
        [reference, JSON.stringify(changes)],
      );
      return rows[0]?.data;
    },
    async recordWebhook(reference, webhookId, changesFor) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const { rows } = await client.query<OrderRow>(
          `SELECT data FROM ${table} WHERE reference = $1 FOR UPDATE`,
          [reference],
        );
        const current = rows[0]?.data;
        if (!current) {
          await client.query('ROLLBACK');
          return 'unknown_order';
        }
        const { order, outcome } = withWebhook(current, webhookId, changesFor);
        await client.query(`UPDATE ${table} SET data = $2 WHERE reference = $1`, [
          reference,
          order,
        ]);
        await client.query('COMMIT');
        return outcome;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    checkout: (reference) => checkouts.get(reference),
    setCheckout(reference, checkout) {
      checkouts.set(reference, checkout);
    },
  };
}
