/**
 * A `PaymentStore` on PostgreSQL for production and for several instances sharing payments.
 * Atomicity lives in the database, not in the process: `createAttempt` is one
 * `INSERT … ON CONFLICT DO NOTHING` against a partial unique index, and `update` is one
 * `UPDATE … WHERE id = $1 AND version = $2` (with its deliveries and events in the same
 * statement), so any number of instances can share the tables. Over ~300 lines because it is
 * the whole store, one short SQL method each.
 */
import { createHash } from 'node:crypto';
import { LipwaError } from '@lipwa/core';
import pg from 'pg';
import { postgresOutbox } from '../webhooks/postgres-outbox.js';
import type { WebhookDelivery, WebhookOutbox } from '../webhooks/webhook-delivery.js';
import type {
  PaymentEvent,
  PaymentPatch,
  PaymentRecord,
  UnmatchedCallback,
} from './payment-record.js';
import type { CreateAttemptResult, PaymentStore } from './payment-store.js';
import { migrationStatements, type PostgresTables, tableNames } from './postgres-schema.js';
import { type PostgresStoreOptions, parsePostgresStoreOptions } from './postgres-store-options.js';

// The `@lipwa/server/postgres` entry also carries the LISTEN/NOTIFY event bus.
export {
  createPostgresEventBus,
  type PostgresEventBus,
  type PostgresEventBusOptions,
} from '../buses/postgres-bus.js';
export type { PostgresTables } from './postgres-schema.js';
export type { PostgresStoreOptions } from './postgres-store-options.js';

export interface PostgresStore extends PaymentStore, WebhookOutbox {
  /** Fully qualified, quoted table names (for your own reporting queries). */
  readonly tables: PostgresTables;
  /** Creates the schema, tables and indexes if missing. Safe to run at every start, concurrently. */
  migrate(): Promise<void>;
  /** Ends the pool when the store made it from `connectionString`; a pool you passed stays open. */
  close(): Promise<void>;
}

// Fields an update can never change, whatever a caller passes at runtime.
const FIXED_FIELDS = new Set(['id', 'sessionId', 'createdAt', 'callbackTokenHash', 'version']);
const OPEN_STATUSES = `('pending', 'completed')`;
// A holder that left pending/completed between our insert and our read: look again.
const CREATE_RETRIES = 5;
const UNIQUE_VIOLATION = '23505';
const UNDEFINED_TABLE = '42P01';

interface DataRow {
  readonly data: unknown;
}

function toRecord(row: DataRow | undefined): PaymentRecord | undefined {
  return row === undefined ? undefined : Object.freeze(row.data as PaymentRecord);
}

function pgCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Splits a patch into fields to set and fields to clear (an explicit `undefined`). */
function splitPatch(patch: PaymentPatch): { set: Record<string, unknown>; clear: string[] } {
  const set: Record<string, unknown> = {};
  const clear: string[] = [];
  for (const [key, value] of Object.entries(patch)) {
    if (FIXED_FIELDS.has(key)) continue;
    if (value === undefined) clear.push(key);
    else set[key] = value;
  }
  return { set, clear };
}

/**
 * Builds the store; no connection is made until the first call. Run `await store.migrate()`
 * once at start-up before using it.
 *
 * A factory closure over the pool; longer than ~60 lines only because it holds the store's
 * methods, each one or two SQL statements.
 */
