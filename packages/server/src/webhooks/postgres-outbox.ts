/**
 * The webhook outbox on PostgreSQL. Instances share it: `lease` claims due rows with
 * `FOR UPDATE SKIP LOCKED`, so two senders polling at once take different rows, and a lease is
 * a time (`leaseUntil`), so rows held by a sender that crashed are taken over once it passes.
 */
import type pg from 'pg';
import type {
  DeliveryListQuery,
  DeliveryPatch,
  LeaseQuery,
  WebhookDelivery,
} from './webhook-delivery.js';

interface DataRow {
  readonly data: unknown;
}

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

function toDelivery(row: DataRow): WebhookDelivery {
  return Object.freeze(row.data as WebhookDelivery);
}

/** Splits a patch into fields to set and fields to clear (an explicit `undefined`). */
function splitPatch(patch: DeliveryPatch): { set: Record<string, unknown>; clear: string[] } {
  const set: Record<string, unknown> = {};
  const clear: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id') continue;
    if (value === undefined) clear.push(key);
    else set[key] = value;
  }
  return { set, clear };
}

// Long only because it holds the outbox's SQL statements, one short method each.
export function postgresOutbox(table: string) {
  return {
    /** Inside the caller's transaction: the status change and its deliveries commit together. */
    async insert(client: Queryable, deliveries: readonly WebhookDelivery[]): Promise<void> {
      for (const delivery of deliveries) {
        await client.query(`INSERT INTO ${table} (id, data) VALUES ($1, $2::jsonb)`, [
          delivery.id,
          JSON.stringify(delivery),
        ]);
      }
    },

    async lease(client: Queryable, query: LeaseQuery): Promise<WebhookDelivery[]> {
      const { rows } = await client.query<DataRow & { next_attempt_at: number; seq: string }>(
        `WITH due AS (
           SELECT id FROM ${table}
           WHERE status = 'pending' AND next_attempt_at <= $1
             AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY next_attempt_at, seq LIMIT $2
           FOR UPDATE SKIP LOCKED)
         UPDATE ${table} AS d
         SET data = d.data || jsonb_build_object('leaseOwner', $3::text, 'leaseUntil', $1::double precision + $4)
         FROM due WHERE d.id = due.id
         RETURNING d.data, d.next_attempt_at, d.seq`,
        [query.now, Math.max(0, Math.floor(query.limit)), query.owner, query.leaseMs],
      );
      return rows
        .sort(
          (a, b) => a.next_attempt_at - b.next_attempt_at || Number(BigInt(a.seq) - BigInt(b.seq)),
        )
        .map(toDelivery);
    },

    async update(
      client: Queryable,
      id: string,
      patch: DeliveryPatch,
      owner?: string,
    ): Promise<WebhookDelivery | undefined> {
      const { set, clear } = splitPatch(patch);
      const { rows } = await client.query<DataRow>(
        `UPDATE ${table} SET data = (data - $2::text[]) || $3::jsonb
         WHERE id = $1 AND ($4::text IS NULL OR lease_owner = $4)
         RETURNING data`,
        [id, clear, JSON.stringify(set), owner ?? null],
      );
      return rows[0] ? toDelivery(rows[0]) : undefined;
    },

    async get(client: Queryable, id: string): Promise<WebhookDelivery | undefined> {
      const { rows } = await client.query<DataRow>(`SELECT data FROM ${table} WHERE id = $1`, [id]);
      return rows[0] ? toDelivery(rows[0]) : undefined;
    },

    async list(client: Queryable, query: DeliveryListQuery): Promise<WebhookDelivery[]> {
      const { rows } = await client.query<DataRow>(
        `SELECT data FROM ${table} WHERE ($1::text IS NULL OR status = $1)
         ORDER BY seq DESC LIMIT $2`,
        [query.status ?? null, Math.max(0, Math.floor(query.limit))],
      );
      return rows.map(toDelivery);
    },
  };
}