export function createPostgresStore(options: PostgresStoreOptions): PostgresStore {
  const config = parsePostgresStoreOptions(options);
  const ownsPool = config.pool === undefined;
  const pool = config.pool ?? new pg.Pool({ connectionString: config.connectionString });
  const tables = tableNames(config.schema, config.tablePrefix);
  const { payments, events, unmatched } = tables;
  const outbox = postgresOutbox(tables.deliveries);
  // Named statements are parsed and planned once per connection (status reads on PostgreSQL went
  // from 0.48x to 0.59x of bare Express, bench/server, 2026-12-03); the name carries a hash of
  // the tables' names, so two stores sharing one pool never collide. Only fixed texts are named.
  const statementPrefix = `lipwa_${createHash('sha256').update(payments).digest('hex').slice(0, 12)}_`;
  let ended = false;

  async function query<Row extends object>(
    text: string,
    values: unknown[] = [],
    name?: string,
  ): Promise<Row[]> {
    try {
      const named = name && config.preparedStatements;
      const statement = named
        ? { name: `${statementPrefix}${name}`, text, values }
        : { text, values };
      return (await pool.query(statement)).rows as Row[];
    } catch (error) {
      if (pgCode(error) === UNDEFINED_TABLE) {
        throw new LipwaError(
          'config_invalid',
          `The Lipwa tables ${payments} do not exist yet: call \`await store.migrate()\` once at start-up.`,
          { cause: error },
        );
      }
      throw error;
    }
  }

  async function one(
    text: string,
    values: unknown[],
    name?: string,
  ): Promise<PaymentRecord | undefined> {
    return toRecord((await query<DataRow>(text, values, name))[0]);
  }

  /**
   * The compare-and-set, with the change's webhook deliveries and audit events, as ONE statement:
   * the inserts read the UPDATE's row, so on a conflict nothing is written, and a callback costs
   * one round trip and one commit instead of a transaction of several.
   */
  function updateStatement(
    id: string,
    expectedVersion: number,
    patch: PaymentPatch,
    deliveries: readonly WebhookDelivery[],
    changeEvents: readonly PaymentEvent[],
  ): [string, unknown[]] {
    const { set, clear } = splitPatch(patch);
    // holds_session only ever goes from true to false (see postgres-schema.ts).
    return [
      `WITH updated AS (
         UPDATE ${payments}
         SET data = ((data - $3::text[]) || $4::jsonb) || jsonb_build_object('version', version + 1),
             holds_session = holds_session AND coalesce($4::jsonb->>'status', status) IN ${OPEN_STATUSES}
         WHERE id = $1 AND version = $2
         RETURNING data),
       outbox AS (
         INSERT INTO ${tables.deliveries} (id, data)
         SELECT d.value->>'id', d.value
         FROM updated CROSS JOIN jsonb_array_elements($5::jsonb) WITH ORDINALITY AS d(value, n)
         ORDER BY d.n),
       audit AS (
         INSERT INTO ${events} (payment_id, data)
         SELECT $1, e.value
         FROM updated CROSS JOIN jsonb_array_elements($6::jsonb) WITH ORDINALITY AS e(value, n)
         ORDER BY e.n)
       SELECT data FROM updated`,
      [
        id,
        expectedVersion,
        clear,
        JSON.stringify(set),
        JSON.stringify(deliveries),
        JSON.stringify(changeEvents),
      ],
    ];
  }

  async function insertAttempt(record: PaymentRecord): Promise<PaymentRecord | undefined> {
    const holds = record.status === 'pending' || record.status === 'completed';
    try {
      // NOT EXISTS also sees attempts that became completed later without holding the session;
      // the partial unique index settles two inserts that race past it.
      return await one(
        `INSERT INTO ${payments} (id, data, holds_session)
         SELECT $1, $2::jsonb, $3
         WHERE NOT EXISTS (
           SELECT 1 FROM ${payments} WHERE reference = $4 AND status IN ${OPEN_STATUSES})
         ON CONFLICT (reference) WHERE holds_session DO NOTHING
         RETURNING data`,
        [record.id, JSON.stringify(record), holds, record.reference],
      );
    } catch (error) {
      if (pgCode(error) === UNIQUE_VIOLATION) {
        throw new LipwaError('internal_error', `A payment with id ${record.id} already exists.`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  return {
    tables,

    async migrate() {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        // Concurrent CREATE … IF NOT EXISTS can still collide; one migrator at a time.
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `lipwa-migrate:${config.schema}.${config.tablePrefix}`,
        ]);
        for (const statement of migrationStatements(tables)) await client.query(statement);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },

    async createAttempt(record): Promise<CreateAttemptResult> {
      for (let attempt = 0; attempt < CREATE_RETRIES; attempt += 1) {
        const created = await insertAttempt(record);
        if (created) return { created: true, record: created };
        const existing = await one(
          `SELECT data FROM ${payments}
           WHERE reference = $1 AND status IN ${OPEN_STATUSES} ORDER BY seq LIMIT 1`,
          [record.reference],
        );
        if (existing) return { created: false, record: existing };
      }
      throw new LipwaError(
        'internal_error',
        `Reference ${record.reference} kept changing while payment ${record.id} was being created; gave up after ${CREATE_RETRIES} tries.`,
      );
    },

    get(id) {
      return one(`SELECT data FROM ${payments} WHERE id = $1`, [id], 'get');
    },

    findByCallbackToken(tokenHash) {
      return one(
        `SELECT data FROM ${payments} WHERE callback_token_hash = $1 ORDER BY seq LIMIT 1`,
        [tokenHash],
        'by_token',
      );
    },

    findByProviderRef(provider, providerRef) {
      return one(
        `SELECT data FROM ${payments} WHERE provider = $1 AND provider_ref = $2 ORDER BY seq LIMIT 1`,
        [provider, providerRef],
        'by_provider_ref',
      );
    },

    latestForReference(reference) {
      return one(
        `SELECT data FROM ${payments} WHERE reference = $1 ORDER BY seq DESC LIMIT 1`,
        [reference],
        'latest',
      );
    },

    async attemptsForReference(reference) {
      const rows = await query<DataRow>(
        `SELECT data FROM ${payments} WHERE reference = $1 ORDER BY seq`,
        [reference],
        'attempts',
      );
      return rows.flatMap((row) => toRecord(row) ?? []);
    },

    update(id, expectedVersion, patch, deliveries = [], changeEvents = []) {
      const [text, values] = updateStatement(id, expectedVersion, patch, deliveries, changeEvents);
      return one(text, values, 'update');
    },

    leaseDeliveries: (leaseQuery) => outbox.lease(pool, leaseQuery),
    updateDelivery: (id, patch, owner) => outbox.update(pool, id, patch, owner),
    getDelivery: (id) => outbox.get(pool, id),
    listDeliveries: (listQuery) => outbox.list(pool, listQuery),

    async listPending(limit) {
      const count = Math.max(0, Math.floor(limit));
      if (config.pendingLeaseMs === undefined) {
        const rows = await query<DataRow>(
          `SELECT data FROM ${payments} WHERE status = 'pending' ORDER BY created_at, seq LIMIT $1`,
          [count],
        );
        return rows.map((row) => Object.freeze(row.data as PaymentRecord));
      }
      // SKIP LOCKED: instances claiming at the same moment take different rows instead of waiting.
      const rows = await query<DataRow & { created_at: number; seq: string }>(
        `WITH due AS (
           SELECT id FROM ${payments}
           WHERE status = 'pending' AND (leased_until IS NULL OR leased_until <= now())
           ORDER BY created_at, seq LIMIT $1
           FOR UPDATE SKIP LOCKED)
         UPDATE ${payments} AS p SET leased_until = now() + $2 * interval '1 millisecond'
         FROM due WHERE p.id = due.id
         RETURNING p.data, p.created_at, p.seq`,
        [count, config.pendingLeaseMs],
      );
      return rows
        .sort((a, b) => a.created_at - b.created_at || Number(BigInt(a.seq) - BigInt(b.seq)))
        .map((row) => Object.freeze(row.data as PaymentRecord));
    },

    async list(listQuery) {
      // Newest first by insertion order (seq); an unknown cursor matches no row, so the page is empty.
      const rows = await query<DataRow>(
        `SELECT data FROM ${payments}
         WHERE ($1::text IS NULL OR reference = $1)
           AND ($2::text IS NULL OR status = $2)
           AND ($3::text IS NULL OR seq < (SELECT seq FROM ${payments} WHERE id = $3))
           AND ($5::text IS NULL OR data->'providerData'->>'refund' = $5)
         ORDER BY seq DESC LIMIT $4`,
        [
          listQuery.reference ?? null,
          listQuery.status ?? null,
          listQuery.startingAfter ?? null,
          Math.max(0, Math.floor(listQuery.limit)),
          listQuery.refund ?? null,
        ],
      );
      return rows.map((row) => Object.freeze(row.data as PaymentRecord));
    },

    async appendEvent(paymentId, event) {
      await query(`INSERT INTO ${events} (payment_id, data) VALUES ($1, $2::jsonb)`, [
        paymentId,
        JSON.stringify(event),
      ]);
    },

    async events(paymentId) {
      const rows = await query<DataRow>(
        `SELECT data FROM ${events} WHERE payment_id = $1 ORDER BY seq`,
        [paymentId],
      );
      return rows.map((row) => Object.freeze(row.data as PaymentEvent));
    },

    async recordUnmatched(entry) {
      await query(`INSERT INTO ${unmatched} (data) VALUES ($1::jsonb)`, [JSON.stringify(entry)]);
    },

    async unmatched() {
      const rows = await query<DataRow>(`SELECT data FROM ${unmatched} ORDER BY seq`);
      return rows.map((row) => Object.freeze(row.data as UnmatchedCallback));
    },

    async unmatchedFor(provider, providerRef) {
      const rows = await query<DataRow>(
        `SELECT data FROM ${unmatched}
         WHERE data->>'provider' = $1 AND data->>'providerRef' = $2 ORDER BY seq`,
        [provider, providerRef],
      );
      return rows.map((row) => row.data as UnmatchedCallback);
    },

    async close() {
      if (!ownsPool || ended) return;
      ended = true;
      await pool.end();
    },
  };
}
export {
  createPostgresLimitStore,
  type PostgresLimitStoreOptions,
} from '../limits/postgres-limit-store.js';
